/// Reads the Netpbm formats: PGM (`P2` plain, `P5` raw), PBM (`P1`, `P4`) and PPM (`P3`, `P6`,
/// converted to gray by Rec. 601 luminance, as `ppmtopgm` does).
///
/// Follows the Netpbm specification: `#` comments anywhere in the header, any whitespace between
/// header tokens, exactly one whitespace byte between the header and a raw raster, samples of two
/// bytes big-endian when maxval is above 255, and samples scaled by maxval.
public struct NetpbmReader {
    /// Bounds on what a header may make the reader allocate.
    public static let maximumSide = 1 << 15
    public static let maximumPixels = 1 << 26

    public struct Result: Sendable {
        public let image: GrayImage
        /// More images follow the first in the same file (a Netpbm stream); only the first is read.
        public let hasMoreImages: Bool
    }

    /// Reads the file at `path` (`-` for standard input).
    public static func read(path: String) throws(NetpbmError) -> Result {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, as: .picture)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        return try read(bytes: bytes, path: path)
    }

    /// Reads the first image in `bytes`; `path` names the source in errors.
    public static func read(bytes: [UInt8], path: String) throws(NetpbmError) -> Result {
        guard !bytes.isEmpty else { throw .empty(path: path) }
        var reader = NetpbmReader(bytes: bytes, path: path, offset: 0)
        let image = try reader.readImage()
        return Result(image: image, hasMoreImages: reader.skipWhitespace() < bytes.count)
    }

    /// Calls `body` with every image of a Netpbm stream in turn (as `pamscale` writes for several
    /// inputs), one at a time so that a long stream never sits in memory decoded.
    @_spi(Testing) public static func forEachImage(in bytes: [UInt8], path: String, _ body: (GrayImage) -> Void) throws(NetpbmError) {
        guard !bytes.isEmpty else { throw .empty(path: path) }
        var reader = NetpbmReader(bytes: bytes, path: path, offset: 0)
        repeat {
            body(try reader.readImage())
        } while reader.skipWhitespace() < bytes.count
    }

    private let bytes: [UInt8]
    private let path: String
    private var offset: Int

    private mutating func readImage() throws(NetpbmError) -> GrayImage {
        guard offset + 2 <= bytes.count, bytes[offset] == UInt8(ascii: "P"),
              (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[offset + 1]) else {
            throw .notNetpbm(path: path)
        }
        let kind = Int(bytes[offset + 1] - UInt8(ascii: "0"))
        offset += 2
        let width = try headerNumber("width")
        let height = try headerNumber("height")
        guard (1...Self.maximumSide).contains(width), (1...Self.maximumSide).contains(height),
              width * height <= Self.maximumPixels else {
            throw .badSize(path: path, width: width, height: height)
        }
        let isBitmap = kind == 1 || kind == 4
        let maxval = isBitmap ? 1 : try headerNumber("maxval")
        guard (1...65535).contains(maxval) else { throw .badMaxval(path: path, maxval: maxval) }
        let channels = kind == 3 || kind == 6 ? 3 : 1
        let samples = width * height * channels

        var values: [Int]
        if kind <= 3 {
            // Plain: every sample is at least one byte, so a short file is refused before allocating.
            guard samples <= bytes.count - offset else {
                throw .truncatedPlainRaster(path: path, expectedSamples: samples, actualSamples: countTokens(limit: samples, bitmap: isBitmap))
            }
            values = try plainSamples(samples, bitmap: isBitmap, maxval: maxval)
        } else {
            guard offset < bytes.count, Self.isWhitespace(bytes[offset]) else {
                throw .badHeader(path: path, field: "one whitespace byte after the header", found: snippet())
            }
            offset += 1
            values = try rawSamples(width: width, height: height, channels: channels, bitmap: isBitmap, maxval: maxval)
        }

        let scale = 1 / Float(maxval)
        var brightness = [Float](repeating: 0, count: width * height)
        if isBitmap {
            for index in brightness.indices { brightness[index] = values[index] == 1 ? 0 : 1 }  // 1 is black
        } else if channels == 3 {
            for index in brightness.indices {
                let red = Float(values[3 * index]), green = Float(values[3 * index + 1]), blue = Float(values[3 * index + 2])
                brightness[index] = (0.299 * red + 0.587 * green + 0.114 * blue) * scale
            }
        } else {
            for index in brightness.indices { brightness[index] = Float(values[index]) * scale }
        }
        values = []
        return GrayImage(width: width, height: height, brightness: brightness)
    }

    /// Skips whitespace and comments; returns the new offset.
    @discardableResult
    private mutating func skipWhitespace() -> Int {
        while offset < bytes.count {
            if Self.isWhitespace(bytes[offset]) {
                offset += 1
            } else if bytes[offset] == UInt8(ascii: "#") {
                while offset < bytes.count && bytes[offset] != 0x0A && bytes[offset] != 0x0D { offset += 1 }
            } else {
                break
            }
        }
        return offset
    }

    private mutating func headerNumber(_ field: String) throws(NetpbmError) -> Int {
        skipWhitespace()
        let start = offset
        var value = 0
        while offset < bytes.count, let digit = Self.digit(bytes[offset]) {
            value = min(value * 10 + digit, 1 << 40)  // saturate: any such value is refused later
            offset += 1
        }
        guard offset > start, offset == bytes.count || Self.isWhitespace(bytes[offset]) || bytes[offset] == UInt8(ascii: "#") else {
            throw .badHeader(path: path, field: field, found: snippet())
        }
        return value
    }

    private mutating func plainSamples(_ count: Int, bitmap: Bool, maxval: Int) throws(NetpbmError) -> [Int] {
        var values = [Int](repeating: 0, count: count)
        for index in 0..<count {
            skipWhitespace()
            guard offset < bytes.count else {
                throw .truncatedPlainRaster(path: path, expectedSamples: count, actualSamples: index)
            }
            if bitmap {
                // PBM plain samples are single digits and need no separator.
                guard bytes[offset] == UInt8(ascii: "0") || bytes[offset] == UInt8(ascii: "1") else {
                    throw .badSample(path: path, index: index, found: snippet())
                }
                values[index] = Int(bytes[offset] - UInt8(ascii: "0"))
                offset += 1
                continue
            }
            let start = offset
            var value = 0
            while offset < bytes.count, let digit = Self.digit(bytes[offset]) {
                value = min(value * 10 + digit, 1 << 40)
                offset += 1
            }
            guard offset > start else { throw .badSample(path: path, index: index, found: snippet()) }
            guard value <= maxval else { throw .sampleAboveMaxval(path: path, index: index, sample: value, maxval: maxval) }
            values[index] = value
        }
        return values
    }

    private mutating func rawSamples(width: Int, height: Int, channels: Int, bitmap: Bool, maxval: Int) throws(NetpbmError) -> [Int] {
        if bitmap {
            let rowBytes = (width + 7) / 8
            let needed = rowBytes * height
            guard needed <= bytes.count - offset else {
                throw .truncatedRaster(path: path, expectedBytes: needed, actualBytes: bytes.count - offset)
            }
            var values = [Int](repeating: 0, count: width * height)
            for row in 0..<height {
                for column in 0..<width {
                    let byte = bytes[offset + row * rowBytes + column / 8]
                    values[row * width + column] = Int(byte >> (7 - UInt8(column % 8))) & 1
                }
            }
            offset += needed
            return values
        }
        let sampleBytes = maxval > 255 ? 2 : 1
        let count = width * height * channels
        let needed = count * sampleBytes
        guard needed <= bytes.count - offset else {
            throw .truncatedRaster(path: path, expectedBytes: needed, actualBytes: bytes.count - offset)
        }
        var values = [Int](repeating: 0, count: count)
        for index in 0..<count {
            let value = sampleBytes == 1
                ? Int(bytes[offset + index])
                : Int(bytes[offset + 2 * index]) << 8 | Int(bytes[offset + 2 * index + 1])
            guard value <= maxval else { throw .sampleAboveMaxval(path: path, index: index, sample: value, maxval: maxval) }
            values[index] = value
        }
        offset += needed
        return values
    }

    /// How many samples a plain raster holds, up to `limit`, for the error message.
    private func countTokens(limit: Int, bitmap: Bool) -> Int {
        var copy = self
        var count = 0
        while count < limit {
            copy.skipWhitespace()
            guard copy.offset < bytes.count else { break }
            if bitmap {
                copy.offset += 1
            } else {
                while copy.offset < bytes.count && !Self.isWhitespace(bytes[copy.offset]) { copy.offset += 1 }
            }
            count += 1
        }
        return count
    }

    private func snippet() -> String {
        let end = min(bytes.count, offset + 12)
        let text = String(decoding: bytes[offset..<end], as: UTF8.self)
        return String(text.prefix { !$0.isNewline })
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0B || byte == 0x0C || byte == 0x0D
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
