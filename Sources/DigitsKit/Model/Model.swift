/// A trained network with what is known about how it was made, and optionally the optimizer's
/// state so that training can continue exactly.
public struct Model: Sendable, Equatable {
    public var state: NetworkState
    public var metadata: ModelMetadata
    public var optimizer: OptimizerState?

    public init(state: NetworkState, metadata: ModelMetadata, optimizer: OptimizerState? = nil) {
        self.state = state
        self.metadata = metadata
        self.optimizer = optimizer
    }
}

/// How a model was trained. Stored in the model file after the architecture.
public struct ModelMetadata: Sendable, Equatable {
    /// Seconds since 1970-01-01 UTC.
    public var created: Int64
    public var seed: UInt64
    /// Whole epochs completed.
    public var epochs: Int
    /// Training samples seen, over all epochs.
    public var trainingSamples: Int
    /// The first epoch's learning rate and the factor applied after each epoch.
    public var learningRate: Float
    public var learningRateDecay: Float
    /// Accuracy on the test images after the saved epoch, when measured.
    public var testAccuracy: Double?
    public var testImages: Int
    public var batchSize = 1
    public var optimizer = OptimizerSettings()
    public var loss = Loss.crossEntropy
    /// Training images held out for validation, and the saved epoch's accuracy on them.
    public var validationImages = 0
    public var validationAccuracy: Double?
    /// The epoch whose model this is when validation chose it; 0 otherwise.
    public var bestEpoch = 0
    /// The distortions training applied to each sample.
    public var augmentation = Augmentation()
    /// Generated pictures that are not digits (`NonDigitPictures`) added to the training images;
    /// when there were any, the network has 11 outputs and the last is "not a digit".
    public var nonDigitPictures = 0

    /// The probability above which "not a digit" is answered (`NotADigitRule`); 0 when the file
    /// stores none: the likeliest output.
    public var notADigitThreshold: Float = 0

    /// Whether the network's last output is the probability that a picture is not a digit.
    public var answersNotADigit: Bool { nonDigitPictures > 0 }
    /// How the model answers "not a digit"; nil for a model of digits only.
    public var notADigitRule: NotADigitRule? { answersNotADigit ? NotADigitRule(threshold: notADigitThreshold) : nil }

    public init(
        created: Int64, seed: UInt64, epochs: Int, trainingSamples: Int, learningRate: Float,
        learningRateDecay: Float, testAccuracy: Double?, testImages: Int
    ) {
        self.created = created
        self.seed = seed
        self.epochs = epochs
        self.trainingSamples = trainingSamples
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.testAccuracy = testAccuracy
        self.testImages = testImages
    }
}
