/// Reads little-endian fields, turning a short read into an error that names the field.
struct FieldReader {
    var reader: ByteReader
    let path: String

    mutating func bytes(_ count: Int, _ field: String) throws(ModelFileError) -> [UInt8] {
        try named(field) { (reader: inout ByteReader) throws(ByteReader.OutOfBytes) in Array(try reader.readBytes(count)) }
    }

    /// A short name: a u8 length (1–255), then that many bytes of UTF-8.
    mutating func name(_ field: String) throws(ModelFileError) -> String {
        let length = Int(try bytes(1, field)[0])
        guard length > 0, let name = String(validating: try bytes(length, field), as: UTF8.self) else {
            throw .badField(path: path, reason: "the \(field) is not a name in UTF-8")
        }
        return name
    }

    mutating func uint16(_ field: String) throws(ModelFileError) -> UInt16 {
        let raw = try bytes(2, field)
        return UInt16(raw[0]) | UInt16(raw[1]) << 8
    }

    /// An accuracy in 0…1 stored as f64, NaN for none.
    /// A u32 count that must equal `expectedCount`, then that many finite floats.
    mutating func tensor(index: Int, expectedCount: Int) throws(ModelFileError) -> [Float] {
        let count = Int(try uint32("tensor \(index + 1) size"))
        guard count == expectedCount else {
            throw .tensorMismatch(path: path, index: index, expectedCount: expectedCount, foundCount: count)
        }
        let values = try floats(count, "tensor \(index + 1)")
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteWeight(path: path, tensor: index, index: bad)
        }
        return values
    }

    /// `value` as an Int when it lies in `range`; a counter out of range is refused, never clamped.
    func counter(_ field: String, _ value: some BinaryInteger, _ range: ClosedRange<Int64>) throws(ModelFileError) -> Int {
        guard let exact = Int64(exactly: value), range.contains(exact) else {
            throw .badField(path: path, reason: "the \(field) is \(value), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return Int(exact)
    }

    mutating func uint32(_ field: String) throws(ModelFileError) -> UInt32 {
        try named(field) { (reader: inout ByteReader) throws(ByteReader.OutOfBytes) in try reader.readUInt32(bigEndian: false) }
    }

    mutating func uint64(_ field: String) throws(ModelFileError) -> UInt64 {
        try named(field) { (reader: inout ByteReader) throws(ByteReader.OutOfBytes) in try reader.readUInt64LittleEndian() }
    }

    mutating func float(_ field: String) throws(ModelFileError) -> Float {
        try named(field) { (reader: inout ByteReader) throws(ByteReader.OutOfBytes) in try reader.readFloat32LittleEndian() }
    }

    mutating func floats(_ count: Int, _ field: String) throws(ModelFileError) -> [Float] {
        try named(field) { (reader: inout ByteReader) throws(ByteReader.OutOfBytes) in try reader.readFloat32Array(count: count) }
    }

    private mutating func named<T>(
        _ field: String, _ body: (inout ByteReader) throws(ByteReader.OutOfBytes) -> T
    ) throws(ModelFileError) -> T {
        do {
            return try body(&reader)
        } catch {
            throw .truncated(path: path, field: field, neededBytes: error.needed, availableBytes: error.available)
        }
    }
}
