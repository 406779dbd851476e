/// What sort of entry a path names, for refusing the ones that are not files in plain words.
public enum FileKind: Sendable, Equatable {
    case regular, directory, fifo, socket, characterDevice, blockDevice, symbolicLink, unknown

    /// - Parameter mode: `st_mode` of a `stat`, of whatever width the platform gives it.
    public init(mode: some BinaryInteger) {
        self = switch mode_t(truncatingIfNeeded: mode) & S_IFMT {
        case S_IFREG: .regular
        case S_IFDIR: .directory
        case S_IFIFO: .fifo
        case S_IFSOCK: .socket
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        case S_IFLNK: .symbolicLink
        default: .unknown
        }
    }

    /// "a folder", "a FIFO", …: what the path is, for a message that says it is not a file.
    public var name: String {
        switch self {
        case .regular: "a regular file"
        case .directory: "a folder"
        case .fifo: "a FIFO (named pipe)"
        case .socket: "a socket"
        case .characterDevice: "a character device"
        case .blockDevice: "a block device"
        case .symbolicLink: "a symbolic link"
        case .unknown: "not a regular file"
        }
    }
}
