/// A metadata field's value as version 3 stores it: a u8 type (1 integer, 2 real, 3 text), then an
/// i64, an f64, or a u8 length and that many bytes of UTF-8.
enum MetadataValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)

    func write(into writer: inout ByteWriter) {
        switch self {
        case let .integer(value):
            writer.append([UInt8(1)])
            writer.append(value)
        case let .real(value):
            writer.append([UInt8(2)])
            writer.append(value.bitPattern)
        case let .text(value):
            writer.append([UInt8(3)])
            ByteWriter.appendName(value, to: &writer)
        }
    }

    static func read(from reader: inout FieldReader, field: String) throws(ModelFileError) -> MetadataValue {
        switch try reader.bytes(1, field)[0] {
        case 1: .integer(Int64(bitPattern: try reader.uint64(field)))
        case 2: .real(Double(bitPattern: try reader.uint64(field)))
        case 3: .text(try reader.name(field))
        case let type: throw .badField(path: reader.path, reason: "the \(field) has unknown type \(type)")
        }
    }

    func integer(_ field: String, path: String) throws(ModelFileError) -> Int64 {
        guard case let .integer(value) = self else { throw mistyped(field, "a whole number", path) }
        return value
    }

    /// A count within `range`: refused, never clamped, outside it.
    func counter(_ field: String, in range: ClosedRange<Int64>, path: String) throws(ModelFileError) -> Int {
        let value = try integer(field, path: path)
        guard range.contains(value) else {
            throw .badField(path: path, reason: "the \(field) is \(value), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return Int(value)
    }

    func real(_ field: String, path: String) throws(ModelFileError) -> Double {
        guard case let .real(value) = self else { throw mistyped(field, "a number", path) }
        return value
    }

    /// A real that an f32 holds: the training settings, stored as f32 before version 3.
    func float(_ field: String, path: String) throws(ModelFileError) -> Float {
        Float(try real(field, path: path))
    }

    func text(_ field: String, path: String) throws(ModelFileError) -> String {
        guard case let .text(value) = self else { throw mistyped(field, "a name", path) }
        return value
    }

    private func mistyped(_ field: String, _ expected: String, _ path: String) -> ModelFileError {
        .badField(path: path, reason: "the \(field) should be \(expected)")
    }
}
