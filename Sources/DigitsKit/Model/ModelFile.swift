import CZlib

/// Encodes and decodes the model file format described in docs/model-format.md.
public enum ModelFile {
    public static let magic: [UInt8] = Array("DGTS".utf8)
    /// The newest version this build writes; it reads every version from 1 up to this one.
    public static let currentVersion = 2
    /// The largest model file this program reads or writes: 150 times the strong model with its
    /// Adam state. `train` refuses a network whose file would be larger before it starts.
    public static let maximumBytes = 512 << 20
    private static let hasOptimizerState: UInt16 = 1
    private static let hasAugmentation: UInt16 = 2

    /// The file's bytes for `model`, in the current version.
    public static func encode(_ model: Model) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(magic)
        writer.append(UInt16(currentVersion))
        let augmented = !model.metadata.augmentation.isIdentity
        writer.append((model.optimizer == nil ? 0 : hasOptimizerState) | (augmented ? hasAugmentation : 0))
        let architecture = model.state.architecture
        writer.append(UInt32(architecture.input.height))
        writer.append(UInt32(architecture.input.width))
        writer.append(UInt32(architecture.input.channels))
        writer.append(architecture.inputScaling.scale.bitPattern)
        writer.append(architecture.inputScaling.offset.bitPattern)
        LayerRecords.write(architecture.layers, into: &writer)
        for field in MetadataField.all { field.write(&writer, model.metadata) }
        if augmented { model.metadata.augmentation.write(into: &writer) }
        TensorRecords.write(model.state.tensors, into: &writer)
        model.optimizer?.write(into: &writer)
        writer.append(crc32(writer.bytes))
        return writer.bytes
    }

    /// The size of the file of a network with `architecture`, with `moments` optimizer moments per tensor.
    public static func size(of architecture: Architecture, moments: Int) throws(ArchitectureError) -> Int {
        let counts = try architecture.parameterCounts()
        // Each tensor is a u32 count and its f32 values; the header and metadata take under 256 bytes.
        let tensorBytes = counts.reduce(0) { $0 + 4 + 4 * $1 }
        let learnableBytes = architecture.learnableTensorIndices.reduce(0) { $0 + 4 + 4 * counts[$1] }
        return 256 + 20 * architecture.layers.count + tensorBytes + (moments > 0 ? 12 + moments * learnableBytes : 0)
    }

    /// Reads a model, checking every field before trusting it; `path` names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(ModelFileError) -> Model {
        var reader = FieldReader(reader: ByteReader(bytes), path: path)

        let foundMagic = try reader.bytes(4, "magic")
        guard foundMagic == magic else { throw .badMagic(path: path, found: foundMagic) }
        let version = Int(try reader.uint16("version"))
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

        let flags = try reader.uint16("flags")
        guard flags & ~(hasOptimizerState | hasAugmentation) == 0, version >= 2 || flags == 0 else {
            throw .badArchitecture(path: path, reason: "unknown flags 0x\(String(flags, radix: 16))")
        }
        let input = Shape(
            height: Int(try reader.uint32("input height")),
            width: Int(try reader.uint32("input width")),
            channels: Int(try reader.uint32("input channels"))
        )
        guard (1...4096).contains(input.height), (1...4096).contains(input.width), (1...64).contains(input.channels),
              input.count <= Architecture.maximumActivation
        else {
            throw .badArchitecture(path: path, reason: "input \(input) is out of range")
        }
        if version >= 2 {
            let scale = try reader.float("input scale"), offset = try reader.float("input offset")
            // Version 2 defines one scaling, MNIST's; the engines then use exactly byte ÷ 255 − 0.5.
            guard scale == InputScaling.mnist.scale, offset == InputScaling.mnist.offset else {
                throw .badArchitecture(path: path, reason: "input scaling ×\(scale) + \(offset); this digits reads ×1/255 − 0.5")
            }
        }
        let layers = try LayerRecords.read(from: &reader, version: version)
        let architecture = Architecture(input: input, layers: layers)
        let expected: [Int]
        do {
            expected = try architecture.parameterCounts()
        } catch {
            throw .badArchitecture(path: path, reason: error.description)
        }

        var metadata = ModelMetadata(
            created: 0, seed: 0, epochs: 0, trainingSamples: 0, learningRate: 0, learningRateDecay: 0, testAccuracy: nil, testImages: 0
        )
        for field in MetadataField.all where field.firstVersion <= version { try field.read(&reader, &metadata) }
        if flags & hasAugmentation != 0 { metadata.augmentation = try Augmentation.read(from: &reader) }
        let tensors = try TensorRecords.read(from: &reader, architecture: architecture, counts: expected)
        let optimizer = flags & hasOptimizerState == 0 ? nil : try OptimizerState.read(
            from: &reader, kind: metadata.optimizer.kind, sizes: architecture.learnableTensorIndices.map { expected[$0] },
            firstIndex: expected.count
        )
        guard reader.reader.remaining == 0 else { throw .trailingBytes(path: path, count: reader.reader.remaining) }
        return Model(state: NetworkState(architecture: architecture, tensors: tensors), metadata: metadata, optimizer: optimizer)
    }

    /// The CRC-32 (IEEE 802.3, as zlib and gzip compute it) of `bytes`.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
    }
}
