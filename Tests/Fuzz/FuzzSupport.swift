// Shared by the libFuzzer targets, which are compiled into the DigitsKit module by Scripts/fuzz.sh.
import CZlib

enum FuzzSupport {
    /// `bytes` as a one-member gzip file.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        precondition(cz_deflate_init_gzip(&stream, 6) == Z_OK)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        let produced = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return out.count - Int(stream.avail_out)
            }
        }
        deflateEnd(&stream)
        return Array(output.prefix(produced))
    }

    /// The input with its last four bytes replaced by the CRC-32 of the rest, so that a model
    /// file's checks behind the checksum are reached.
    static func sealed(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 4 else { return bytes }
        let body = Array(bytes.dropLast(4))
        return body + withUnsafeBytes(of: ModelFile.crc32(body).littleEndian, Array.init)
    }

    /// The input read as a PNG signature and chunks, each chunk's CRC recomputed over its type
    /// and data where its declared length fits; the rest of the bytes are kept as they are.
    static func resealedPNG(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= bytes.count - offset - 12 else { break }
            let crc = ModelFile.crc32(Array(bytes[offset + 4..<offset + 8 + length]))
            for index in 0..<4 { bytes[offset + 8 + length + index] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * index)) }
            offset += 12 + length
        }
        return bytes
    }

    /// Runs a decoded model once, as the commands do: build it, predict, check the output.
    static func exercise(_ model: Model) {
        guard let network = try? Network(model.state, batchCapacity: 1, threads: 1) else { return }
        let pixels = (0..<network.inputCount).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let probabilities = network.probabilities(pixels: pixels)
        precondition(probabilities.count == network.classes && probabilities.allSatisfy { !$0.isNaN }, "NaN from a valid model")
    }
}
