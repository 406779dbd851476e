/// Times training and inference in-process, through the network's engine: the classic network per
/// sample on one thread, any other network in mini-batches on the settings' threads.
public struct Benchmark {
    public struct Result: Sendable {
        /// Median over the repetitions.
        public let trainSamplesPerSecond: Double
        public let inferenceImagesPerSecond: Double
        public let trainRuns: [Double]
        public let inferenceRuns: [Double]
        /// One drawing-pad update — a mouse drag stroked onto the canvas, MNIST-style
        /// preprocessing and a prediction — in microseconds, median over the repetitions.
        public let padUpdateMicroseconds: Double
        /// The same update with the pad showing the saliency map, then the first layer's maps:
        /// the prediction and the view's picture, medians in microseconds.
        public let padSaliencyMicroseconds: Double
        public let padMapsMicroseconds: Double
        /// The timed training steps of every repetition, layer by layer, when `profiling`.
        public let profile: StepProfile?
    }

    public var architecture = Architecture.classic()
    public var trainSteps = 200_000
    public var inferences = 100_000
    public var repetitions = 5
    /// Samples trained, untimed, before each repetition's timing.
    public var warmUp = 2_000
    /// How it trains: the batch, the optimizer, the threads, the augmentation, the learning rate
    /// (plain SGD one sample at a time by default, as the classic network trains).
    public var settings = TrainingSettings(learningRate: 0.005)
    /// The largest inference batch; smaller when the network's workspace bound or its engine allows fewer.
    public var inferenceBatch = 1000
    /// Whether to time each layer of the timed training steps (a clock read around each pass).
    public var profiling = false

    public init() {}

    /// The OpenBLAS kernel family the general layers' matrix products run on ("SkylakeX").
    public static var matrixKernels: String { OpenBLAS.shared.kernels }

    /// Where a run is, for a command to show on a terminal: `done` of `total` samples or images
    /// of one repetition's phase.
    public struct Progress: Sendable {
        public enum Phase: String, Sendable { case training, inference }
        public let repetition: Int
        public let phase: Phase
        public let done: Int
        public let total: Int
    }

    /// Each repetition starts a fresh network (seeded by the repetition), warms up, then times
    /// `trainSteps` samples of training over `train` (in whole batches) and `inferences` predictions
    /// over `test` in batches of `inferenceBatch(for:)`, cycling through the sets.
    public func run(
        train: LabelledImages, test: LabelledImages, progress: (Progress) -> Void = { _ in }
    ) throws(ArchitectureError) -> Result {
        var trainRuns: [Double] = [], inferenceRuns: [Double] = [], padRuns: [Double] = [], saliencyRuns: [Double] = [], mapsRuns: [Double] = []
        var checksum = 0.0
        var profile: StepProfile?
        let batch = settings.batchSize, wantedInferenceBatch = try inferenceBatch(for: architecture)
        for repetition in 0..<repetitions {
            let network = try Network(
                architecture, seed: UInt64(1234 + repetition), batchCapacity: max(batch, wantedInferenceBatch), threads: settings.threads
            )
            let engine = network.engine, inferenceBatch = min(wantedInferenceBatch, engine.capacity)
            engine.startTraining(settings, state: nil)
            var augmenter = settings.augmentation.isIdentity ? nil : BatchAugmenter(
                augmentation: settings.augmentation, seed: UInt64(repetition), threads: settings.threads, capacity: engine.capacity
            )
            func fill(_ images: LabelledImages.ImageView, of set: LabelledImages, from first: Int, count: Int) {
                for slot in 0..<count { engine.setInput(slot: slot, pixels: images[(first + slot) % set.count]) }
            }
            func steps(_ samples: Int, timed: Bool) -> Int {
                var done = 0
                train.withImages { images in
                    while done < samples {
                        if timed && done % Self.progressInterval < batch {
                            progress(Progress(repetition: repetition, phase: .training, done: done, total: samples))
                        }
                        if augmenter != nil {
                            augmenter!.fill(engine, indices: (done..<done + batch).map { $0 % train.count }[...], of: train, epoch: 1)
                        } else {
                            fill(images, of: train, from: done, count: batch)
                        }
                        for slot in 0..<batch { engine.setLabel(slot: slot, label: Int(train.labels[(done + slot) % train.count])) }
                        checksum += engine.train(count: batch, learningRate: settings.learningRate).loss
                        done += batch
                    }
                }
                return done
            }
            _ = steps(min(warmUp, trainSteps), timed: false)
            if profiling { engine.startProfiling() }
            var start = ContinuousClock.now
            let trained = steps(trainSteps, timed: true)
            trainRuns.append(Double(trained) / start.secondsElapsed)
            if let repetitionProfile = engine.profile {
                if profile == nil { profile = repetitionProfile } else { profile!.add(repetitionProfile) }
            }
            start = ContinuousClock.now
            var inferred = 0
            test.withImages { images in
                while inferred < inferences {
                    if inferred % Self.progressInterval < inferenceBatch {
                        progress(Progress(repetition: repetition, phase: .inference, done: inferred, total: inferences))
                    }
                    fill(images, of: test, from: inferred, count: inferenceBatch)
                    checksum += Double(engine.infer(count: inferenceBatch)[0])
                    inferred += inferenceBatch
                }
            }
            inferenceRuns.append(Double(inferred) / start.secondsElapsed)
            let padNetwork = try Network(network.state)
            padRuns.append(Self.padUpdateMicroseconds(padNetwork, view: .canvas))
            saliencyRuns.append(Self.padUpdateMicroseconds(padNetwork, view: .saliency))
            mapsRuns.append(Self.padUpdateMicroseconds(padNetwork, view: .firstLayerMaps))
        }
        // Using the sum keeps the optimizer from dropping the work.
        precondition(checksum.isFinite, "training diverged during the benchmark")
        return Result(
            trainSamplesPerSecond: Self.median(trainRuns), inferenceImagesPerSecond: Self.median(inferenceRuns),
            trainRuns: trainRuns, inferenceRuns: inferenceRuns, padUpdateMicroseconds: Self.median(padRuns),
            padSaliencyMicroseconds: Self.median(saliencyRuns), padMapsMicroseconds: Self.median(mapsRuns), profile: profile
        )
    }

    /// The inference batch for this network: `inferenceBatch`, or fewer when the workspace bound
    /// allows fewer, and never more than the images inferred (an engine of one slot then takes one at a time).
    public func inferenceBatch(for architecture: Architecture) throws(ArchitectureError) -> Int {
        max(1, min(inferenceBatch, inferences, try BatchNetwork.largestBatch(for: architecture)))
    }

    /// Mean time of a pad update showing `view` over up to 500 drags that draw and redraw a
    /// zigzag, stopping after a second so that a slow network's figure does not take minutes.
    static func padUpdateMicroseconds(_ network: Network, view: PadView) -> Double {
        var pad = DrawingPad(classifier: DigitClassifier(network: network))
        while pad.view != view { pad.handle(.cycleView) }
        pad.handle(.press(x: 4, y: 4, erasing: false))
        let start = ContinuousClock.now
        var updates = 0
        while updates < 500 && (updates < 10 || start.secondsElapsed < 1) {
            let phase = Float(updates % 40) / 40
            pad.handle(.drag(x: 4 + 20 * phase, y: 4 + Float(updates % 7) * 3))
            updates += 1
        }
        return start.secondsElapsed / Double(updates) * 1e6
    }

    /// Per-sample runs report their progress this often.
    static let progressInterval = 5_000

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
