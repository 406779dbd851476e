/// Why a model file could not be read or written. Every case names the file.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case truncated(path: String, field: String, neededBytes: Int, availableBytes: Int)
    case badMagic(path: String, found: [UInt8])
    case newerVersion(path: String, fileVersion: Int, supportedVersion: Int)
    case unsupportedVersion(path: String, version: Int)
    case checksumMismatch(path: String, stored: UInt32, computed: UInt32)
    case badArchitecture(path: String, reason: String)
    /// A field out of its range: a count, a date, a code, an optimizer's running average.
    case badField(path: String, reason: String)
    /// Readable for prediction, but its training settings cannot continue training.
    case notResumable(path: String, setting: String)
    case tensorMismatch(path: String, index: Int, expectedCount: Int, foundCount: Int)
    case nonFiniteWeight(path: String, tensor: Int, index: Int)
    case trailingBytes(path: String, count: Int)
    case writeFailed(path: String, reason: String)
    /// The output path is a device, a FIFO, a socket or a folder, which a save would replace.
    case notAFile(path: String, kind: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "\(path): cannot read the model file: \(reason)"
        case let .truncated(path, field, needed, available):
            "\(path): truncated model file: the \(field) needs \(needed) bytes, \(available) remain"
        case let .badMagic(path, found):
            "\(path): not a digits model file (starts with \(found.map { String($0, radix: 16) }.joined(separator: " ")), expected \"DGTS\")"
        case let .newerVersion(path, fileVersion, supportedVersion):
            "\(path): model format version \(fileVersion) is newer than this digits reads (up to version \(supportedVersion)); update digits"
        case let .unsupportedVersion(path, version):
            "\(path): model format version \(version) does not exist"
        case let .checksumMismatch(path, stored, computed):
            "\(path): the model file is corrupt: CRC-32 is \(hex(computed)), the file says \(hex(stored))"
        case let .badArchitecture(path, reason):
            "\(path): the model's architecture is not valid: \(reason)"
        case let .badField(path, reason):
            "\(path): the model file is not valid: \(reason)"
        case let .notResumable(path, setting):
            "\(path): cannot resume training: the model's \(setting); it still classifies, but train a new model to go on"
        case let .tensorMismatch(path, index, expected, found):
            "\(path): tensor \(index + 1) has \(found) values, but the architecture needs \(expected)"
        case let .nonFiniteWeight(path, tensor, index):
            "\(path): tensor \(tensor + 1) holds a NaN or infinite value at \(index); the model is unusable"
        case let .trailingBytes(path, count):
            "\(path): \(count) unexpected bytes after the checksum"
        case let .notAFile(path, kind):
            "\(path): cannot save the model there: it is \(kind), not a regular file; name a file (or /dev/null to keep nothing)"
        case let .writeFailed(path, reason):
            "\(path): cannot save the model: \(reason); the previous file, if any, is unchanged"
        }
    }

    private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
}
