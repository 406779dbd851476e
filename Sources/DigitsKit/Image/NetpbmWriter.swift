/// Writes 8-bit PGM images: raw (`P5`) by default, plain (`P2`) on request.
public enum NetpbmWriter {
    /// - Parameters:
    ///   - gray: `width × height` samples, row-major, 0 black … 255 white.
    public static func pgm(_ gray: [UInt8], width: Int, height: Int, plain: Bool = false, comment: String? = nil) -> [UInt8] {
        precondition(gray.count == width * height, "sample count does not match the size")
        var header = plain ? "P2\n" : "P5\n"
        if let comment {
            for line in comment.split(separator: "\n", omittingEmptySubsequences: false) { header += "# \(line)\n" }
        }
        header += "\(width) \(height)\n255\n"
        guard plain else { return Array(header.utf8) + gray }
        var text = header
        for row in 0..<height {
            text += gray[row * width..<(row + 1) * width].map(String.init).joined(separator: " ") + "\n"
        }
        return Array(text.utf8)
    }
}
