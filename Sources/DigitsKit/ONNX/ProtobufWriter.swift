/// Protocol Buffers' wire format, written field by field: what an ONNX file is made of. A nested
/// message is built in a writer of its own and appended with its length.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func integer(_ field: Int, _ value: Int64) {
        tag(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    mutating func float(_ field: Int, _ value: Float) {
        tag(field, .fixed32)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A repeated integer field, packed into one length-delimited field.
    mutating func integers(_ field: Int, _ values: [Int64]) {
        var packed = ProtobufWriter()
        for value in values { packed.varint(UInt64(bitPattern: value)) }
        bytes(field, packed.bytes)
    }

    mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        build(&nested)
        bytes(field, nested.bytes)
    }

    private mutating func tag(_ field: Int, _ type: WireType) { varint(UInt64(field) << 3 | UInt64(type.rawValue)) }

    private mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}

/// How a field's value is laid out on the wire (the deprecated groups, 3 and 4, are not read).
enum WireType: UInt8 {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
}
