/// Reads a picture from a file or standard input, PNG or Netpbm, told apart by their first bytes
/// rather than by the file name.
public enum ImageReader {
    public struct Result: Sendable {
        public let image: GrayImage
        /// More images follow the first in the same file (a Netpbm stream); only the first is read.
        public let hasMoreImages: Bool
    }

    /// Reads the file at `path` (`-` for standard input).
    public static func read(path: String) throws -> Result {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, as: .picture)
        } catch {
            throw NetpbmError.unreadable(path: path, reason: error.reason)
        }
        if PNGReader.hasSignature(bytes) {
            return Result(image: try PNGReader.read(bytes: bytes, path: path), hasMoreImages: false)
        }
        let read = try NetpbmReader.read(bytes: bytes, path: path)
        return Result(image: read.image, hasMoreImages: read.hasMoreImages)
    }
}
