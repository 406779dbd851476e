/// A whole training run with its checkpoints: a fresh network or one resumed from a model file,
/// validation held out, the model saved after every epoch that is the best so far and when stopped.
public final class TrainingRun {
    public let network: Network
    public let settings: TrainingSettings
    /// The epoch to train next: 1, or one past a resumed model's.
    public let firstEpoch: Int
    /// Where the model goes, checked before training starts; nil when it is not kept.
    public let destination: ModelSaver.Destination?
    /// What the last save wrote, for the command to say; nil until something is written.
    public private(set) var saved: Save?
    private let trainer: Trainer
    private let output: String?
    private let resumed: (model: Model, path: String)?

    /// What a run left in its output file.
    public enum Save: Equatable, Sendable {
        /// The model after `epochs` whole epochs (and the samples of an interrupted one).
        case trained(epochs: Int)
        /// No resumed epoch beat the resumed model's validation accuracy, so that model is the
        /// one kept; `copied` says whether it was written to a new output (false: it is the same file).
        case resumedModelKept(epoch: Int, accuracy: Double, copied: Bool)
    }

    /// A fresh network of `architecture`, trained with `settings`, saved to `output` when given.
    /// - Throws: Before any training, when the network cannot be built, its file would be too
    ///   large to read back, or `output` cannot take a model.
    public init(architecture: Architecture, settings: TrainingSettings, output: String?) throws {
        // Checked before the network's buffers are allocated: a refusal costs nothing.
        destination = try Self.check(architecture, settings, output: output)
        network = try Network(architecture, seed: settings.seed, batchCapacity: settings.batchSize, threads: settings.threads)
        self.settings = settings
        trainer = Trainer(network: network, settings: settings)
        firstEpoch = 1
        self.output = output
        resumed = nil
    }

    /// Continues `model`, read from `path`, from the epoch after its last, with the settings it
    /// was trained with (`settings` supplies only the epoch count, logging and threads) and its
    /// optimizer state.
    /// - Throws: As the other initializer does, and when the model's settings cannot train.
    public init(resuming model: Model, from path: String, settings: TrainingSettings, output: String?) throws {
        try model.checkResumable(path: path)
        var settings = settings
        let metadata = model.metadata
        settings.seed = metadata.seed
        settings.learningRate = metadata.learningRate
        settings.learningRateDecay = metadata.learningRateDecay
        settings.batchSize = metadata.batchSize
        settings.optimizer = metadata.optimizer
        settings.loss = metadata.loss
        settings.validation = metadata.validationImages
        settings.augmentation = metadata.augmentation
        settings.nonDigits = metadata.nonDigitPictures
        destination = try Self.check(model.state.architecture, settings, output: output)
        network = try Network(model.state, batchCapacity: settings.batchSize, threads: settings.threads)
        self.settings = settings
        trainer = Trainer(network: network, settings: settings, optimizerState: model.optimizer)
        firstEpoch = metadata.epochs + 1
        self.output = output
        resumed = (model, path)
    }

    private static func check(_ architecture: Architecture, _ settings: TrainingSettings, output: String?) throws -> ModelSaver.Destination? {
        try settings.check(for: architecture)
        let bytes = try ModelFile.size(of: architecture, moments: settings.optimizer.kind.moments)
        guard bytes <= ModelFile.maximumBytes else { throw TrainingFailure.modelTooLarge(bytes: bytes) }
        return try output.map { path throws(ModelFileError) in try ModelSaver.destination(for: path) }
    }

    /// Trains until `settings.epochs` or until `shouldStop` says so.
    /// - Throws: A failed save, after which training stops.
    public func run(
        train: LabelledImages, test: LabelledImages?,
        events: @escaping (Trainer.Event) -> Void = { _ in }, shouldStop: @escaping () -> Bool = { false }
    ) throws -> Trainer.Outcome {
        let train = !settings.answersNotADigit ? train : train.appending(NonDigitPictures.make(settings.nonDigits, seed: settings.seed, digits: train))
            .appending(NonDigitPictures.penDrawnDigits(settings.penDrawnDigits, seed: settings.seed, digits: train))
            .appending(NonDigitPictures.typesetDigits(settings.typesetDigits, seed: settings.seed))
        let (training, validation) = settings.validation > 0
            ? train.splitValidation(settings.validation, seed: settings.seed)
            : (train, nil)
        var samples = resumed?.model.metadata.trainingSamples ?? 0
        var saveError: (any Error)?
        let outcome: Trainer.Outcome
        do {
            outcome = try trainer.run(
                on: training, validation: validation, test: test, firstEpoch: firstEpoch,
                bestAccuracy: resumed?.model.metadata.validationAccuracy,
                events: { [self] event in
                    events(event)
                    guard case let .epochFinished(report) = event else { return }
                    samples += report.samples
                    guard report.isBest, saveError == nil else { return }
                    do {
                        try save(epochs: report.epoch, samples: samples, report: report)
                    } catch {
                        saveError = error
                    }
                },
                shouldStop: { shouldStop() || saveError != nil }
            )
        } catch {
            guard case let .diverged(epoch, done, rate, quantity, _) = error else { throw error }
            throw TrainingFailure.diverged(epoch: epoch, samples: done, learningRate: rate, quantity: quantity, kept: keptNote)
        }
        if let saveError { throw saveError }
        if let (epoch, done) = outcome.interrupted, validation == nil || saved == nil {
            // Without validation the latest weights are the ones to keep; the interrupted epoch is
            // trained again from its start on --resume.
            try save(epochs: epoch - 1, samples: samples + done, report: nil)
        } else if saved == nil, let resumed, let output, case let .file(target)? = destination,
                  let accuracy = resumed.model.metadata.validationAccuracy {
            // No resumed epoch beat the model we started from: it stays the one to keep.
            let copied = !Self.sameFile(target, resumed.path)
            if copied { try ModelSaver.save(resumed.model, to: output) }
            saved = .resumedModelKept(epoch: resumed.model.metadata.epochs, accuracy: accuracy, copied: copied)
        }
        return outcome
    }

    /// What the output holds after a failure, in words.
    private var keptNote: String {
        guard let output, case .file? = destination else { return "" }
        switch saved {
        case let .trained(epochs)?: return "\(output) keeps the model of epoch \(epochs)"
        case .resumedModelKept?, nil: return "nothing was written to \(output)"
        }
    }

    private static func sameFile(_ first: String, _ second: String) -> Bool {
        var a = stat(), b = stat()
        return stat(first, &a) == 0 && stat(second, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Now, or `SOURCE_DATE_EPOCH` when set, so that a scripted rerun writes the same bytes
    /// (the reproducible-builds convention).
    static var creationTime: Int64 {
        ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) } ?? Int64(Date().timeIntervalSince1970)
    }

    private func save(epochs: Int, samples: Int, report: Trainer.EpochReport?) throws {
        guard let output else { return }
        var metadata = ModelMetadata(
            created: Self.creationTime, seed: settings.seed, epochs: epochs, trainingSamples: samples,
            learningRate: settings.learningRate, learningRateDecay: settings.learningRateDecay,
            testAccuracy: report?.test?.accuracy, testImages: report?.test?.count ?? 0
        )
        metadata.batchSize = settings.batchSize
        metadata.optimizer = settings.optimizer
        metadata.loss = settings.loss
        metadata.validationImages = settings.validation
        metadata.augmentation = settings.augmentation
        metadata.nonDigitPictures = settings.nonDigits
        metadata.validationAccuracy = report?.validation?.accuracy ?? resumed?.model.metadata.validationAccuracy
        metadata.bestEpoch = report?.validation == nil ? 0 : epochs
        try ModelSaver.save(Model(state: network.state, metadata: metadata, optimizer: network.engine.optimizerState), to: output)
        saved = .trained(epochs: epochs)
    }
}
