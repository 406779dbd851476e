/// The chunk list of a PNG file, checked and pruned before libpng sees it.
///
/// Every chunk's declared length is checked against the bytes present, and only the chunks that
/// shape the pixels are kept: text (`tEXt`, `zTXt`, `iTXt`), palettes (`sPLT`), color profiles
/// (`iCCP`) and unknown chunks are dropped. libpng would otherwise allocate what a length claims
/// before reading it, or inflate a compressed text chunk without bound: a 141-byte file could
/// cost 2 GiB.
enum PNGChunks {
    /// Chunks the pixels depend on: the critical ones, transparency, gamma and color space.
    static let kept: Set<String> = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "sRGB", "cHRM", "sBIT"]

    /// The file with only the kept chunks, each as it was (its CRC is still libpng's to check).
    static func pruned(_ bytes: [UInt8], path: String) throws(PNGError) -> [UInt8] {
        var offset = PNGReader.signature.count
        var result = Array(bytes.prefix(offset))
        while offset < bytes.count {
            guard bytes.count - offset >= 12 else {
                throw .damaged(path: path, reason: "a chunk header at byte \(offset) is cut short")
            }
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            // The spec bounds a chunk at 2^31 − 1 bytes; the bytes present bound it tighter.
            guard length <= Int(Int32.max), length <= bytes.count - offset - 12 else {
                throw .damaged(path: path, reason: "chunk \(type.terminalSafe) at byte \(offset) declares \(length) bytes, but \(bytes.count - offset - 12) remain")
            }
            let end = offset + 12 + length
            if kept.contains(type) { result += bytes[offset..<end] }
            offset = end
            if type == "IEND" { break }
        }
        return result
    }
}
