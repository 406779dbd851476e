import CPNG

/// Reads PNG pictures through libpng's simplified API, which handles every color type, bit depth
/// and interlacing. Transparent pixels are composited over white paper, so a digit drawn on a
/// transparent layer reads as ink on paper.
public enum PNGReader {
    /// The eight bytes every PNG file starts with.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    public static func hasSignature(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

    /// Reads the picture in `bytes`; `path` names the source in errors. Chunks that do not shape
    /// the pixels are dropped first (see `PNGChunks`).
    public static func read(bytes: [UInt8], path: String) throws(PNGError) -> GrayImage {
        let pruned = try PNGChunks.pruned(bytes, path: path)
        // libpng reads from the memory until the image is finished, so all of it happens while
        // the bytes are pinned.
        let (width, height, pixels) = try pruned.withUnsafeBytes { decode($0, path: path) }.get()
        var brightness = [Float](repeating: 1, count: width * height)
        for index in brightness.indices {
            let gray = Float(pixels[2 * index]) / 255, alpha = Float(pixels[2 * index + 1]) / 255
            brightness[index] = gray * alpha + (1 - alpha)
        }
        return GrayImage(width: width, height: height, brightness: brightness)
    }

    /// The picture's size and its pixels as gray and alpha, 8 bits each.
    private static func decode(_ file: UnsafeRawBufferPointer, path: String) -> Result<(Int, Int, [UInt8]), PNGError> {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        guard png_image_begin_read_from_memory(&image, file.baseAddress, file.count) != 0 else {
            return .failure(.damaged(path: path, reason: message(of: image)))
        }
        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0, width <= NetpbmReader.maximumSide, height <= NetpbmReader.maximumSide,
              width * height <= NetpbmReader.maximumPixels
        else {
            return .failure(.tooLarge(path: path, width: width, height: height))
        }
        // Gray and alpha in sRGB: libpng converts color to gray and 16 bits to 8.
        image.format = UInt32(PNG_FORMAT_GA)
        var pixels = [UInt8](repeating: 0, count: width * height * 2)
        let finished = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard finished != 0 else { return .failure(.damaged(path: path, reason: message(of: image))) }
        return .success((width, height, pixels))
    }

    private static func message(of image: png_image) -> String {
        var message = image.message
        return withUnsafeBytes(of: &message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}

/// Why a PNG file could not be read. Every case names the file.
public enum PNGError: Error, Equatable, CustomStringConvertible {
    case damaged(path: String, reason: String)
    case tooLarge(path: String, width: Int, height: Int)

    public var description: String {
        switch self {
        case let .damaged(path, reason):
            "\(path): not a readable PNG image: \(reason.isEmpty ? "libpng gave no reason" : reason)"
        case let .tooLarge(path, width, height):
            "\(path): the PNG is \(width)×\(height); digits reads pictures up to \(NetpbmReader.maximumSide) on a side and \(NetpbmReader.maximumPixels) pixels"
        }
    }
}
