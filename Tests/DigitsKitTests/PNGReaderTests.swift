import DigitsKit
import Foundation
import Testing

/// PNGs written by ImageMagick and netpbm, in every color type, read back against the same picture
/// as PGM; and damaged PNGs.
@Suite struct PNGReaderTests {
    /// A 28×28 MNIST digit, dark on white, with its gray levels, as a PGM in `directory`.
    private func digitPGM(in directory: String) throws -> (path: String, image: GrayImage) {
        let digit = try TestData.mnistTest.get().image(0).map { 255 - $0 }
        let path = directory + "/digit.pgm"
        try Shell.write(NetpbmWriter.pgm(Array(digit), width: 28, height: 28), to: path)
        return (path, try NetpbmReader.read(path: path).image)
    }

    @Test("every color type, bit depth and interlacing reads as the PGM it was made from", arguments: [
        // (tool command from digit.pgm to out.png, largest difference allowed in 1/255 steps)
        ("pnmtopng digit.pgm > out.png", 0),
        ("pnmtopng -interlace digit.pgm > out.png", 0),
        ("convert digit.pgm -define png:color-type=0 -depth 8 out.png", 0),
        ("convert digit.pgm -define png:color-type=0 -depth 16 out.png", 0),
        ("convert digit.pgm -alpha opaque -define png:color-type=4 out.png", 0),
        ("convert digit.pgm -define png:color-type=2 out.png", 1),
        ("convert digit.pgm -alpha opaque -define png:color-type=6 out.png", 1),
        ("convert digit.pgm -define png:color-type=6 -depth 16 -interlace PNG out.png", 1),
        ("convert digit.pgm PNG8:out.png", 1),
        ("pgmtoppm white digit.pgm | pnmtopng -interlace > out.png", 1),
    ])
    func colorTypes(_ command: String, _ tolerance: Int) throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (_, expected) = try digitPGM(in: directory)
        try Shell.run(command, in: directory)
        let image = try PNGReader.read(bytes: Shell.read(directory + "/out.png"), path: "out.png")
        #expect(image.width == 28 && image.height == 28)
        let worst = zip(image.brightness, expected.brightness).map { abs($0 - $1) * 255 }.max() ?? 0
        #expect(worst <= Float(tolerance) + 0.01, "largest difference \(worst)/255 for \(command)")
    }

    @Test("a digit drawn on a transparent layer reads as ink on white paper")
    func transparency() throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (path, expected) = try digitPGM(in: directory)
        // Black everywhere, opaque only where the ink is: the PGM's darkness becomes the alpha.
        try Shell.run("pnminvert \(path) > alpha.pgm && pgmmake 0 28 28 > black.pgm && pnmtopng -alpha=alpha.pgm black.pgm > out.png",
                      in: directory)
        let image = try PNGReader.read(bytes: Shell.read(directory + "/out.png"), path: "out.png")
        let worst = zip(image.brightness, expected.brightness).map { abs($0 - $1) * 255 }.max() ?? 0
        #expect(worst <= 1.01, "largest difference \(worst)/255")
    }

    @Test("a truncated or corrupted PNG is an error that names the file", arguments: [0, 1, 2])
    func damaged(_ damage: Int) throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (path, _) = try digitPGM(in: directory)
        try Shell.run("pnmtopng \(path) > out.png", in: directory)
        var bytes = try Shell.read(directory + "/out.png")
        switch damage {
        case 0: bytes = Array(bytes.prefix(bytes.count / 2))
        case 1: bytes[bytes.count / 2] ^= 0xFF
        default: bytes = Array(bytes.prefix(12))
        }
        #expect {
            try PNGReader.read(bytes: bytes, path: "broken.png")
        } throws: { error in
            (error as? PNGError)?.description.hasPrefix("broken.png: ") == true
        }
    }

    @Test("a PNG written by the pad's writer reads back exactly")
    func roundTrip() throws {
        let gray = (0..<(31 * 17)).map { UInt8($0 % 256) }
        let bytes = try PNGWriter.png(gray, width: 31, height: 17)
        #expect(PNGReader.hasSignature(bytes))
        let image = try PNGReader.read(bytes: bytes, path: "pad.png")
        #expect(image.width == 31 && image.height == 17)
        #expect(image.brightness.map { UInt8(($0 * 255).rounded()) } == gray)
    }

    @Test("a header claiming a huge picture is refused before anything is allocated")
    func hugeHeader() throws {
        var bytes = try PNGWriter.png([0], width: 1, height: 1)
        // IHDR's width and height follow the signature, the chunk length and the type; fix the CRC after.
        bytes.replaceSubrange(16..<24, with: [0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00])
        let crc = ModelFile.crc32(Array(bytes[12..<29]))
        bytes.replaceSubrange(29..<33, with: withUnsafeBytes(of: crc.bigEndian, Array.init))
        #expect(throws: PNGError.self) { try PNGReader.read(bytes: bytes, path: "huge.png") }
    }
}
