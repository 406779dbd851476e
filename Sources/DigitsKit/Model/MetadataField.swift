/// One field of a model file's metadata, declared once: its name in errors, the version that added
/// it, how it is written, and how it is read and checked.
struct MetadataField: Sendable {
    let name: String
    let firstVersion: Int
    let write: @Sendable (inout ByteWriter, ModelMetadata) -> Void
    let read: @Sendable (inout FieldReader, inout ModelMetadata) throws(ModelFileError) -> Void

    /// The fields in file order (docs/model-format.md); the augmentation record follows them when flagged.
    static let all: [MetadataField] = [
        counter64("creation time", \.created, range: 0...253_402_300_799, signed: true, since: 1),  // 1970 to the end of 9999
        MetadataField(name: "seed", firstVersion: 1, write: { $0.append($1.seed) },
                      read: { reader, metadata throws(ModelFileError) in metadata.seed = try reader.uint64("seed") }),
        counter32("epoch count", \.epochs, range: 0...Int64(TrainingSettings.maximumEpochs), since: 1),
        counter64("training samples", \.trainingSamples, range: sampleCounts, signed: false, since: 1),
        float("learning rate", \.learningRate, since: 1),
        float("learning-rate decay", \.learningRateDecay, since: 1),
        accuracy("test accuracy", \.testAccuracy, since: 1),
        counter32("test images", \.testImages, range: imageCounts, since: 1),
        counter32("batch size", \.batchSize, range: 0...Int64(UInt32.max), since: 2),
        MetadataField(name: "optimizer and loss", firstVersion: 2, write: { writer, metadata in
            writer.append([UInt8(optimizerCodes.firstIndex(of: metadata.optimizer.kind) ?? 0), metadata.loss == .crossEntropy ? 0 : 1, 0, 0])
        }, read: { reader, metadata throws(ModelFileError) in
            let codes = try reader.bytes(4, "optimizer and loss")
            guard Int(codes[0]) < optimizerCodes.count, codes[1] <= 1 else {
                throw .badField(path: reader.path, reason: "unknown optimizer \(codes[0]) or loss \(codes[1])")
            }
            metadata.optimizer.kind = optimizerCodes[Int(codes[0])]
            metadata.loss = codes[1] == 0 ? .crossEntropy : .meanSquaredError
        }),
        float("momentum", \.optimizer.momentum, since: 2),
        float("RMSProp decay", \.optimizer.decay, since: 2),
        float("Adam β1", \.optimizer.beta1, since: 2),
        float("Adam β2", \.optimizer.beta2, since: 2),
        float("ε", \.optimizer.epsilon, since: 2),
        float("weight decay", \.optimizer.weightDecay, since: 2),
        counter32("validation images", \.validationImages, range: imageCounts, since: 2),
        accuracy("validation accuracy", \.validationAccuracy, since: 2),
        // Read after the epochs, so the range can hold it to them.
        MetadataField(name: "best epoch", firstVersion: 2, write: { $0.append(UInt32(truncatingIfNeeded: $1.bestEpoch)) }, read: { reader, metadata throws(ModelFileError) in
            metadata.bestEpoch = try reader.counter("best epoch", try reader.uint32("best epoch"), 0...Int64(metadata.epochs))
        }),
    ]

    /// The optimizers in the order of their codes.
    static let optimizerCodes: [OptimizerKind] = [.sgd, .momentum, .rmsprop, .adam]
    /// Samples and optimizer steps: 2^48, decades of training at any speed, far from overflow.
    static let sampleCounts: ClosedRange<Int64> = 0...(1 << 48)
    static let imageCounts: ClosedRange<Int64> = 0...Int64(LabelledImages.maximumCount)

    private static func float(_ name: String, _ keyPath: WritableKeyPath<ModelMetadata, Float> & Sendable, since version: Int) -> MetadataField {
        MetadataField(name: name, firstVersion: version, write: { $0.append($1[keyPath: keyPath].bitPattern) },
                      read: { reader, metadata throws(ModelFileError) in metadata[keyPath: keyPath] = try reader.float(name) })
    }

    /// An f64 within 0–1, or NaN when not measured.
    private static func accuracy(_ name: String, _ keyPath: WritableKeyPath<ModelMetadata, Double?> & Sendable, since version: Int) -> MetadataField {
        MetadataField(name: name, firstVersion: version, write: { $0.append(($1[keyPath: keyPath] ?? .nan).bitPattern) },
                      read: { reader, metadata throws(ModelFileError) in metadata[keyPath: keyPath] = try reader.accuracy(name) })
    }

    /// A u32 count, refused (never clamped) outside `range`.
    private static func counter32(
        _ name: String, _ keyPath: WritableKeyPath<ModelMetadata, Int> & Sendable, range: ClosedRange<Int64>, since version: Int
    ) -> MetadataField {
        MetadataField(name: name, firstVersion: version, write: { $0.append(UInt32(truncatingIfNeeded: $1[keyPath: keyPath])) },
                      read: { reader, metadata throws(ModelFileError) in
                          metadata[keyPath: keyPath] = try reader.counter(name, try reader.uint32(name), range)
                      })
    }

    /// An i64 (`signed`) or u64 count, refused outside `range`.
    private static func counter64<Value: BinaryInteger & Sendable>(
        _ name: String, _ keyPath: WritableKeyPath<ModelMetadata, Value> & Sendable, range: ClosedRange<Int64>, signed: Bool,
        since version: Int
    ) -> MetadataField {
        MetadataField(name: name, firstVersion: version, write: { $0.append(UInt64(truncatingIfNeeded: $1[keyPath: keyPath])) },
                      read: { reader, metadata throws(ModelFileError) in
                          let bits = try reader.uint64(name)
                          let count = signed ? try reader.counter(name, Int64(bitPattern: bits), range) : try reader.counter(name, bits, range)
                          metadata[keyPath: keyPath] = Value(count)
                      })
    }
}
