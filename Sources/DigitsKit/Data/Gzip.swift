import CZlib

/// Inflates gzip (or zlib) data with zlib.
enum Gzip {
    /// The two bytes every gzip stream starts with (RFC 1952).
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    enum Failure: Error {
        case corrupt(String)
        case tooLarge(limit: Int)
    }

    /// Inflates every gzip member of `bytes`.
    ///
    /// The output grows with what the stream actually yields, never from a size the input claims;
    /// `limit` stops a decompression bomb.
    static func decompress(_ bytes: [UInt8], limit: Int = 1 << 31) throws(Failure) -> [UInt8] {
        // The trailer's ISIZE (size mod 2^32) is a good first guess for one-member files; it is
        // only a capacity hint, capped, and never trusted.
        var capacity = 1 << 16
        if bytes.count >= 4 {
            let tail = bytes.count - 4
            let claimed = Int(bytes[tail]) | Int(bytes[tail + 1]) << 8 | Int(bytes[tail + 2]) << 16 | Int(bytes[tail + 3]) << 24
            capacity = max(capacity, min(claimed, bytes.count * 1100, limit))
        }
        var output = [UInt8](repeating: 0, count: capacity)
        var produced = 0
        var consumed = 0

        while consumed < bytes.count {
            var stream = z_stream()
            guard cz_inflate_init_auto(&stream) == Z_OK else { throw .corrupt("zlib could not start") }
            defer { inflateEnd(&stream) }
            var status = Z_OK
            try bytes.withUnsafeBufferPointer { (input) throws(Failure) in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                stream.avail_in = UInt32(clamping: input.count - consumed)
                while true {
                    if produced == output.count {
                        guard output.count < limit else { throw .tooLarge(limit: limit) }
                        output.append(contentsOf: repeatElement(0, count: min(output.count, limit - output.count)))
                    }
                    let room = output.count - produced
                    status = output.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress! + produced
                        stream.avail_out = UInt32(clamping: room)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    produced += room - Int(stream.avail_out)
                    if status == Z_STREAM_END { break }
                    guard status == Z_OK || status == Z_BUF_ERROR else {
                        throw .corrupt(stream.msg.map { String(cString: $0) } ?? "inflate error \(status)")
                    }
                    // Z_BUF_ERROR with input left means only that the output was full.
                    if stream.avail_in == 0 && stream.avail_out > 0 {
                        throw .corrupt("the compressed stream ends early")
                    }
                }
            }
            consumed = bytes.count - Int(stream.avail_in)
            // Concatenated gzip members are legal; trailing zero padding is common and harmless.
            if bytes[consumed...].allSatisfy({ $0 == 0 }) { break }
        }
        output.removeSubrange(produced...)
        return output
    }
}
