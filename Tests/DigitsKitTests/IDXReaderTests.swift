@_spi(Testing) import DigitsKit
import Testing

@Suite struct IDXReaderTests {
    let path = "test.idx"

    @Test("reads every element type the format defines, big-endian")
    func elementTypes() throws {
        let cases: [(UInt8, [UInt8], [Double])] = [
            (0x08, [0, 255], [0, 255]),
            (0x09, [0x80, 0x7F], [-128, 127]),
            (0x0B, [0xFF, 0xFE, 0x01, 0x00], [-2, 256]),
            (0x0C, [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x00, 0x00], [-1, 65536]),
            (0x0D, [0x3F, 0xC0, 0, 0, 0xC0, 0x20, 0, 0], [1.5, -2.5]),
            (0x0E, [0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18, 0, 0, 0, 0, 0, 0, 0, 0], [Double.pi, 0]),
        ]
        for (type, payload, expected) in cases {
            let file = try IDXFile(bytes: TestData.idx(type: type, dimensions: [2], payload: payload), path: path)
            #expect(file.dimensions == [2])
            #expect(file.doubleValues() == expected, "type 0x\(String(type, radix: 16))")
        }
    }

    @Test("reads gzip by its magic bytes, whatever the name")
    func gzipByMagic() throws {
        let raw = TestData.idx(type: 0x08, dimensions: [2, 3], payload: [1, 2, 3, 4, 5, 6])
        let file = try IDXFile(bytes: try TestData.gzip(raw), path: "no-gz-suffix.idx")
        #expect(file.dimensions == [2, 3])
        #expect(file.payload == [1, 2, 3, 4, 5, 6])
    }

    static let malformed: [(String, [UInt8], IDXError)] = [
        ("empty file", [], .empty(path: "test.idx")),
        ("truncated magic", [0, 0, 8], .truncatedHeader(path: "test.idx", expectedBytes: 4, actualBytes: 3)),
        ("truncated dimensions", [0, 0, 8, 3, 0, 0, 0, 1, 0, 0],
         .truncatedHeader(path: "test.idx", expectedBytes: 16, actualBytes: 10)),
        ("wrong magic", [0x50, 0x4B, 3, 4, 0, 0, 0, 1, 7], .badMagic(path: "test.idx", found: [0x50, 0x4B, 3, 4])),
        ("unknown type code", TestData.idx(type: 0x0A, dimensions: [1], payload: [0]),
         .unknownType(path: "test.idx", code: 0x0A)),
        ("zero dimensions", [0, 0, 8, 0], .noDimensions(path: "test.idx")),
        ("a dimension of size 0", TestData.idx(type: 0x08, dimensions: [3, 0], payload: []),
         .zeroDimension(path: "test.idx", index: 1)),
        ("four billion images in a small file", TestData.idx(type: 0x08, dimensions: [4_000_000_000, 28, 28], payload: [1, 2, 3]),
         .truncatedPayload(path: "test.idx", dimensions: [4_000_000_000, 28, 28], expectedBytes: 3_136_000_000_000, actualBytes: 3)),
        ("dimensions whose product overflows", TestData.idx(type: 0x0E, dimensions: [.max, .max, .max, .max], payload: []),
         .payloadSizeOverflow(path: "test.idx", dimensions: Array(repeating: Int(UInt32.max), count: 4))),
        ("truncated payload", TestData.idx(type: 0x0B, dimensions: [3], payload: [0, 1, 0, 2, 0]),
         .truncatedPayload(path: "test.idx", dimensions: [3], expectedBytes: 6, actualBytes: 5)),
        ("bytes after the payload", TestData.idx(type: 0x08, dimensions: [2], payload: [1, 2, 3]),
         .trailingBytes(path: "test.idx", expectedBytes: 2, actualBytes: 3)),
    ]

    @Test("rejects malformed headers and payloads with their specific error", arguments: malformed)
    func rejects(_ name: String, bytes: [UInt8], expected: IDXError) {
        #expect(throws: expected, "\(name)") { try IDXFile(bytes: bytes, path: path) }
    }

    @Test("rejects a corrupt gzip stream")
    func corruptGzip() throws {
        var compressed = try TestData.gzip(TestData.idx(type: 0x08, dimensions: [64], payload: Array(0..<64)))
        compressed[12] ^= 0xFF
        compressed[13] ^= 0xFF
        let error = try #require(throws: IDXError.self) { try IDXFile(bytes: compressed, path: path) }
        guard case .corruptGzip(path: path, _) = error else {
            Issue.record("expected corruptGzip, got \(error)")
            return
        }
    }

    @Test("rejects a gzip stream cut short")
    func truncatedGzip() throws {
        let compressed = try TestData.gzip(TestData.idx(type: 0x08, dimensions: [64], payload: Array(0..<64)))
        let error = try #require(throws: IDXError.self) {
            try IDXFile(bytes: Array(compressed.prefix(compressed.count - 12)), path: path)
        }
        guard case .corruptGzip = error else {
            Issue.record("expected corruptGzip, got \(error)")
            return
        }
    }

    @Test("every truncation of a small file is an error, never a crash")
    func everyTruncation() throws {
        let whole = TestData.idx(type: 0x08, dimensions: [2, 2, 2], payload: Array(0..<8))
        for length in 0..<whole.count {
            #expect(throws: IDXError.self) { try IDXFile(bytes: Array(whole.prefix(length)), path: path) }
        }
        #expect(throws: Never.self) { try IDXFile(bytes: whole, path: path) }
    }

    @Test("a missing file names the path and the reason")
    func missingFile() {
        #expect(throws: IDXError.unreadable(path: "/nonexistent/x.idx", reason: "No such file or directory")) {
            try IDXFile(contentsOf: "/nonexistent/x.idx")
        }
    }
}
