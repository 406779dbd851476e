#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A whole training run with its checkpoints: a fresh network or one resumed from a model file,
/// validation held out, the model saved after every epoch that is the best so far and when stopped.
public final class TrainingRun {
    public let network: Network
    public let settings: TrainingSettings
    /// The epoch to train next: 1, or one past a resumed model's.
    public let firstEpoch: Int
    private let trainer: Trainer
    private let output: String?
    private let resumed: Model?

    /// A fresh network of `architecture`, trained with `settings`, saved to `output` when given.
    public init(architecture: Architecture, settings: TrainingSettings, output: String?) throws {
        network = try Network(architecture, seed: settings.seed, batchCapacity: settings.batchSize, threads: settings.threads)
        self.settings = settings
        trainer = Trainer(network: network, settings: settings)
        firstEpoch = 1
        self.output = output
        resumed = nil
    }

    /// Continues `model` from the epoch after its last, with the settings it was trained with
    /// (`settings` supplies only the epoch count, logging and threads) and its optimizer state.
    public init(resuming model: Model, settings: TrainingSettings, output: String?) throws {
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
        network = try Network(model.state, batchCapacity: settings.batchSize, threads: settings.threads)
        self.settings = settings
        trainer = Trainer(network: network, settings: settings, optimizerState: model.optimizer)
        firstEpoch = metadata.epochs + 1
        self.output = output
        resumed = model
    }

    /// Trains until `settings.epochs` or until `shouldStop` says so.
    /// - Throws: A failed save, after which training stops.
    public func run(
        train: LabelledImages, test: LabelledImages?,
        events: @escaping (Trainer.Event) -> Void = { _ in }, shouldStop: @escaping () -> Bool = { false }
    ) throws -> Trainer.Outcome {
        let (training, validation) = settings.validation > 0
            ? train.splitValidation(settings.validation, seed: settings.seed)
            : (train, nil)
        var samples = resumed?.metadata.trainingSamples ?? 0
        var savedThisRun = false
        var saveError: (any Error)?
        let outcome = trainer.run(
            on: training, validation: validation, test: test, firstEpoch: firstEpoch,
            bestAccuracy: resumed?.metadata.validationAccuracy,
            events: { [self] event in
                events(event)
                guard case let .epochFinished(report) = event else { return }
                samples += report.samples
                guard report.isBest, saveError == nil else { return }
                do {
                    try save(epochs: report.epoch, samples: samples, report: report)
                    savedThisRun = true
                } catch {
                    saveError = error
                }
            },
            shouldStop: { shouldStop() || saveError != nil }
        )
        if let saveError { throw saveError }
        if let (epoch, done) = outcome.interrupted, validation == nil || !savedThisRun {
            // Without validation the latest weights are the ones to keep; the interrupted epoch is
            // trained again from its start on --resume.
            try save(epochs: epoch - 1, samples: samples + done, report: nil)
        }
        return outcome
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
        metadata.validationAccuracy = report?.validation?.accuracy ?? resumed?.metadata.validationAccuracy
        metadata.bestEpoch = report?.validation == nil ? 0 : epochs
        try ModelSaver.save(Model(state: network.state, metadata: metadata, optimizer: trainer.optimizer?.state), to: output)
    }
}
