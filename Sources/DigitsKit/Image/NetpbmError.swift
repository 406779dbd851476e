/// Why a Netpbm file (PBM, PGM, PPM) could not be read. Every case names the file.
public enum NetpbmError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case empty(path: String)
    case notNetpbm(path: String)
    case badHeader(path: String, field: String, found: String)
    case badSize(path: String, width: Int, height: Int)
    case badMaxval(path: String, maxval: Int)
    case truncatedRaster(path: String, expectedBytes: Int, actualBytes: Int)
    case truncatedPlainRaster(path: String, expectedSamples: Int, actualSamples: Int)
    case badSample(path: String, index: Int, found: String)
    case sampleAboveMaxval(path: String, index: Int, sample: Int, maxval: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "\(path): cannot read the image: \(reason)"
        case let .empty(path):
            "\(path): the file is empty; expected a PGM, PBM or PPM image"
        case let .notNetpbm(path):
            "\(path): not a Netpbm image (PGM, PBM or PPM start with P1 to P6)"
        case let .badHeader(path, field, found):
            "\(path): bad header: expected the \(field), found \(found.isEmpty ? "the end of the file" : "\"\(found)\"")"
        case let .badSize(path, width, height):
            "\(path): the image size \(width)×\(height) is not usable (each side 1 to \(NetpbmReader.maximumSide), at most \(NetpbmReader.maximumPixels) pixels)"
        case let .badMaxval(path, maxval):
            "\(path): maxval \(maxval) is out of range: it must be 1 to 65535"
        case let .truncatedRaster(path, expected, actual):
            "\(path): truncated image data: expected \(expected) bytes, found \(actual)"
        case let .truncatedPlainRaster(path, expected, actual):
            "\(path): truncated image data: expected \(expected) samples, found \(actual)"
        case let .badSample(path, index, found):
            "\(path): sample \(index) is \"\(found)\", not a number"
        case let .sampleAboveMaxval(path, index, sample, maxval):
            "\(path): sample \(index) is \(sample), above the maxval \(maxval)"
        }
    }
}
