import DigitsKit
/// Bytes written whole to standard output, for a model sent down a pipe.
enum StandardOutput {
    struct Failure: Error, CustomStringConvertible {
        let reason: String
        var description: String { "cannot write to standard output: \(reason)" }
    }

    static func write(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Failure(reason: String(cString: strerror(errno))) }
            offset += count
        }
    }
}
