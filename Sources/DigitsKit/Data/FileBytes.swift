/// Reads whole files with POSIX calls, so that a failure reads as the system's own words
/// ("No such file or directory", "Is a directory") rather than a Foundation error code.
public enum FileBytes {
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// What a file holds, which bounds its size: none this program reads is near its limit, so
    /// `-` fed from `/dev/zero` or a runaway pipe stops early instead of filling memory.
    public enum Kind: Sendable {
        case picture, model, data

        public var limit: Int {
            switch self {
            case .picture: 256 << 20
            case .model: ModelFile.maximumBytes
            case .data: IDXFile.maximumPayloadBytes + 4096
            }
        }

        var name: String {
            switch self {
            case .picture: "picture"
            case .model: "model file"
            case .data: "data file"
            }
        }
    }

    /// The bytes of the regular file at `path`; `-` is standard input, which may be a pipe.
    ///
    /// Any other path that is not a regular file (a FIFO, a device, a socket) is refused before a
    /// byte is read: opening is non-blocking, so a FIFO without a writer cannot hang the program.
    public static func read(_ path: String, as kind: Kind) throws(Failure) -> [UInt8] {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw Failure(path: path, reason: lastError()) }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }

        var bytes: [UInt8] = []
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(path: path, reason: lastError()) }
        let fileKind = FileKind(mode: info.st_mode)
        if descriptor != STDIN_FILENO {
            guard fileKind == .regular else {
                throw Failure(path: path, reason: "\(fileKind.name), not a regular file; to read a stream, give - and redirect it to standard input")
            }
            // Regular files never block; reads are plain from here on.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        }
        if fileKind == .regular {
            guard Int(info.st_size) <= kind.limit else { throw tooLarge(path, kind) }
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
            guard bytes.count + count <= kind.limit else { throw tooLarge(path, kind) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    private static func tooLarge(_ path: String, _ kind: Kind) -> Failure {
        Failure(path: path, reason: "larger than \(Quantity.bytes(kind.limit)), more than any \(kind.name) digits reads")
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
