/// Trains a network one sample at a time and reports as it goes.
public struct Trainer {
    public let network: Network
    public let settings: TrainingSettings

    public init(network: Network, settings: TrainingSettings) {
        self.network = network
        self.settings = settings
    }

    /// What happens during training, for a command to show.
    public enum Event {
        /// Sent every `progressInterval` samples and at the end of each epoch.
        case progress(epoch: Int, done: Int, total: Int, seconds: Double)
        /// The mean loss and accuracy of the last `steps` samples (every `logEvery` steps).
        case log(epoch: Int, step: Int, steps: Int, loss: Double, accuracy: Double)
        case epochFinished(EpochReport)
    }

    public struct EpochReport: Sendable {
        public let epoch: Int
        public let learningRate: Float
        public let samples: Int
        public let trainLoss: Double
        public let trainAccuracy: Double
        public let seconds: Double
        public let test: Evaluation?
    }

    public struct Outcome: Sendable {
        public var epochs: [EpochReport] = []
        /// Where a stop request interrupted training: the epoch and the samples done in it.
        public var interrupted: (epoch: Int, samples: Int)?
        public var samplesTrained = 0
        public var trainingSeconds = 0.0

        public var samplesPerSecond: Double { trainingSeconds > 0 ? Double(samplesTrained) / trainingSeconds : 0 }
    }

    public static let progressInterval = 1000

    /// Trains for epochs `firstEpoch…settings.epochs`, evaluating on `test` after each.
    ///
    /// `shouldStop` is checked after every sample; when it says yes, training stops there and the
    /// outcome records where.
    public func run(
        on train: LabelledImages, test: LabelledImages?, firstEpoch: Int = 1,
        events: (Event) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) -> Outcome {
        precondition(train.pixelsPerImage == network.inputCount, "the images do not fit the network's input")
        var outcome = Outcome()
        var shuffler = SplitMix64(seed: settings.seed ^ 0xA5A5_A5A5)
        var order = Array(0..<train.count)
        // Resuming at epoch N replays the shuffles of the epochs before it, so the order matches an
        // uninterrupted run.
        if settings.shuffle { for _ in 1..<max(firstEpoch, 1) { shuffler.shuffle(&order) } }

        guard firstEpoch <= settings.epochs else { return outcome }
        train.pixels.withUnsafeBufferPointer { pixels in
            for epoch in firstEpoch...settings.epochs {
                if settings.shuffle { shuffler.shuffle(&order) }
                let rate = settings.learningRate(epoch: epoch)
                let start = ContinuousClock.now
                var lossSum = 0.0, correctSum = 0, windowLoss = 0.0, windowCorrect = 0, done = 0
                for index in order {
                    let (loss, correct) = network.trainStep(
                        pixels: pixels.baseAddress! + index * train.pixelsPerImage, label: Int(train.labels[index]),
                        learningRate: rate
                    )
                    done += 1
                    lossSum += Double(loss)
                    windowLoss += Double(loss)
                    if correct { correctSum += 1; windowCorrect += 1 }
                    if settings.logEvery > 0 && done % settings.logEvery == 0 {
                        events(.log(epoch: epoch, step: done, steps: settings.logEvery,
                                    loss: windowLoss / Double(settings.logEvery),
                                    accuracy: Double(windowCorrect) / Double(settings.logEvery)))
                        windowLoss = 0
                        windowCorrect = 0
                    }
                    if done % Self.progressInterval == 0 {
                        events(.progress(epoch: epoch, done: done, total: order.count, seconds: start.secondsElapsed))
                    }
                    if shouldStop() { break }
                }
                let seconds = start.secondsElapsed
                outcome.samplesTrained += done
                outcome.trainingSeconds += seconds
                if done < order.count {
                    outcome.interrupted = (epoch, done)
                    return
                }
                events(.progress(epoch: epoch, done: done, total: order.count, seconds: seconds))
                let report = EpochReport(
                    epoch: epoch, learningRate: rate, samples: done, trainLoss: lossSum / Double(max(done, 1)),
                    trainAccuracy: Double(correctSum) / Double(max(done, 1)), seconds: seconds,
                    test: test.map { Evaluation.run(network.state, on: $0) }
                )
                outcome.epochs.append(report)
                events(.epochFinished(report))
            }
        }
        return outcome
    }
}
