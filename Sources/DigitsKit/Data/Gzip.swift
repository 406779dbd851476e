import CZlib

/// Inflates gzip (or zlib) data with zlib, as much as the caller asks for at a time.
///
/// The `z_stream` lives in memory this object owns for its whole life: zlib keeps a pointer back
/// to it between calls, which an `inout` argument does not guarantee. The output grows only with
/// what the stream actually yields, never from a size the input claims.
final class Gzip {
    enum Failure: Error {
        case corrupt(String)
    }

    /// The two bytes every gzip stream starts with (RFC 1952).
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    private let input: [UInt8]
    private let stream: UnsafeMutablePointer<z_stream>
    /// Input bytes handed to zlib so far.
    private var consumed = 0
    /// Whether the last member has ended and only zero padding, if anything, follows.
    private(set) var isFinished = false

    init(_ input: [UInt8]) throws(Failure) {
        self.input = input
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard cz_inflate_init_auto(stream) == Z_OK else {
            stream.deallocate()
            throw .corrupt("zlib could not start")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Appends up to `count` more bytes of output to `output`; fewer only when the data ends.
    func read(_ count: Int, into output: inout [UInt8]) throws(Failure) {
        let target = output.count + count
        while output.count < target && !isFinished {
            // Room grows geometrically with what has been produced, up to what was asked for.
            let room = min(target - output.count, max(1 << 16, output.count))
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: room))
            var produced = 0
            let status = input.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                    stream.pointee.avail_in = UInt32(clamping: input.count - consumed)
                    stream.pointee.next_out = out.baseAddress! + start
                    stream.pointee.avail_out = UInt32(clamping: room)
                    let status = inflate(stream, Z_NO_FLUSH)
                    consumed = input.count - Int(stream.pointee.avail_in)
                    produced = room - Int(stream.pointee.avail_out)
                    return status
                }
            }
            output.removeSubrange((start + produced)...)
            switch status {
            case Z_STREAM_END:
                // Concatenated gzip members are legal; trailing zero padding is common and harmless.
                if input[consumed...].allSatisfy({ $0 == 0 }) {
                    isFinished = true
                } else if inflateReset(stream) != Z_OK {
                    throw .corrupt("zlib could not start the next member")
                }
            case Z_OK, Z_BUF_ERROR:
                // Z_BUF_ERROR with input left means only that the output was full.
                if consumed == input.count && produced == 0 { throw .corrupt("the compressed stream ends early") }
            default:
                throw .corrupt(stream.pointee.msg.map { String(cString: $0) } ?? "inflate error \(status)")
            }
        }
    }
}
