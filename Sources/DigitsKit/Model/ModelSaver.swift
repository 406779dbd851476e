/// Saves and loads model files so that a crash never leaves a half-written model behind.
public enum ModelSaver {
    /// Where a save to a path lands.
    public enum Destination: Equatable, Sendable {
        /// A regular file, existing or not: the path itself, or the file a symlink leads to.
        case file(String)
        /// The null device: the user's way of saying "don't keep it", so nothing is written.
        case discard
    }

    /// Where saving to `path` writes, checked before any work is done: a symlink is followed to
    /// its target, the null device means no save, and devices, FIFOs, sockets and folders are
    /// refused, since renaming a file over them would replace them.
    public static func destination(for path: String) throws(ModelFileError) -> Destination {
        var target = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(target, &info) == 0 else {
                guard errno == ENOENT else { throw .writeFailed(path: path, reason: lastError()) }
                return try writableFolder(of: target, path: path)
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                return try writableFolder(of: target, path: path)
            case S_IFLNK:
                target = try linkTarget(of: target, path: path)
            case S_IFCHR where isNullDevice(info):
                return .discard
            case let kind:
                throw .notAFile(path: path, kind: FileKind(mode: kind).name)
            }
        }
        throw .writeFailed(path: path, reason: String(cString: strerror(ELOOP)))
    }

    /// Writes `model` where `path` leads (see `destination(for:)`) atomically: to a temporary file
    /// in the same folder, flushed to disk with fsync, then renamed over the target, and the
    /// folder synced so the rename itself is durable. At any moment the target holds either the
    /// old file or the new one, and a replaced file keeps its permissions. On failure the
    /// temporary file is removed and the target is untouched.
    /// - Returns: Where the model went.
    @discardableResult
    public static func save(_ model: Model, to path: String) throws(ModelFileError) -> Destination {
        try save(bytes: ModelFile.encode(model), to: path)
    }

    /// Writes any file (an exported ONNX model) as `save(_:to:)` writes a model.
    @discardableResult
    public static func save(bytes: [UInt8], to path: String) throws(ModelFileError) -> Destination {
        let destination = try destination(for: path)
        guard case let .file(target) = destination else { return destination }
        try writeAtomically(bytes, to: target, shownAs: path)
        return destination
    }

    private static func writeAtomically(_ bytes: [UInt8], to target: String, shownAs path: String) throws(ModelFileError) {
        let folder = folder(of: target)
        let name = target.split(separator: "/").last.map(String.init) ?? target
        removeStaleTemporaries(of: name, in: folder)
        // Created with mode 0666, which the kernel masks with the umask like any new file; the
        // process's umask is never changed (another thread could be creating files meanwhile).
        // A file being replaced passes its own mode on instead.
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
        var existing = stat()
        if stat(target, &existing) == 0 {
            fchmod(descriptor, existing.st_mode & 0o7777)
            if getuid() == 0 { _ = fchown(descriptor, existing.st_uid, existing.st_gid) }
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
        guard rename(temporary, target) == 0 else { throw .writeFailed(path: path, reason: lastError()) }
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
            return try FileBytes.read(path, as: .model)
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

    /// `.file(target)` when the folder the temporary file and the rename need is there and writable.
    private static func writableFolder(of target: String, path: String) throws(ModelFileError) -> Destination {
        let folder = folder(of: target)
        var info = stat()
        guard stat(folder, &info) == 0 else { throw .writeFailed(path: path, reason: lastError()) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .writeFailed(path: path, reason: "\(folder) is not a folder") }
        guard access(folder, W_OK) == 0 else { throw .writeFailed(path: path, reason: lastError()) }
        return .file(target)
    }

    private static func folder(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
    }

    /// Where the symlink `link` points, relative targets taken from the link's folder.
    private static func linkTarget(of link: String, path: String) throws(ModelFileError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(link, &buffer, buffer.count - 1)
        guard count > 0 else { throw .writeFailed(path: path, reason: lastError()) }
        let target = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return target.hasPrefix("/") ? target : folder(of: link) + "/" + target
    }

    /// Whether `info` describes the same device as /dev/null.
    private static func isNullDevice(_ info: stat) -> Bool {
        var null = stat()
        return stat("/dev/null", &null) == 0 && null.st_mode & S_IFMT == S_IFCHR && null.st_rdev == info.st_rdev
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
