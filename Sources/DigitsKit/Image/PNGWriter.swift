import CPNG

/// Writes 8-bit gray or RGB PNG pictures through libpng's simplified API.
public enum PNGWriter {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The PNG file of `gray` (0 black … 255 white), row-major.
    public static func png(_ gray: [UInt8], width: Int, height: Int) throws(Failure) -> [UInt8] {
        try png(gray, width: width, height: height, channels: 1, format: UInt32(PNG_FORMAT_GRAY))
    }

    /// The PNG file of `rgb`, three bytes per pixel, row-major.
    public static func png(rgb: [UInt8], width: Int, height: Int) throws(Failure) -> [UInt8] {
        try png(rgb, width: width, height: height, channels: 3, format: UInt32(PNG_FORMAT_RGB))
    }

    private static func png(_ gray: [UInt8], width: Int, height: Int, channels: Int, format: UInt32) throws(Failure) -> [UInt8] {
        precondition(gray.count == width * height * channels, "the pixels do not match the size")
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = format
        defer { png_image_free(&image) }
        // The first call measures, the second writes.
        var size = 0
        _ = gray.withUnsafeBytes { png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, 0, nil) }
        guard size > 0 else { throw Failure(description: "libpng could not encode the picture") }
        var bytes = [UInt8](repeating: 0, count: size)
        let written = bytes.withUnsafeMutableBytes { output in
            gray.withUnsafeBytes { png_image_write_to_memory(&image, output.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
        guard written != 0 else { throw Failure(description: "libpng could not encode the picture") }
        return Array(bytes.prefix(size))
    }
}
