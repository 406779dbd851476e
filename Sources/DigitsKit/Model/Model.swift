/// A trained network with what is known about how it was made.
public struct Model: Sendable, Equatable {
    public var state: NetworkState
    public var metadata: ModelMetadata

    public init(state: NetworkState, metadata: ModelMetadata) {
        self.state = state
        self.metadata = metadata
    }
}

/// How a model was trained. Stored in the model file after the architecture.
public struct ModelMetadata: Sendable, Equatable {
    /// Seconds since 1970-01-01 UTC.
    public var created: Int64
    public var seed: UInt64
    /// Whole epochs completed.
    public var epochs: Int
    /// Training steps taken, over all epochs.
    public var trainingSamples: Int
    /// The first epoch's learning rate and the factor applied after each epoch.
    public var learningRate: Float
    public var learningRateDecay: Float
    /// Accuracy on the test images after the last epoch, when measured.
    public var testAccuracy: Double?
    public var testImages: Int

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
