/// Appends little-endian fields.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ raw: [UInt8]) { bytes += raw }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// A tensor: its u32 count, then its values as f32.
    mutating func append(_ tensor: [Float]) {
        append(UInt32(tensor.count))
        bytes.reserveCapacity(bytes.count + tensor.count * 4)
        for value in tensor { append(value.bitPattern) }
    }
}

extension ByteWriter {
    /// A short name: a u8 length, then that many bytes of UTF-8.
    static func appendName(_ name: String, to writer: inout ByteWriter) {
        let bytes = Array(name.utf8.prefix(255))
        writer.append([UInt8(bytes.count)])
        writer.append(bytes)
    }
}
