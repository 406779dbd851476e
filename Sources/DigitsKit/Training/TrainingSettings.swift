/// How `Trainer` trains: the optimizer, the batch, the learning-rate schedule, the loss.
public struct TrainingSettings: Sendable, Equatable {
    public var epochs: Int
    /// The step size in the first epoch.
    public var learningRate: Float
    /// Multiplies the learning rate after each epoch (1 keeps it fixed, as the classic tutorial does).
    public var learningRateDecay: Float
    /// Visit the samples in a new random order each epoch.
    public var shuffle: Bool
    /// Seeds the initial parameters, the shuffles, the validation split and dropout.
    public var seed: UInt64
    /// Report the mean loss and accuracy of the last `logEvery` samples; 0 for never.
    public var logEvery: Int
    /// Samples per optimizer step. The classic network trains one at a time.
    public var batchSize: Int
    public var optimizer: OptimizerSettings
    public var loss: Loss
    /// Training images held out (chosen by the seed) to pick the best epoch; 0 for none.
    public var validation: Int
    /// Threads for batched training and evaluation.
    public var threads: Int
    /// Random distortions of each training sample; none by default.
    public var augmentation: Augmentation
    /// Generated pictures that are not digits (`NonDigitPictures`) added to the training images,
    /// labelled as an 11th output; 0 trains on digits only.
    public var nonDigits = 0
    /// Training digits re-drawn with the pad's pen that go with the non-digits, a third as many
    /// (`NonDigitPictures.penDrawnDigits`).
    public var penDrawnDigits: Int { nonDigits / 3 }
    /// Typeset digits that go with them, a tenth as many (`NonDigitPictures.typesetDigits`).
    public var typesetDigits: Int { nonDigits / 10 }
    /// Whether the model learns to answer "not a digit" with its 11th output.
    public var answersNotADigit: Bool { nonDigits > 0 }
    /// How the model being trained answers "not a digit": the likeliest output, until `digits
    /// export --reject-above` sets a threshold.
    public var notADigitRule: NotADigitRule? { answersNotADigit ? NotADigitRule() : nil }

    /// Bounds that keep a schedule from overflowing, shared by the command line and the model
    /// file: beyond them training diverges at once or a resumed run would replay for hours.
    public static let maximumEpochs = 10_000
    public static let learningRates: ClosedRange<Float> = .leastNormalMagnitude...1e6
    public static let learningRateDecays: ClosedRange<Float> = .leastNormalMagnitude...10
    public static let weightDecays: ClosedRange<Float> = 0...1

    /// The defaults are the classic network's: plain SGD, one sample at a time, 0.01 halved each
    /// epoch for 5 epochs, which reach about 98% on MNIST's test set.
    public init(
        epochs: Int = 5, learningRate: Float = 0.01, learningRateDecay: Float = 0.5, shuffle: Bool = true,
        seed: UInt64 = 0, logEvery: Int = 10_000, batchSize: Int = 1, optimizer: OptimizerSettings = OptimizerSettings(),
        loss: Loss = .crossEntropy, validation: Int = 0, threads: Int = Network.defaultThreads,
        augmentation: Augmentation = Augmentation()
    ) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.shuffle = shuffle
        self.seed = seed
        self.logEvery = logEvery
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.loss = loss
        self.validation = validation
        self.threads = threads
        self.augmentation = augmentation
    }

    /// What in these settings the classic per-sample engine cannot do: it trains with plain SGD on
    /// one sample at a time with cross-entropy, on MNIST's images as they are.
    public var classicConflicts: [String] {
        (batchSize == 1 ? [] : ["a batch of \(batchSize)"]) + (optimizer.kind == .sgd ? [] : ["the \(optimizer.kind.rawValue) optimizer"])
            + (optimizer.weightDecay == 0 ? [] : ["weight decay"]) + (loss == .crossEntropy ? [] : ["the \(loss.rawValue) loss"])
            + (augmentation.isIdentity ? [] : ["augmentation"])
    }

    public var suitsClassicNetwork: Bool { classicConflicts.isEmpty }

    /// Refuses settings the network's engine cannot train with.
    public func check(for architecture: Architecture) throws(TrainingFailure) {
        guard !architecture.isClassic || suitsClassicNetwork else { throw .classicCannotTrain(with: classicConflicts) }
        guard let classes = architecture.classes, classes >= 10 else { throw .fewerOutputsThanDigits(classes: architecture.classes ?? 0) }
        guard nonDigits == 0 || classes == 11 else { throw .nonDigitsNeedEleventhOutput(classes: classes) }
    }

    /// Samples per step unless told: the classic network's one, or 64 for general layers.
    public static func defaultBatchSize(for architecture: Architecture) -> Int { architecture.isClassic ? 1 : 64 }

    /// The learning rate during epoch `epoch` (1-based).
    public func learningRate(epoch: Int) -> Float {
        var rate = learningRate
        for _ in 1..<max(epoch, 1) { rate *= learningRateDecay }
        return rate
    }
}
