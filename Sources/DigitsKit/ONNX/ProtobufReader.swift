/// Protocol Buffers' wire format, read one field at a time from bytes that may be hostile: every
/// length is checked against the bytes that remain, and nothing is allocated from a length. A nested
/// message is a slice of the same bytes, read by a reader of its own only when its field is known,
/// so nesting is as deep as the schema read, never deeper.
struct ProtobufReader {
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(ArraySlice<UInt8>)
    }

    enum Failure: Error, Equatable {
        case truncated
        case badVarint
        case badWireType(Int)
        case badField
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// The next field's number and value, or nil at the end.
    mutating func next() throws(Failure) -> (field: Int, value: Value)? {
        guard position < bytes.endIndex else { return nil }
        let key = try varint()
        let field = key >> 3
        guard field >= 1, field < 1 << 29 else { throw .badField }
        switch key & 7 {
        case UInt64(WireType.varint.rawValue): return (Int(field), .varint(try varint()))
        case UInt64(WireType.fixed64.rawValue): return (Int(field), .fixed64(try fixed(8)))
        case UInt64(WireType.fixed32.rawValue): return (Int(field), .fixed32(UInt32(try fixed(4))))
        case UInt64(WireType.lengthDelimited.rawValue):
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - position) else { throw .truncated }
            let start = position
            position += Int(length)
            return (Int(field), .bytes(bytes[start..<position]))
        case let type: throw .badWireType(Int(type))
        }
    }

    /// The next varint of a packed run (varints with no keys between them), or nil at its end.
    mutating func nextPackedVarint() throws(Failure) -> UInt64? {
        position < bytes.endIndex ? try varint() : nil
    }

    private mutating func varint() throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard position < bytes.endIndex else { throw .truncated }
            let byte = bytes[position]
            position += 1
            guard shift < 63 || byte <= 1 else { throw .badVarint }
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte < 0x80 { return value }
        }
        throw .badVarint
    }

    private mutating func fixed(_ count: Int) throws(Failure) -> UInt64 {
        guard bytes.endIndex - position >= count else { throw .truncated }
        var value: UInt64 = 0
        for index in 0..<count { value |= UInt64(bytes[position + index]) << UInt64(8 * index) }
        position += count
        return value
    }
}

extension ProtobufReader.Value {
    /// The value of an integer field (int32, int64 and enums alike).
    var integer: Int64? {
        if case let .varint(raw) = self { Int64(bitPattern: raw) } else { nil }
    }

    var string: String? {
        if case let .bytes(raw) = self { String(decoding: raw, as: UTF8.self) } else { nil }
    }

    var message: ArraySlice<UInt8>? {
        if case let .bytes(raw) = self { raw } else { nil }
    }

    /// The values of a repeated integer field, packed or one per field.
    func integers() throws(ProtobufReader.Failure) -> [Int64] {
        switch self {
        case let .varint(raw): return [Int64(bitPattern: raw)]
        case let .bytes(packed):
            var reader = ProtobufReader(packed)
            var values: [Int64] = []
            while let value = try reader.nextPackedVarint() { values.append(Int64(bitPattern: value)) }
            return values
        default: throw .badWireType(0)
        }
    }

    /// The values of a repeated float field, packed or one per field.
    func floats() throws(ProtobufReader.Failure) -> [Float] {
        switch self {
        case let .fixed32(raw): return [Float(bitPattern: raw)]
        case let .bytes(packed):
            guard packed.count % 4 == 0 else { throw .truncated }
            return littleEndianFloats(packed)
        default: throw .badWireType(5)
        }
    }
}

/// Floats stored as little-endian f32, four bytes each.
func littleEndianFloats(_ bytes: ArraySlice<UInt8>) -> [Float] {
    var values = [Float](repeating: 0, count: bytes.count / 4)
    values.withUnsafeMutableBytes { out in bytes.withUnsafeBytes { out.copyBytes(from: $0.prefix(out.count)) } }
    return values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
}
