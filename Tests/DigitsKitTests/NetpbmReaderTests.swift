import DigitsKit
import Testing

@Suite struct NetpbmReaderTests {
    func read(_ text: String) throws -> GrayImage {
        try NetpbmReader.read(bytes: Array(text.utf8), path: "x.pgm").image
    }

    @Test("plain PGM with comments anywhere in the header and odd whitespace")
    func plainWithComments() throws {
        let image = try read("P2# after magic\n#full line\n 3\t# after width\n2\r\n# before maxval\n\t4 0 1 2\n3 # in the raster\n 4 4\n")
        #expect(image.width == 3 && image.height == 2)
        #expect(image.brightness == [0, 0.25, 0.5, 0.75, 1, 1])
    }

    @Test("raw PGM: exactly one whitespace byte after maxval, even when the first sample is a space")
    func rawOneWhitespace() throws {
        let bytes = Array("P5 2 1 # c\n255\n".utf8) + [0x20, 0x0A]
        let image = try NetpbmReader.read(bytes: bytes, path: "x.pgm").image
        #expect(image.brightness == [32 / 255, 10 / 255])
    }

    @Test("16-bit raw samples are two bytes, big-endian, scaled by maxval")
    func sixteenBit() throws {
        let bytes = Array("P5\n2 1\n1000\n".utf8) + [0x01, 0xF4, 0x03, 0xE8]
        #expect(try NetpbmReader.read(bytes: bytes, path: "x.pgm").image.brightness == [0.5, 1])
    }

    @Test("PBM plain and raw: 1 is black; raw rows are padded to whole bytes")
    func bitmaps() throws {
        #expect(try read("P1\n3 2\n010\n1 1 0\n").brightness == [1, 0, 1, 0, 0, 1])
        let raw = Array("P4\n3 2\n".utf8) + [0b0100_0000, 0b1100_0000]
        #expect(try NetpbmReader.read(bytes: raw, path: "x.pbm").image.brightness == [1, 0, 1, 0, 0, 1])
    }

    @Test("PPM becomes gray by Rec. 601 luminance")
    func pixmaps() throws {
        let image = try read("P3\n2 1\n255\n255 0 0  0 0 255\n")
        #expect(abs(image.brightness[0] - 0.299) < 1e-6)
        #expect(abs(image.brightness[1] - 0.114) < 1e-6)
        let raw = Array("P6\n1 1\n255\n".utf8) + [0, 255, 0]
        #expect(abs(try NetpbmReader.read(bytes: raw, path: "x.ppm").image.brightness[0] - 0.587) < 1e-6)
    }

    @Test("several images in one file: the first is read, and the rest is noticed")
    func severalImages() throws {
        let result = try NetpbmReader.read(bytes: Array("P2 1 1 9 9\nP2 1 1 9 0\n".utf8), path: "x.pgm")
        #expect(result.image.brightness == [1])
        #expect(result.hasMoreImages)
        #expect(!(try NetpbmReader.read(bytes: Array("P2 1 1 9 9\n\n".utf8), path: "x.pgm").hasMoreImages))
    }

    @Test("our writer's P5 and P2 read back exactly")
    func writerRoundTrip() throws {
        let gray: [UInt8] = [0, 1, 127, 128, 254, 255]
        for plain in [false, true] {
            let bytes = NetpbmWriter.pgm(gray, width: 3, height: 2, plain: plain, comment: "two\nlines")
            let image = try NetpbmReader.read(bytes: bytes, path: "x.pgm").image
            #expect(image.brightness.map { UInt8(($0 * 255).rounded()) } == gray)
        }
    }

    static let malformed: [(String, [UInt8], NetpbmError)] = [
        ("empty file", [], .empty(path: "x.pgm")),
        ("garbage", Array("hello world".utf8), .notNetpbm(path: "x.pgm")),
        ("P7", Array("P7\n1 1\n".utf8), .notNetpbm(path: "x.pgm")),
        ("header cut short", Array("P5\n28".utf8), .badHeader(path: "x.pgm", field: "height", found: "")),
        ("garbage in the header", Array("P5\n28 x8\n255\n".utf8), .badHeader(path: "x.pgm", field: "height", found: "x8")),
        ("negative width", Array("P5\n-3 4\n255\n".utf8), .badHeader(path: "x.pgm", field: "width", found: "-3 4")),
        ("zero height", Array("P5\n3 0\n255\n".utf8), .badSize(path: "x.pgm", width: 3, height: 0)),
        ("huge size", Array("P5\n100000 100000\n255\n".utf8), .badSize(path: "x.pgm", width: 100_000, height: 100_000)),
        ("absurd digits", Array("P5\n99999999999999999999999 2\n255\n".utf8),
         .badSize(path: "x.pgm", width: 1 << 40, height: 2)),
        ("maxval 0", Array("P5\n1 1\n0\n\0".utf8), .badMaxval(path: "x.pgm", maxval: 0)),
        ("maxval 70000", Array("P5\n1 1\n70000\n\0\0".utf8), .badMaxval(path: "x.pgm", maxval: 70000)),
        ("truncated raw raster", Array("P5\n4 4\n255\n".utf8) + [1, 2, 3], .truncatedRaster(path: "x.pgm", expectedBytes: 16, actualBytes: 3)),
        ("truncated 16-bit raster", Array("P5\n2 1\n1000\n".utf8) + [1, 2, 3], .truncatedRaster(path: "x.pgm", expectedBytes: 4, actualBytes: 3)),
        ("truncated plain raster", Array("P2\n2 2\n255\n1 2 3".utf8), .truncatedPlainRaster(path: "x.pgm", expectedSamples: 4, actualSamples: 3)),
        ("no whitespace after maxval", Array("P5\n1 1\n255".utf8), .badHeader(path: "x.pgm", field: "one whitespace byte after the header", found: "")),
        ("sample above maxval", Array("P2\n2 1\n10\n5 11\n".utf8), .sampleAboveMaxval(path: "x.pgm", index: 1, sample: 11, maxval: 10)),
        ("16-bit sample above maxval", Array("P5\n1 1\n1000\n".utf8) + [0x03, 0xE9], .sampleAboveMaxval(path: "x.pgm", index: 0, sample: 1001, maxval: 1000)),
        ("letter in the raster", Array("P2\n2 1\n10\n5 z\n".utf8), .badSample(path: "x.pgm", index: 1, found: "z")),
        ("PBM digit 2", Array("P1\n2 1\n02\n".utf8), .badSample(path: "x.pgm", index: 1, found: "2")),
    ]

    @Test("malformed files give their specific error", arguments: malformed)
    func rejects(_ name: String, bytes: [UInt8], expected: NetpbmError) {
        #expect(throws: expected, "\(name)") { try NetpbmReader.read(bytes: bytes, path: "x.pgm") }
    }

    @Test("every truncation of a valid file is an error, never a crash")
    func everyTruncation() throws {
        // The last sample is a single digit, so no cut of the plain file is itself a valid file.
        let samples = Array((0..<12).reversed()) as [UInt8]
        for bytes in [NetpbmWriter.pgm(samples, width: 4, height: 3), NetpbmWriter.pgm(samples, width: 4, height: 3, plain: true)] {
            for length in 0..<bytes.count - 1 {
                #expect(throws: NetpbmError.self, "length \(length)") { try NetpbmReader.read(bytes: Array(bytes.prefix(length)), path: "x.pgm") }
            }
        }
    }

    @Test("a missing file names the path")
    func missing() {
        #expect(throws: NetpbmError.unreadable(path: "/nonexistent.pgm", reason: "No such file or directory")) {
            try NetpbmReader.read(path: "/nonexistent.pgm")
        }
    }
}
