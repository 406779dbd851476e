import DigitsKit
import Testing

/// Random damage to valid files: every reader must answer with its own error or a valid result,
/// never crash, hang or allocate from a damaged size.
@Suite struct FuzzTests {
    /// `count` variants of `bytes` with a few random bytes overwritten, inserted or cut.
    static func mutations(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var copy = bytes
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let position = Int(generator.next() % UInt64(max(copy.count, 1)))
                switch generator.next() % 3 {
                case 0 where !copy.isEmpty: copy[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: copy.insert(UInt8(truncatingIfNeeded: generator.next()), at: min(position, copy.count))
                default: if !copy.isEmpty { copy.removeSubrange(position..<min(copy.count, position + Int(generator.next() % 64))) }
                }
            }
            return copy
        }
    }

    @Test("damaged IDX files, raw and gzip")
    func idx() throws {
        let raw = TestData.idx(type: 0x08, dimensions: [3, 4, 5], payload: Array(0..<60))
        for bytes in Self.mutations(of: raw, count: 3000, seed: 1) + Self.mutations(of: try TestData.gzip(raw), count: 3000, seed: 2) {
            do {
                let file = try IDXFile(bytes: bytes, path: "f")
                #expect(file.payload.count == file.dimensions.reduce(file.elementType.byteWidth, *))
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test("damaged Netpbm files, plain and raw")
    func netpbm() throws {
        let gray = (0..<48).map { UInt8($0 * 5) }
        let sources = [NetpbmWriter.pgm(gray, width: 8, height: 6), NetpbmWriter.pgm(gray, width: 8, height: 6, plain: true),
                       Array("P1\n4 2\n0101\n1010\n".utf8), Array("P3\n2 1\n255\n1 2 3 4 5 6\n".utf8)]
        for (index, source) in sources.enumerated() {
            for bytes in Self.mutations(of: source, count: 2000, seed: UInt64(10 + index)) {
                do {
                    let image = try NetpbmReader.read(bytes: bytes, path: "f").image
                    #expect(image.brightness.allSatisfy { (0...1).contains($0) })
                } catch {
                    #expect(!error.description.isEmpty)
                }
            }
        }
    }

    @Test("damaged PNG files: an error that names the file, or a picture in range")
    func png() throws {
        let gray = (0..<48).map { UInt8($0 * 5) }
        for bytes in Self.mutations(of: try PNGWriter.png(gray, width: 8, height: 6), count: 2000, seed: 20) {
            do {
                let image = try PNGReader.read(bytes: bytes, path: "f.png")
                #expect(image.brightness.allSatisfy { (0...1).contains($0) })
            } catch {
                #expect(error.description.hasPrefix("f.png: "))
            }
        }
    }

    @Test("damaged model files")
    func model() throws {
        let bytes = ModelFile.encode(try ModelFileTests.sampleModel())
        for damaged in Self.mutations(of: bytes, count: 1000, seed: 3) where damaged != bytes {
            #expect(throws: ModelFileError.self) { try ModelFile.decode(damaged, path: "m") }
        }
    }
}
