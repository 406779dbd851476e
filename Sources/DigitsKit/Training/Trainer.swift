/// Trains a network epoch by epoch — the classic one a sample at a time, any other in mini-batches
/// with its optimizer — evaluating after each epoch and keeping the best on the validation set.
public final class Trainer {
    public let network: Network
    public let settings: TrainingSettings

    /// - Parameter optimizerState: The state a saved model carries, to continue exactly where it stopped.
    public init(network: Network, settings: TrainingSettings, optimizerState: OptimizerState? = nil) {
        precondition(settings.batchSize <= network.engine.capacity, "the batch does not fit the network")
        self.network = network
        self.settings = settings
        network.engine.startTraining(settings, state: optimizerState)
    }

    /// What happens during training, for a command to show.
    public enum Event {
        /// Sent every `progressInterval` samples or so and at the end of each epoch.
        case progress(epoch: Int, done: Int, total: Int, seconds: Double)
        /// The mean loss and accuracy of the last `samples` samples (every `logEvery` samples).
        case log(epoch: Int, step: Int, samples: Int, loss: Double, accuracy: Double)
        case epochFinished(EpochReport)
    }

    public struct EpochReport: Sendable {
        public let epoch: Int
        public let learningRate: Float
        public let samples: Int
        public let trainLoss: Double
        public let trainAccuracy: Double
        public let seconds: Double
        public let validation: Evaluation?
        public let test: Evaluation?
        /// Whether this epoch has the best validation accuracy so far (always, without validation).
        public let isBest: Bool
    }

    public struct Outcome: Sendable {
        public var epochs: [EpochReport] = []
        /// Where a stop request interrupted training: the epoch and the samples done in it.
        public var interrupted: (epoch: Int, samples: Int)?
        public var samplesTrained = 0
        public var trainingSeconds = 0.0

        public var samplesPerSecond: Double { trainingSeconds > 0 ? Double(samplesTrained) / trainingSeconds : 0 }
        /// The epoch whose model is kept: the best on validation, else the last.
        public var best: EpochReport? { epochs.last { $0.isBest } }
    }

    public static let progressInterval = 1000

    /// Trains for epochs `firstEpoch…settings.epochs`, evaluating on `validation` and `test` after each.
    ///
    /// `shouldStop` is checked after every step; when it says yes, training stops there and the
    /// outcome records where. `bestAccuracy` is the validation accuracy to beat (a resumed run's).
    /// - Throws: `TrainingFailure.diverged` as soon as a step's loss is not finite, or an epoch
    ///   ends with a weight that is not: no epoch event is sent for that epoch, so nothing saves it.
    public func run(
        on train: LabelledImages, validation: LabelledImages? = nil, test: LabelledImages?, firstEpoch: Int = 1,
        bestAccuracy: Double? = nil,
        events: @escaping (Event) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) throws(TrainingFailure) -> Outcome {
        precondition(train.pixelsPerImage == network.inputCount, "the images do not fit the network's input")
        var outcome = Outcome()
        var shuffler = SplitMix64(seed: SeedStreams.shuffle(settings.seed))
        var order = Array(0..<train.count)
        // Resuming at epoch N replays the shuffles of the epochs before it, so the order matches an
        // uninterrupted run.
        if settings.shuffle { for _ in 1..<max(firstEpoch, 1) { shuffler.shuffle(&order) } }
        var bestAccuracy = bestAccuracy ?? -1
        let engine = network.engine
        var augmenter = settings.augmentation.isIdentity ? nil : BatchAugmenter(
            augmentation: settings.augmentation, seed: settings.seed, threads: settings.threads, capacity: engine.capacity
        )

        guard firstEpoch <= settings.epochs else { return outcome }
        for epoch in firstEpoch...settings.epochs {
            if settings.shuffle { shuffler.shuffle(&order) }
            let rate = settings.learningRate(epoch: epoch)
            let start = ContinuousClock.now
            var log = EpochLog(settings: settings, epoch: epoch, total: order.count, start: start, events: events)
            train.withImages { images in
                for first in stride(from: 0, to: order.count, by: settings.batchSize) {
                    let batch = order[first..<min(first + settings.batchSize, order.count)]
                    if augmenter != nil {
                        augmenter!.fill(engine, indices: batch, of: train, epoch: epoch)
                    } else {
                        for (slot, index) in batch.enumerated() { engine.setInput(slot: slot, pixels: images[index]) }
                    }
                    for (slot, index) in batch.enumerated() { engine.setLabel(slot: slot, label: Int(train.labels[index])) }
                    let (loss, correct) = engine.train(count: batch.count, learningRate: rate)
                    log.record(samples: batch.count, loss: loss, correct: correct)
                    if shouldStop() || !loss.isFinite { break }
                }
            }
            let seconds = start.secondsElapsed
            outcome.samplesTrained += log.done
            outcome.trainingSeconds += seconds
            if !log.lossSum.isFinite {
                throw .diverged(epoch: epoch, samples: log.done, learningRate: rate, quantity: "the loss", kept: "")
            }
            let state = network.state
            if !state.tensors.allSatisfy({ $0.allSatisfy(\.isFinite) }) {
                throw .diverged(epoch: epoch, samples: log.done, learningRate: rate, quantity: "a weight", kept: "")
            }
            if log.done < order.count {
                outcome.interrupted = (epoch, log.done)
                return outcome
            }
            events(.progress(epoch: epoch, done: log.done, total: order.count, seconds: seconds))
            let validated = try validation.map { (set) throws(TrainingFailure) in try Self.evaluate(state, on: set, settings: settings) }
            let isBest = validated.map { $0.accuracy > bestAccuracy } ?? true
            if let validated, isBest { bestAccuracy = validated.accuracy }
            let report = EpochReport(
                epoch: epoch, learningRate: rate, samples: log.done, trainLoss: log.lossSum / Double(max(log.done, 1)),
                trainAccuracy: Double(log.correctSum) / Double(max(log.done, 1)), seconds: seconds,
                validation: validated,
                test: try test.map { (set) throws(TrainingFailure) in try Self.evaluate(state, on: set, settings: settings) },
                isBest: isBest
            )
            outcome.epochs.append(report)
            events(.epochFinished(report))
        }
        return outcome
    }

    private static func evaluate(_ state: NetworkState, on set: LabelledImages, settings: TrainingSettings) throws(TrainingFailure) -> Evaluation {
        do {
            return try Evaluation.run(state, on: set, threads: settings.threads, rule: settings.notADigitRule)
        } catch {
            throw .cannotEvaluate(error)
        }
    }
}

/// One epoch's running sums, and the log and progress events they trigger.
private struct EpochLog {
    let settings: TrainingSettings
    let epoch: Int
    let total: Int
    let start: ContinuousClock.Instant
    let events: (Trainer.Event) -> Void
    var done = 0, lossSum = 0.0, correctSum = 0
    private var windowLoss = 0.0, windowCorrect = 0, windowSamples = 0, nextProgress = Trainer.progressInterval

    init(settings: TrainingSettings, epoch: Int, total: Int, start: ContinuousClock.Instant, events: @escaping (Trainer.Event) -> Void) {
        self.settings = settings
        self.epoch = epoch
        self.total = total
        self.start = start
        self.events = events
    }

    mutating func record(samples: Int, loss: Double, correct: Int) {
        done += samples
        lossSum += loss
        correctSum += correct
        windowLoss += loss
        windowCorrect += correct
        windowSamples += samples
        if settings.logEvery > 0 && windowSamples >= settings.logEvery {
            events(.log(epoch: epoch, step: done, samples: windowSamples, loss: windowLoss / Double(windowSamples),
                        accuracy: Double(windowCorrect) / Double(windowSamples)))
            windowLoss = 0
            windowCorrect = 0
            windowSamples = 0
        }
        if done >= nextProgress {
            events(.progress(epoch: epoch, done: done, total: total, seconds: start.secondsElapsed))
            nextProgress = done + Trainer.progressInterval
        }
    }
}
