/// A cursor over bytes that checks the remaining length before every read.
///
/// Formats read through it (IDX, the model file) map `OutOfBytes` to their own error, which names
/// the file and the field that was cut short.
public struct ByteReader {
    public struct OutOfBytes: Error {
        public let needed: Int
        public let available: Int
    }

    public let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var remaining: Int { bytes.count - offset }

    public mutating func readBytes(_ count: Int) throws(OutOfBytes) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw OutOfBytes(needed: count, available: remaining) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    public mutating func readUInt32(bigEndian: Bool) throws(OutOfBytes) -> UInt32 {
        let raw: UInt32 = try load()
        return bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
    }

    public mutating func readUInt64LittleEndian() throws(OutOfBytes) -> UInt64 {
        UInt64(littleEndian: try load())
    }

    public mutating func readFloat32LittleEndian() throws(OutOfBytes) -> Float {
        Float(bitPattern: UInt32(littleEndian: try load()))
    }

    /// Reads `count` little-endian Float32 values in one copy.
    public mutating func readFloat32Array(count: Int) throws(OutOfBytes) -> [Float] {
        guard count >= 0, count <= remaining / 4 else {
            throw OutOfBytes(needed: count &* 4, available: remaining)
        }
        let start = offset
        offset += count * 4
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { index in
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + index * 4, as: UInt32.self)))
            }
        }
    }

    private mutating func load<T: FixedWidthInteger>() throws(OutOfBytes) -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw OutOfBytes(needed: size, available: remaining) }
        defer { offset += size }
        return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }
}
