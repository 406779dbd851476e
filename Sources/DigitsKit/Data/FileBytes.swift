#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with POSIX calls, so that a failure reads as the system's own words
/// ("No such file or directory", "Is a directory") rather than a Foundation error code.
public enum FileBytes {
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// No file this program reads is larger; a bound keeps `/dev/zero` or a runaway pipe from
    /// filling memory.
    public static let limit = 1 << 30

    /// The bytes of the file at `path`; `-` is standard input.
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(path: path, reason: lastError()) }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }

        var bytes: [UInt8] = []
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            bytes.reserveCapacity(Int(info.st_size))
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: lastError())
            }
            guard bytes.count + count <= limit else {
                throw Failure(path: path, reason: "larger than \(limit >> 20) MiB, more than any file digits reads")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
