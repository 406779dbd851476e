/// An array read from an IDX file: the format of the MNIST database.
///
/// The header is `00 00 TT DD`: two zero bytes, the element type, and the number of dimensions,
/// followed by each dimension as a big-endian UInt32 and then the elements, row-major, big-endian.
public struct IDXFile: Sendable {
    public enum ElementType: UInt8, Sendable, CaseIterable {
        case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

        public var byteWidth: Int {
            switch self {
            case .uint8, .int8: 1
            case .int16: 2
            case .int32, .float32: 4
            case .float64: 8
            }
        }
    }

    public let elementType: ElementType
    public let dimensions: [Int]
    /// The elements exactly as stored: big-endian, `elementType.byteWidth` bytes each.
    public let payload: [UInt8]

    public var elementCount: Int { payload.count / elementType.byteWidth }

    /// Reads an IDX file, raw or gzip-compressed (told apart by the gzip magic bytes, not the name).
    public init(contentsOf path: String) throws(IDXError) {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, as: .data)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        try self.init(bytes: bytes, path: path)
    }

    /// The largest payload a compressed file's header may declare: 8× the largest MNIST file
    /// (47 MB), checked before anything of that size is inflated. (A raw file's payload is already
    /// in memory, bounded by `FileBytes.Kind.data.limit`, and is checked against the bytes present.)
    public static let maximumPayloadBytes = 1 << 29

    /// Parses IDX bytes, raw or gzip-compressed; `path` is used only in error messages.
    ///
    /// A compressed file is inflated only as far as its header, then exactly as far as the header
    /// declares (and one byte more, to notice trailing data), so a small file that claims or
    /// inflates to gigabytes is refused without using them.
    public init(bytes compressedOrRaw: [UInt8], path: String) throws(IDXError) {
        guard !compressedOrRaw.isEmpty else { throw .empty(path: path) }
        var bytes: [UInt8]
        let inflater: Gzip?
        if Gzip.isCompressed(compressedOrRaw) {
            do {
                inflater = try Gzip(compressedOrRaw)
                bytes = []
                try inflater?.read(4, into: &bytes)
                if bytes.count == 4 { try inflater?.read(4 * Int(bytes[3]), into: &bytes) }
            } catch {
                throw Self.error(error, path: path)
            }
            guard !bytes.isEmpty else { throw .empty(path: path) }
        } else {
            inflater = nil
            bytes = compressedOrRaw
        }

        var reader = ByteReader(bytes)
        guard bytes.count >= 4, let magic = try? reader.readBytes(4) else {
            throw .truncatedHeader(path: path, expectedBytes: 4, actualBytes: bytes.count)
        }
        guard magic[0] == 0, magic[1] == 0 else { throw .badMagic(path: path, found: Array(magic)) }
        guard let type = ElementType(rawValue: magic[2]) else { throw .unknownType(path: path, code: magic[2]) }
        let dimensionCount = Int(magic[3])
        guard dimensionCount > 0 else { throw .noDimensions(path: path) }

        let headerBytes = 4 + 4 * dimensionCount
        var dimensions: [Int] = []
        for index in 0..<dimensionCount {
            guard let size = try? reader.readUInt32(bigEndian: true) else {
                throw .truncatedHeader(path: path, expectedBytes: headerBytes, actualBytes: bytes.count)
            }
            guard size > 0 else { throw .zeroDimension(path: path, index: index) }
            dimensions.append(Int(size))
        }

        var expected = type.byteWidth
        for size in dimensions {
            let (product, overflow) = expected.multipliedReportingOverflow(by: size)
            guard !overflow else { throw .payloadSizeOverflow(path: path, dimensions: dimensions) }
            expected = product
        }
        if let inflater {
            guard expected <= Self.maximumPayloadBytes else {
                throw .payloadTooLarge(path: path, dimensions: dimensions, bytes: expected, limit: Self.maximumPayloadBytes)
            }
            do {
                // Reserved, not touched: pages are used only as the data arrives.
                bytes.reserveCapacity(headerBytes + expected + 1)
                try inflater.read(expected + 1, into: &bytes)
            } catch {
                throw Self.error(error, path: path)
            }
        }
        let actual = bytes.count - headerBytes
        guard actual >= expected else {
            throw .truncatedPayload(path: path, dimensions: dimensions, expectedBytes: expected, actualBytes: actual)
        }
        guard actual == expected, inflater?.isFinished ?? true else {
            throw .trailingBytes(path: path, expectedBytes: expected, actualBytes: actual)
        }

        self.elementType = type
        self.dimensions = dimensions
        // In place: the payload is the only copy of the data.
        bytes.removeSubrange(0..<headerBytes)
        self.payload = bytes
    }

    private static func error(_ failure: Gzip.Failure, path: String) -> IDXError {
        switch failure {
        case let .corrupt(reason): .corruptGzip(path: path, reason: reason)
        }
    }

    /// Every element converted to Double, whatever the stored type.
    @_spi(Testing) public func doubleValues() -> [Double] {
        let width = elementType.byteWidth
        return payload.withUnsafeBytes { raw in
            (0..<elementCount).map { index in
                let offset = index * width
                switch elementType {
                case .uint8: return Double(raw[offset])
                case .int8: return Double(Int8(bitPattern: raw[offset]))
                case .int16: return Double(Int16(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
                case .int32: return Double(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
                case .float32:
                    return Double(Float(bitPattern: UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
                case .float64:
                    return Double(bitPattern: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                }
            }
        }
    }
}
