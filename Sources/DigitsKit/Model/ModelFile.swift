import CZlib

/// Encodes and decodes the model file format described in docs/model-format.md.
public enum ModelFile {
    public static let magic: [UInt8] = Array("DGTS".utf8)
    /// The newest version this build writes; it reads every version from 1 up to this one.
    public static let currentVersion = 1
    static let maximumLayers = 64

    /// The file's bytes for `model`.
    public static func encode(_ model: Model) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(magic)
        writer.append(UInt16(currentVersion))
        writer.append(UInt16(0))
        let architecture = model.state.architecture
        writer.append(UInt32(architecture.input.height))
        writer.append(UInt32(architecture.input.width))
        writer.append(UInt32(architecture.input.channels))
        writer.append(UInt32(architecture.layers.count))
        for layer in architecture.layers {
            let (code, argument): (UInt8, Int) = switch layer {
            case let .conv3x3(filters): (1, filters)
            case .maxPool2: (2, 0)
            case let .softmax(classes): (3, classes)
            }
            writer.append([code, 0, 0, 0])
            writer.append(UInt32(argument))
        }
        let metadata = model.metadata
        writer.append(UInt64(bitPattern: metadata.created))
        writer.append(metadata.seed)
        writer.append(UInt32(metadata.epochs))
        writer.append(UInt64(metadata.trainingSamples))
        writer.append(metadata.learningRate.bitPattern)
        writer.append(metadata.learningRateDecay.bitPattern)
        writer.append((metadata.testAccuracy ?? .nan).bitPattern)
        writer.append(UInt32(metadata.testImages))
        writer.append(UInt32(model.state.tensors.count))
        for tensor in model.state.tensors {
            writer.append(UInt32(tensor.count))
            for value in tensor { writer.append(value.bitPattern) }
        }
        writer.append(crc32(writer.bytes))
        return writer.bytes
    }

    /// Reads a model, checking every field before trusting it; `path` names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(ModelFileError) -> Model {
        var reader = FieldReader(reader: ByteReader(bytes), path: path)

        let foundMagic = try reader.bytes(4, "magic")
        guard foundMagic == magic else { throw .badMagic(path: path, found: foundMagic) }
        let versionBytes = try reader.bytes(2, "version")
        let version = Int(versionBytes[0]) | Int(versionBytes[1]) << 8
        guard version <= currentVersion else {
            throw .newerVersion(path: path, fileVersion: version, supportedVersion: currentVersion)
        }
        guard version >= 1 else { throw .unsupportedVersion(path: path, version: version) }

        // The checksum covers everything before it; checking it first turns any flipped byte into
        // one clear message. The fields are still checked one by one below.
        guard bytes.count >= 12 else {
            throw .truncated(path: path, field: "header and checksum", neededBytes: 12, availableBytes: bytes.count)
        }
        let body = Array(bytes[0..<bytes.count - 4])
        let stored = bytes[(bytes.count - 4)...].withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        let computed = crc32(body)
        guard stored == computed else { throw .checksumMismatch(path: path, stored: stored, computed: computed) }
        reader.reader = ByteReader(body, offset: reader.reader.offset)

        _ = try reader.bytes(2, "flags")
        let input = Shape(
            height: Int(try reader.uint32("input height")),
            width: Int(try reader.uint32("input width")),
            channels: Int(try reader.uint32("input channels"))
        )
        guard (1...4096).contains(input.height), (1...4096).contains(input.width), (1...64).contains(input.channels) else {
            throw .badArchitecture(path: path, reason: "input \(input) is out of range")
        }
        let layerCount = Int(try reader.uint32("layer count"))
        guard (1...maximumLayers).contains(layerCount) else {
            throw .badArchitecture(path: path, reason: "\(layerCount) layers (1 to \(maximumLayers) allowed)")
        }
        var layers: [LayerKind] = []
        for index in 0..<layerCount {
            let code = try reader.bytes(4, "layer \(index + 1)")[0]
            let argument = Int(try reader.uint32("layer \(index + 1)"))
            switch code {
            case 1: layers.append(.conv3x3(filters: argument))
            case 2: layers.append(.maxPool2)
            case 3: layers.append(.softmax(classes: argument))
            default: throw .badArchitecture(path: path, reason: "layer \(index + 1) has unknown kind \(code)")
            }
        }
        let architecture = Architecture(input: input, layers: layers)
        let expected: [Int]
        do {
            expected = try architecture.parameterCounts()
        } catch {
            throw .badArchitecture(path: path, reason: error.description)
        }

        let created = Int64(bitPattern: try reader.uint64("creation time"))
        let seed = try reader.uint64("seed")
        let epochs = Int(try reader.uint32("epochs"))
        let samples = try reader.uint64("training samples")
        let learningRate = try reader.float("learning rate")
        let decay = try reader.float("learning-rate decay")
        let accuracy = Double(bitPattern: try reader.uint64("test accuracy"))
        let testImages = Int(try reader.uint32("test images"))
        let metadata = ModelMetadata(
            created: created, seed: seed, epochs: epochs, trainingSamples: Int(clamping: samples), learningRate: learningRate,
            learningRateDecay: decay, testAccuracy: accuracy.isNaN ? nil : accuracy, testImages: testImages
        )

        let tensorCount = Int(try reader.uint32("tensor count"))
        guard tensorCount == expected.count else {
            throw .badArchitecture(path: path, reason: "\(tensorCount) tensors stored, the layers need \(expected.count)")
        }
        var tensors: [[Float]] = []
        for (index, expectedCount) in expected.enumerated() {
            let count = Int(try reader.uint32("tensor \(index + 1) size"))
            guard count == expectedCount else {
                throw .tensorMismatch(path: path, index: index, expectedCount: expectedCount, foundCount: count)
            }
            let values = try reader.floats(count, "tensor \(index + 1)")
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw .nonFiniteWeight(path: path, tensor: index, index: bad)
            }
            tensors.append(values)
        }
        guard reader.reader.remaining == 0 else { throw .trailingBytes(path: path, count: reader.reader.remaining) }
        return Model(state: NetworkState(architecture: architecture, tensors: tensors), metadata: metadata)
    }

    /// The CRC-32 (IEEE 802.3, as zlib and gzip compute it) of `bytes`.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
    }
}

/// Reads little-endian fields, turning a short read into an error that names the field.
private struct FieldReader {
    var reader: ByteReader
    let path: String

    mutating func bytes(_ count: Int, _ field: String) throws(ModelFileError) -> [UInt8] {
        try named(field) { (reader: inout ByteReader) throws(ByteReader.OutOfBytes) in Array(try reader.readBytes(count)) }
    }

    mutating func uint32(_ field: String) throws(ModelFileError) -> UInt32 {
        try named(field) { (reader: inout ByteReader) throws(ByteReader.OutOfBytes) in try reader.readUInt32(bigEndian: false) }
    }

    mutating func uint64(_ field: String) throws(ModelFileError) -> UInt64 {
        try named(field) { (reader: inout ByteReader) throws(ByteReader.OutOfBytes) in try reader.readUInt64LittleEndian() }
    }

    mutating func float(_ field: String) throws(ModelFileError) -> Float {
        try named(field) { (reader: inout ByteReader) throws(ByteReader.OutOfBytes) in try reader.readFloat32LittleEndian() }
    }

    mutating func floats(_ count: Int, _ field: String) throws(ModelFileError) -> [Float] {
        try named(field) { (reader: inout ByteReader) throws(ByteReader.OutOfBytes) in try reader.readFloat32Array(count: count) }
    }

    private mutating func named<T>(
        _ field: String, _ body: (inout ByteReader) throws(ByteReader.OutOfBytes) -> T
    ) throws(ModelFileError) -> T {
        do {
            return try body(&reader)
        } catch {
            throw .truncated(path: path, field: field, neededBytes: error.needed, availableBytes: error.available)
        }
    }
}

/// Appends little-endian fields.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ raw: [UInt8]) { bytes += raw }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}
