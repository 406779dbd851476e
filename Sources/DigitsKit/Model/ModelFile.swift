import CZlib

/// Encodes and decodes the model file format described in docs/model-format.md.
public enum ModelFile {
    public static let magic: [UInt8] = Array("DGTS".utf8)
    /// The newest version this build writes; it reads every version from 1 up to this one.
    public static let currentVersion = 2
    /// The largest model file this program reads or writes: 150 times the strong model with its
    /// Adam state. `train` refuses a network whose file would be larger before it starts.
    public static let maximumBytes = 512 << 20
    /// Inputs are pixel bytes × scale + offset: MNIST's 0…255 become −0.5…0.5.
    static let inputScale: Float = 1 / 255
    static let inputOffset: Float = -0.5
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
        writer.append(inputScale.bitPattern)
        writer.append(inputOffset.bitPattern)
        writer.append(UInt32(architecture.layers.count))
        for layer in architecture.layers {
            let record = layer.record
            writer.append([record.code, 0, 0, 0])
            for index in 0..<4 { writer.append(index < record.arguments.count ? record.arguments[index] : 0) }
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
        writer.append(UInt32(metadata.batchSize))
        writer.append([optimizerCodes.firstIndex(of: metadata.optimizer.kind).map(UInt8.init) ?? 0,
                       metadata.loss == .crossEntropy ? 0 : 1, 0, 0])
        let optimizer = metadata.optimizer
        for value in [optimizer.momentum, optimizer.decay, optimizer.beta1, optimizer.beta2, optimizer.epsilon, optimizer.weightDecay] {
            writer.append(value.bitPattern)
        }
        writer.append(UInt32(metadata.validationImages))
        writer.append((metadata.validationAccuracy ?? .nan).bitPattern)
        writer.append(UInt32(metadata.bestEpoch))
        if augmented {
            writer.append(UInt32(Augmentation.fields.count))
            for field in Augmentation.fields { writer.append(metadata.augmentation[keyPath: field.keyPath].bitPattern) }
        }
        writer.append(UInt32(model.state.tensors.count))
        for tensor in model.state.tensors { writer.append(tensor) }
        if let state = model.optimizer {
            writer.append(UInt64(state.step))
            writer.append(UInt32(state.moments.first?.count ?? 0))
            for moments in state.moments {
                for moment in moments { writer.append(moment) }
            }
        }
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

    private static let optimizerCodes: [OptimizerKind] = [.sgd, .momentum, .rmsprop, .adam]

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
            guard scale == inputScale, offset == inputOffset else {
                throw .badArchitecture(path: path, reason: "input scaling ×\(scale) + \(offset); this digits reads ×1/255 − 0.5")
            }
        }
        let layerCount = Int(try reader.uint32("layer count"))
        guard (1...Architecture.maximumLayers).contains(layerCount) else {
            throw .badArchitecture(path: path, reason: "\(layerCount) layers (1 to \(Architecture.maximumLayers) allowed)")
        }
        var layers: [any LayerKind] = []
        for index in 0..<layerCount {
            let field = "layer \(index + 1)"
            let code = try reader.bytes(4, field)[0]
            let arguments = try (0..<(version >= 2 ? 4 : 1)).map { (_: Int) throws(ModelFileError) -> UInt32 in try reader.uint32(field) }
            guard let layer = LayerKinds.decode(code: code, arguments: arguments, version: version) else {
                throw .badArchitecture(path: path, reason: "layer \(index + 1) has unknown kind \(code) or bad arguments")
            }
            layers.append(layer)
        }
        let architecture = Architecture(input: input, layers: layers)
        let expected: [Int]
        do {
            expected = try architecture.parameterCounts()
        } catch {
            throw .badArchitecture(path: path, reason: error.description)
        }

        var metadata = ModelMetadata(
            created: Int64(try reader.counter("creation time", Int64(bitPattern: try reader.uint64("creation time")), Self.creationTimes)),
            seed: try reader.uint64("seed"),
            epochs: try reader.counter("epoch count", try reader.uint32("epochs"), 0...Int64(TrainingSettings.maximumEpochs)),
            trainingSamples: try reader.counter("training samples", try reader.uint64("training samples"), Self.sampleCounts),
            learningRate: try reader.float("learning rate"), learningRateDecay: try reader.float("learning-rate decay"),
            testAccuracy: nil, testImages: 0
        )
        metadata.testAccuracy = try reader.accuracy("test accuracy")
        metadata.testImages = try reader.counter("test images", try reader.uint32("test images"), Self.imageCounts)
        if version >= 2 {
            metadata.batchSize = Int(try reader.uint32("batch size"))
            let codes = try reader.bytes(4, "optimizer and loss")
            guard Int(codes[0]) < optimizerCodes.count, codes[1] <= 1 else {
                throw .badField(path: path, reason: "unknown optimizer \(codes[0]) or loss \(codes[1])")
            }
            metadata.optimizer = OptimizerSettings(kind: optimizerCodes[Int(codes[0])])
            metadata.loss = codes[1] == 0 ? .crossEntropy : .meanSquaredError
            metadata.optimizer.momentum = try reader.float("momentum")
            metadata.optimizer.decay = try reader.float("RMSProp decay")
            metadata.optimizer.beta1 = try reader.float("Adam β1")
            metadata.optimizer.beta2 = try reader.float("Adam β2")
            metadata.optimizer.epsilon = try reader.float("ε")
            metadata.optimizer.weightDecay = try reader.float("weight decay")
            metadata.validationImages = try reader.counter("validation images", try reader.uint32("validation images"), Self.imageCounts)
            metadata.validationAccuracy = try reader.accuracy("validation accuracy")
            metadata.bestEpoch = try reader.counter("best epoch", try reader.uint32("best epoch"), 0...Int64(metadata.epochs))
        }
        if flags & hasAugmentation != 0 {
            let count = Int(try reader.uint32("augmentation strengths"))
            guard (1...Augmentation.fields.count).contains(count) else {
                throw .badField(path: path, reason: "\(count) augmentation strengths; this digits knows \(Augmentation.fields.count)")
            }
            for field in Augmentation.fields.prefix(count) {
                let strength = try reader.float("augmentation \(field.name)")
                guard strength >= 0, strength <= field.limit else {
                    throw .badField(path: path, reason: "augmentation \(field.name) \(strength) is outside 0–\(field.limit)")
                }
                metadata.augmentation[keyPath: field.keyPath] = strength
            }
        }

        let tensorCount = Int(try reader.uint32("tensor count"))
        guard tensorCount == expected.count else {
            throw .badArchitecture(path: path, reason: "\(tensorCount) tensors stored, the layers need \(expected.count)")
        }
        var tensors: [[Float]] = []
        for (index, expectedCount) in expected.enumerated() {
            tensors.append(try reader.tensor(index: index, expectedCount: expectedCount))
        }
        try checkStatistics(architecture, tensors, path: path)

        var optimizer: OptimizerState?
        if flags & hasOptimizerState != 0 {
            let step = try reader.counter("optimizer step", try reader.uint64("optimizer step"), Self.sampleCounts)
            let perTensor = Int(try reader.uint32("optimizer moments"))
            guard perTensor == metadata.optimizer.kind.moments else {
                throw .badArchitecture(path: path, reason: "\(perTensor) optimizer moments per tensor; \(metadata.optimizer.kind.rawValue) keeps \(metadata.optimizer.kind.moments)")
            }
            let learnable = architecture.learnableTensorIndices.map { expected[$0] }
            var moments: [[[Float]]] = []
            for (index, count) in learnable.enumerated() {
                var tensorMoments: [[Float]] = []
                for _ in 0..<perTensor {
                    tensorMoments.append(try reader.tensor(index: tensorCount + index, expectedCount: count))
                }
                moments.append(tensorMoments)
            }
            // A mean square or a second moment is a running average of squares: never negative.
            if let squares = metadata.optimizer.kind.squareMoment {
                for (index, tensorMoments) in moments.enumerated() {
                    if let bad = tensorMoments[squares].firstIndex(where: { $0 < 0 }) {
                        throw .badField(path: path, reason: "the \(metadata.optimizer.kind.rawValue) mean square of tensor \(index + 1) is negative at \(bad)")
                    }
                }
            }
            optimizer = OptimizerState(step: step, moments: moments)
        }
        guard reader.reader.remaining == 0 else { throw .trailingBytes(path: path, count: reader.reader.remaining) }
        return Model(state: NetworkState(architecture: architecture, tensors: tensors), metadata: metadata, optimizer: optimizer)
    }

    /// Creation times from 1970 to the end of year 9999: dates any calendar prints.
    static let creationTimes: ClosedRange<Int64> = 0...253_402_300_799
    /// Samples and optimizer steps: 2^48, decades of training at any speed, far from overflow.
    static let sampleCounts: ClosedRange<Int64> = 0...(1 << 48)
    static let imageCounts: ClosedRange<Int64> = 0...Int64(LabelledImages.maximumCount)

    /// Statistics that must be non-negative (batch norm's running variances) are, or inference
    /// takes a square root of less than zero.
    private static func checkStatistics(_ architecture: Architecture, _ tensors: [[Float]], path: String) throws(ModelFileError) {
        let shapes = (try? architecture.outputShapes()) ?? []
        var tensor = 0
        for (index, (layer, roles)) in zip(architecture.layers, architecture.tensors(shapes: shapes)).enumerated() {
            for role in roles {
                if case .statistic(_, nonNegative: true) = role.role, let bad = tensors[tensor].firstIndex(where: { $0 < 0 }) {
                    throw .badArchitecture(path: path, reason: "layer \(index + 1), \(layer.token), has a negative \(role.name) at channel \(bad)")
                }
                tensor += 1
            }
        }
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

    mutating func uint16(_ field: String) throws(ModelFileError) -> UInt16 {
        let raw = try bytes(2, field)
        return UInt16(raw[0]) | UInt16(raw[1]) << 8
    }

    /// An accuracy in 0…1 stored as f64, NaN for none.
    mutating func accuracy(_ field: String) throws(ModelFileError) -> Double? {
        let value = Double(bitPattern: try uint64(field))
        guard !value.isNaN else { return nil }
        guard (0...1).contains(value) else {
            throw .badField(path: path, reason: "the \(field) is \(value), not between 0 and 1")
        }
        return value
    }

    /// A u32 count that must equal `expectedCount`, then that many finite floats.
    mutating func tensor(index: Int, expectedCount: Int) throws(ModelFileError) -> [Float] {
        let count = Int(try uint32("tensor \(index + 1) size"))
        guard count == expectedCount else {
            throw .tensorMismatch(path: path, index: index, expectedCount: expectedCount, foundCount: count)
        }
        let values = try floats(count, "tensor \(index + 1)")
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteWeight(path: path, tensor: index, index: bad)
        }
        return values
    }

    /// `value` as an Int when it lies in `range`; a counter out of range is refused, never clamped.
    func counter(_ field: String, _ value: some BinaryInteger, _ range: ClosedRange<Int64>) throws(ModelFileError) -> Int {
        guard let exact = Int64(exactly: value), range.contains(exact) else {
            throw .badField(path: path, reason: "the \(field) is \(value), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return Int(exact)
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

    /// A tensor: its u32 count, then its values as f32.
    mutating func append(_ tensor: [Float]) {
        append(UInt32(tensor.count))
        bytes.reserveCapacity(bytes.count + tensor.count * 4)
        for value in tensor { append(value.bitPattern) }
    }
}
