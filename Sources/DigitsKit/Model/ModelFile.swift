import CZlib

/// Encodes and decodes the model file format described in docs/model-format.md.
public enum ModelFile {
    public static let magic: [UInt8] = Array("DGTS".utf8)
    /// The newest version this build writes; it reads every version from 1 up to this one.
    public static let currentVersion = 3
    /// The largest model file this program reads or writes: 150 times the strong model with its
    /// Adam state. `train` refuses a network whose file would be larger before it starts.
    public static let maximumBytes = 512 << 20
    private static let hasOptimizerState: UInt16 = 1
    /// Version 2 only: the augmentation record follows the metadata.
    private static let hasAugmentation: UInt16 = 2

    /// The file's bytes for `model`, in the current version.
    public static func encode(_ model: Model) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(magic)
        writer.append(UInt16(currentVersion))
        writer.append(model.optimizer == nil ? 0 : hasOptimizerState)
        let architecture = model.state.architecture
        writer.append(UInt32(architecture.input.height))
        writer.append(UInt32(architecture.input.width))
        writer.append(UInt32(architecture.input.channels))
        writer.append(architecture.inputScaling.range.bitPattern)
        writer.append(architecture.inputScaling.offset.bitPattern)
        LayerRecords.write(architecture.layers, into: &writer)
        MetadataRecords.write(model.metadata, into: &writer)
        TensorRecords.write(model.state.tensors, into: &writer)
        model.optimizer?.write(into: &writer, kind: model.metadata.optimizer.kind)
        writer.append(crc32(writer.bytes))
        return writer.bytes
    }

    /// The size of the file of a network with `architecture`, with `moments` optimizer moments per tensor.
    public static func size(of architecture: Architecture, moments: Int) throws(ArchitectureError) -> Int {
        let counts = try architecture.parameterCounts()
        // Each tensor is a u32 count and its f32 values; the header and metadata take under 1 KiB.
        let tensorBytes = counts.reduce(0) { $0 + 4 + 4 * $1 }
        let learnableBytes = architecture.learnableTensorIndices.reduce(0) { $0 + 4 + 4 * counts[$1] }
        return 1024 + 20 * architecture.layers.count + tensorBytes + 12 + 32 * moments + moments * learnableBytes
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
        let knownFlags: UInt16 = version == 1 ? 0 : version == 2 ? hasOptimizerState | hasAugmentation : hasOptimizerState
        guard flags & ~knownFlags == 0 else {
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
        let inputScaling = try readInputScaling(from: &reader, version: version)
        let layers = try LayerRecords.read(from: &reader, version: version)
        let architecture = Architecture(input: input, inputScaling: inputScaling, layers: layers)
        let expected: [Int]
        do {
            expected = try architecture.parameterCounts()
        } catch {
            throw .badArchitecture(path: path, reason: error.description)
        }

        let metadata = version >= 3 ? try MetadataRecords.read(from: &reader)
            : try MetadataRecords.readLegacy(from: &reader, version: version, augmented: flags & hasAugmentation != 0)
        let tensors = try TensorRecords.read(from: &reader, architecture: architecture, counts: expected)
        let optimizer = flags & hasOptimizerState == 0 ? nil : try OptimizerState.read(
            from: &reader, kind: metadata.optimizer.kind, sizes: architecture.learnableTensorIndices.map { expected[$0] },
            firstIndex: expected.count, version: version
        )
        guard reader.reader.remaining == 0 else { throw .trailingBytes(path: path, count: reader.reader.remaining) }
        guard !metadata.answersNotADigit || architecture.classes == 11 else {
            throw .badField(path: path, reason: "a model trained on non-digit pictures must have 11 outputs, not \(architecture.classes ?? 0)")
        }
        return Model(state: NetworkState(architecture: architecture, tensors: tensors), metadata: metadata, optimizer: optimizer)
    }

    /// Version 3 stores the scaling the engines use, byte ÷ range + offset; version 2 stored one
    /// scaling, MNIST's, as ×1/255 − 0.5; version 1 none, meaning MNIST's.
    private static func readInputScaling(from reader: inout FieldReader, version: Int) throws(ModelFileError) -> InputScaling {
        guard version >= 2 else { return .mnist }
        let first = try reader.float(version >= 3 ? "input range" : "input scale"), offset = try reader.float("input offset")
        if version == 2 {
            guard first == InputScaling.mnist.scale, offset == InputScaling.mnist.offset else {
                throw .badArchitecture(path: reader.path, reason: "input scaling ×\(first) + \(offset); version 2 knows only ×1/255 − 0.5")
            }
            return .mnist
        }
        guard first.isFinite, first >= 1, offset.isFinite, abs(offset) <= 1e6 else {
            throw .badArchitecture(path: reader.path, reason: "input scaling \(InputScaling(range: first, offset: offset)) is out of range (a range of at least 1, a finite offset)")
        }
        return InputScaling(range: first, offset: offset)
    }

    /// The CRC-32 (IEEE 802.3, as zlib and gzip compute it) of `bytes`.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
    }
}
