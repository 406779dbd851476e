import Glibc

/// Saves and loads model files so that a crash never leaves a half-written model behind.
public enum ModelSaver {
    /// Writes `model` to `path` atomically: to a temporary file in the same folder, flushed to disk
    /// with fsync, then renamed over `path`, and the folder synced so the rename itself is durable.
    /// At any moment `path` holds either the old file or the new one. On failure the temporary file
    /// is removed and `path` is untouched.
    public static func save(_ model: Model, to path: String) throws(ModelFileError) {
        let bytes = ModelFile.encode(model)
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array("\(folder)/.\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: lastError()) }
        let temporary = String(cString: template.map { UInt8(bitPattern: $0) })
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }

        // mkstemp creates the file 0600; a model is as readable as any file the user makes.
        let mask = umask(0)
        umask(mask)
        fchmod(descriptor, 0o666 & ~mask)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let reason = lastError()
                close(descriptor)
                throw .writeFailed(path: path, reason: reason)
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let reason = lastError()
            close(descriptor)
            throw .writeFailed(path: path, reason: reason)
        }
        guard close(descriptor) == 0 else { throw .writeFailed(path: path, reason: lastError()) }
        guard rename(temporary, path) == 0 else { throw .writeFailed(path: path, reason: lastError()) }
        succeeded = true
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Reads and fully validates the model at `path`.
    public static func load(from path: String) throws(ModelFileError) -> Model {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        return try ModelFile.decode(bytes, path: path)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
