/// Why an IDX file could not be read. Every case names the file and carries the evidence.
public enum IDXError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case empty(path: String)
    case corruptGzip(path: String, reason: String)
    case truncatedHeader(path: String, expectedBytes: Int, actualBytes: Int)
    case badMagic(path: String, found: [UInt8])
    case unknownType(path: String, code: UInt8)
    case noDimensions(path: String)
    case zeroDimension(path: String, index: Int)
    case payloadSizeOverflow(path: String, dimensions: [Int])
    case payloadTooLarge(path: String, dimensions: [Int], bytes: Int, limit: Int)
    case truncatedPayload(path: String, dimensions: [Int], expectedBytes: Int, actualBytes: Int)
    case trailingBytes(path: String, expectedBytes: Int, actualBytes: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "\(path): cannot read the file: \(reason)"
        case let .empty(path):
            "\(path): the file is empty; expected an IDX file"
        case let .corruptGzip(path, reason):
            "\(path): corrupt gzip data (\(reason)); fetch the file again"
        case let .truncatedHeader(path, expected, actual):
            "\(path): truncated IDX header: expected \(expected) bytes, found \(actual)"
        case let .badMagic(path, found):
            "\(path): not an IDX file: the magic number should be 00 00 TT DD, found \(hex(found))"
        case let .unknownType(path, code):
            "\(path): unknown IDX element type 0x\(hex([code])); expected 08, 09, 0B, 0C, 0D or 0E"
        case let .noDimensions(path):
            "\(path): the IDX header declares 0 dimensions; expected at least 1"
        case let .zeroDimension(path, index):
            "\(path): IDX dimension \(index) has size 0"
        case let .payloadSizeOverflow(path, dimensions):
            "\(path): IDX dimensions \(shape(dimensions)) describe more data than can exist"
        case let .payloadTooLarge(path, dimensions, bytes, limit):
            "\(path): IDX dimensions \(shape(dimensions)) declare \(bytes) bytes, more than the \(limit >> 20) MiB any data set here needs"
        case let .truncatedPayload(path, dimensions, expected, actual):
            "\(path): truncated IDX payload: \(shape(dimensions)) needs \(expected) bytes, found \(actual)"
        case let .trailingBytes(path, expected, actual):
            "\(path): IDX payload should be \(expected) bytes, found \(actual) (extra data after the end)"
        }
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + digits : digits
        }.joined(separator: " ")
    }

    private func shape(_ dimensions: [Int]) -> String {
        dimensions.map(String.init).joined(separator: "×")
    }
}
