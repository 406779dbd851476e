#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        removeStaleTemporaries(of: name, in: folder)
        // Created with mode 0666, which the kernel masks with the umask like any new file; the
        // process's umask is never changed (another thread could be creating files meanwhile).
        var descriptor: Int32 = -1
        var temporary = ""
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<16 where descriptor < 0 {
            temporary = "\(folder)/\(temporaryPrefix(of: name))\(getpid()).\(String(generator.next() as UInt32, radix: 16))"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor < 0 && errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: lastError()) }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }

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
        try ModelFile.decode(readBytes(from: path), path: path)
    }

    /// The bytes of the file at `path`, not yet checked.
    public static func readBytes(from path: String) throws(ModelFileError) -> [UInt8] {
        do {
            return try FileBytes.read(path)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
    }

    /// A writer's temporary file is `.NAME.PID.RANDOM` beside the model.
    static func temporaryPrefix(of name: String) -> String { ".\(name)." }

    /// Removes the temporary files that writers of `name` left when they were killed mid-save:
    /// those whose process no longer exists. A live writer's file (its process answers) is kept.
    static func removeStaleTemporaries(of name: String, in folder: String) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        let prefix = temporaryPrefix(of: name)
        while let entry = readdir(directory) {
            let file = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            guard file.hasPrefix(prefix) else { continue }
            let parts = file.dropFirst(prefix.count).split(separator: ".")
            guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, UInt32(parts[1], radix: 16) != nil,
                  pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            unlink(folder + "/" + file)
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
