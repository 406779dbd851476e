import DigitsKit
import Foundation
import Testing

/// PNG chunks that declare more bytes than the file holds, and the text chunks libpng would read.
@Suite struct PNGChunkTests {
    static func chunk(_ type: String, _ data: [UInt8], declaredLength: UInt32? = nil) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return withUnsafeBytes(of: (declaredLength ?? UInt32(data.count)).bigEndian, Array.init) + typed
            + withUnsafeBytes(of: ModelFile.crc32(typed).bigEndian, Array.init)
    }

    /// A 2×2 gray picture, ink in one corner, with `extra` chunks before its pixels.
    static func png(extra: [UInt8] = []) throws -> [UInt8] {
        let header = chunk("IHDR", [0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0])
        // Rows with filter byte 0, stored (uncompressed) in a zlib stream.
        let raw: [UInt8] = [0, 0, 255, 0, 255, 255]
        var stream: [UInt8] = [0x78, 0x01, 1, UInt8(raw.count), 0, ~UInt8(raw.count), 0xFF] + raw
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        stream += withUnsafeBytes(of: (b << 16 | a).bigEndian, Array.init)
        return PNGReader.signature + header + extra + chunk("IDAT", stream) + chunk("IEND", [])
    }

    @Test("a text, palette or compressed-text chunk declaring 2^31 − 1 bytes is refused at once, without allocating them",
          arguments: ["tEXt", "zTXt", "iTXt", "sPLT"])
    func chunkBomb(type: String) throws {
        let bytes = try Self.png(extra: Self.chunk(type, Array(repeating: 65, count: 40), declaredLength: 0x7FFF_FFFF))
        let start = ContinuousClock.now
        let error = try #require(throws: PNGError.self) { try PNGReader.read(bytes: bytes, path: "bomb.png") }
        #expect(error.description.contains("bomb.png: not a readable PNG image: chunk \(type) at byte 33 declares 2147483647 bytes"), "\(error)")
        #expect(ContinuousClock.now - start < .milliseconds(500))
    }

    @Test("a picture with real text chunks reads as the same picture without them")
    func textChunks() throws {
        let text = Self.chunk("tEXt", Array("Title\u{0}seven".utf8)) + Self.chunk("zTXt", Array("Comment\u{0}".utf8) + [0, 0x78, 0x01, 0x03, 0, 0, 0, 0, 1])
        let plain = try PNGReader.read(bytes: Self.png(), path: "plain.png")
        let annotated = try PNGReader.read(bytes: Self.png(extra: text), path: "text.png")
        #expect(plain.width == 2 && plain.brightness == [0, 1, 1, 1])
        #expect(annotated.brightness == plain.brightness)
    }
}
