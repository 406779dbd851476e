/// One field of a model file's metadata, declared once: its name (the key version 3 stores, and
/// the word errors use), how its value is taken from the metadata, and how a value read back is
/// checked and put in place. Versions 1 and 2 stored the fields by position (`legacyLayout`).
struct MetadataField: Sendable {
    let name: String
    /// The value to store; nil leaves the field out (an accuracy never measured, a distortion not used).
    let value: @Sendable (ModelMetadata) -> MetadataValue?
    /// Checks a value read back and sets it; `path` names the file in errors.
    let assign: @Sendable (inout ModelMetadata, MetadataValue, String) throws(ModelFileError) -> Void

    /// Every field a reader knows, in the order a writer stores them. A field a file leaves out
    /// keeps `ModelMetadata`'s default; "best epoch" follows "epochs" so it can be held to them.
    static let all: [MetadataField] = [
        integer("created", \.created, range: 0...253_402_300_799),  // 1970 to the end of 9999
        MetadataField(name: "seed", value: { .integer(Int64(bitPattern: $0.seed)) }, assign: { metadata, value, path throws(ModelFileError) in
            metadata.seed = UInt64(bitPattern: try value.integer("seed", path: path))
        }),
        integer("epochs", \.epochs, range: 0...Int64(TrainingSettings.maximumEpochs)),
        integer("training samples", \.trainingSamples, range: sampleCounts),
        real("learning rate", \.learningRate),
        real("learning-rate decay", \.learningRateDecay),
        accuracy("test accuracy", \.testAccuracy),
        integer("test images", \.testImages, range: imageCounts),
        integer("batch size", \.batchSize, range: 0...Int64(UInt32.max)),
        text("optimizer", \.optimizer.kind),
        text("loss", \.loss),
        real("momentum", \.optimizer.momentum),
        real("rms decay", \.optimizer.decay),
        real("beta1", \.optimizer.beta1),
        real("beta2", \.optimizer.beta2),
        real("epsilon", \.optimizer.epsilon),
        real("weight decay", \.optimizer.weightDecay),
        integer("validation images", \.validationImages, range: imageCounts),
        accuracy("validation accuracy", \.validationAccuracy),
        MetadataField(name: "best epoch", value: { .integer(Int64($0.bestEpoch)) }, assign: { metadata, value, path throws(ModelFileError) in
            metadata.bestEpoch = try value.counter("best epoch", in: 0...Int64(metadata.epochs), path: path)
        }),
        MetadataField(name: "non-digit pictures", value: { $0.nonDigitPictures == 0 ? nil : .integer(Int64($0.nonDigitPictures)) },
                      assign: { metadata, value, path throws(ModelFileError) in
            metadata.nonDigitPictures = try value.counter("non-digit pictures", in: imageCounts, path: path)
        }),
        MetadataField(name: "not-a-digit threshold", value: { $0.notADigitThreshold == 0 ? nil : .real(Double($0.notADigitThreshold)) },
                      assign: { metadata, value, path throws(ModelFileError) in
            let threshold = try value.float("not-a-digit threshold", path: path)
            guard NotADigitRule.thresholds.contains(threshold) else {
                throw .badField(path: path, reason: "the not-a-digit threshold \(threshold) is outside 0..<1")
            }
            guard metadata.answersNotADigit else {
                throw .badField(path: path, reason: "it has a not-a-digit threshold but was not trained on non-digit pictures")
            }
            metadata.notADigitThreshold = threshold
        }),
    ] + Augmentation.fields.map { field in
        MetadataField(name: "augment \(field.name)", value: { metadata in
            let strength = metadata.augmentation[keyPath: field.keyPath]
            return strength == 0 ? nil : .real(Double(strength))
        }, assign: { metadata, value, path throws(ModelFileError) in
            let strength = try value.float("augment \(field.name)", path: path)
            guard strength >= 0, strength <= field.limit else {
                throw .badField(path: path, reason: "augmentation \(field.name) \(strength) is outside 0–\(field.limit)")
            }
            metadata.augmentation[keyPath: field.keyPath] = strength
        })
    }

    /// How versions 1 and 2 stored the fields, in order (version 2 appends to version 1's); the
    /// augmentation strengths then followed in a record of their own.
    static func legacyLayout(version: Int) -> [(name: String, encoding: LegacyEncoding)] {
        let first: [(String, LegacyEncoding)] = [
            ("created", .i64), ("seed", .u64), ("epochs", .u32), ("training samples", .u64), ("learning rate", .f32),
            ("learning-rate decay", .f32), ("test accuracy", .f64), ("test images", .u32),
        ]
        let second: [(String, LegacyEncoding)] = [
            ("batch size", .u32), ("optimizer", .optimizerAndLoss), ("momentum", .f32), ("rms decay", .f32), ("beta1", .f32),
            ("beta2", .f32), ("epsilon", .f32), ("weight decay", .f32), ("validation images", .u32),
            ("validation accuracy", .f64), ("best epoch", .u32),
        ]
        return version >= 2 ? first + second : first
    }

    enum LegacyEncoding { case u32, u64, i64, f32, f64, optimizerAndLoss }

    /// Samples and optimizer steps: 2^48, decades of training at any speed, far from overflow.
    static let sampleCounts: ClosedRange<Int64> = 0...(1 << 48)
    static let imageCounts: ClosedRange<Int64> = 0...Int64(LabelledImages.maximumCount)
    /// The optimizers in the order of version 2's codes.
    static let legacyOptimizerCodes: [OptimizerKind] = [.sgd, .momentum, .rmsprop, .adam]

    /// A count, refused (never clamped) outside `range`.
    private static func integer<Value: BinaryInteger & Sendable>(
        _ name: String, _ keyPath: WritableKeyPath<ModelMetadata, Value> & Sendable, range: ClosedRange<Int64>
    ) -> MetadataField {
        MetadataField(name: name, value: { .integer(Int64($0[keyPath: keyPath])) }, assign: { metadata, value, path throws(ModelFileError) in
            metadata[keyPath: keyPath] = Value(try value.counter(name, in: range, path: path))
        })
    }

    private static func real(_ name: String, _ keyPath: WritableKeyPath<ModelMetadata, Float> & Sendable) -> MetadataField {
        MetadataField(name: name, value: { .real(Double($0[keyPath: keyPath])) }, assign: { metadata, value, path throws(ModelFileError) in
            metadata[keyPath: keyPath] = try value.float(name, path: path)
        })
    }

    /// Within 0–1; absent (or NaN in versions 1 and 2) when not measured.
    private static func accuracy(_ name: String, _ keyPath: WritableKeyPath<ModelMetadata, Double?> & Sendable) -> MetadataField {
        MetadataField(name: name, value: { $0[keyPath: keyPath].map { .real($0) } }, assign: { metadata, value, path throws(ModelFileError) in
            let accuracy = try value.real(name, path: path)
            guard accuracy.isNaN || (0...1).contains(accuracy) else {
                throw .badField(path: path, reason: "the \(name) is \(accuracy), not between 0 and 1")
            }
            metadata[keyPath: keyPath] = accuracy.isNaN ? nil : accuracy
        })
    }

    /// One of a closed set of names, such as an optimizer's.
    private static func text<Value: RawRepresentable<String> & CaseIterable & Sendable>(
        _ name: String, _ keyPath: WritableKeyPath<ModelMetadata, Value> & Sendable
    ) -> MetadataField {
        MetadataField(name: name, value: { .text($0[keyPath: keyPath].rawValue) }, assign: { metadata, value, path throws(ModelFileError) in
            let word = try value.text(name, path: path)
            guard let known = Value(rawValue: word) else {
                throw .badField(path: path, reason: "unknown \(name) '\(word)' (this digits knows \(Value.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            metadata[keyPath: keyPath] = known
        })
    }
}
