/// Times training and inference in-process: the classic network per sample on one thread, any
/// other network in mini-batches on `threads` threads.
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
    }

    public var architecture = Architecture.classic()
    public var trainSteps = 200_000
    public var inferences = 100_000
    public var repetitions = 5
    public var warmUp = 2_000
    public var learningRate: Float = 0.005
    /// For batched networks: samples per step, the optimizer, threads, and images per inference batch.
    public var batchSize = 64
    public var optimizer = OptimizerSettings(kind: .adam)
    public var threads = Network.defaultThreads
    /// The largest inference batch; smaller when the network's workspace bound allows fewer.
    public var inferenceBatch = 1000
    /// Distortions applied to each training sample, as `train --augment` does (batched networks).
    public var augmentation = Augmentation()

    public init() {}

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
    /// `trainSteps` steps over `train` and `inferences` predictions over `test`, cycling through them.
    public func run(
        train: LabelledImages, test: LabelledImages, progress: (Progress) -> Void = { _ in }
    ) throws(ArchitectureError) -> Result {
        guard architecture.isClassic else { return try runBatched(train: train, test: test, progress: progress) }
        var trainRuns: [Double] = [], inferenceRuns: [Double] = [], padRuns: [Double] = []
        var checksum: Float = 0
        for repetition in 0..<repetitions {
            let network = try ClassicNetwork(architecture, seed: UInt64(1234 + repetition))
            train.pixels.withUnsafeBufferPointer { pixels in
                func image(_ step: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: pixels[train.range(of: step % train.count)])
                }
                for step in 0..<warmUp {
                    network.trainStep(pixels: image(step), label: Int(train.labels[step % train.count]), learningRate: learningRate)
                }
                let start = ContinuousClock.now
                for step in 0..<trainSteps {
                    checksum += network.trainStep(pixels: image(step), label: Int(train.labels[step % train.count]), learningRate: learningRate).loss
                    if step % Self.progressInterval == 0 { progress(Progress(repetition: repetition, phase: .training, done: step, total: trainSteps)) }
                }
                trainRuns.append(Double(trainSteps) / start.secondsElapsed)
            }
            test.pixels.withUnsafeBufferPointer { pixels in
                let start = ContinuousClock.now
                for step in 0..<inferences {
                    checksum += network.predict(pixels: UnsafeBufferPointer(rebasing: pixels[test.range(of: step % test.count)]))[0]
                    if step % Self.progressInterval == 0 { progress(Progress(repetition: repetition, phase: .inference, done: step, total: inferences)) }
                }
                inferenceRuns.append(Double(inferences) / start.secondsElapsed)
            }
            padRuns.append(Self.padUpdateMicroseconds(try Network(NetworkState(architecture: architecture, tensors: network.parameters))))
        }
        // Using the sum keeps the optimizer from dropping the work.
        precondition(checksum.isFinite, "training diverged during the benchmark")
        return Result(
            trainSamplesPerSecond: Self.median(trainRuns), inferenceImagesPerSecond: Self.median(inferenceRuns),
            trainRuns: trainRuns, inferenceRuns: inferenceRuns, padUpdateMicroseconds: Self.median(padRuns)
        )
    }

    /// The inference batch for this network: `inferenceBatch`, or fewer when the workspace bound
    /// allows fewer, and never more than the images inferred.
    public func inferenceBatch(for architecture: Architecture) throws(ArchitectureError) -> Int {
        guard !architecture.isClassic else { return 1 }
        return max(1, min(inferenceBatch, inferences, try BatchNetwork.largestBatch(for: architecture)))
    }

    /// Batched training with the optimizer (`trainSteps` samples, whole batches) and inference in
    /// batches of `inferenceBatch(for:)` (`inferences` images), each repetition on a fresh network.
    private func runBatched(
        train: LabelledImages, test: LabelledImages, progress: (Progress) -> Void
    ) throws(ArchitectureError) -> Result {
        var trainRuns: [Double] = [], inferenceRuns: [Double] = [], padRuns: [Double] = []
        var checksum = 0.0
        let inferenceBatch = try inferenceBatch(for: architecture)
        for repetition in 0..<repetitions {
            let network = try BatchNetwork(
                architecture, seed: UInt64(1234 + repetition), capacity: max(batchSize, inferenceBatch), threads: threads
            )
            let optimizer = network.makeOptimizer(optimizer)
            var augmenter = augmentation.isIdentity ? nil : BatchAugmenter(
                augmentation: augmentation, seed: UInt64(repetition), threads: threads, capacity: network.capacity
            )
            func fill(_ set: LabelledImages, from first: Int, count: Int) {
                set.pixels.withUnsafeBufferPointer { pixels in
                    for slot in 0..<count {
                        network.setInput(slot: slot, pixels: UnsafeBufferPointer(rebasing: pixels[set.range(of: (first + slot) % set.count)]))
                    }
                }
            }
            func steps(_ samples: Int, timed: Bool) -> Int {
                var done = 0
                while done < samples {
                    if timed { progress(Progress(repetition: repetition, phase: .training, done: done, total: samples)) }
                    if augmenter != nil {
                        let indices = (done..<done + batchSize).map { $0 % train.count }
                        augmenter!.fill(network, indices: indices[...], of: train, epoch: 1)
                    } else {
                        fill(train, from: done, count: batchSize)
                    }
                    let labels = (done..<done + batchSize).map { Int(train.labels[$0 % train.count]) }
                    checksum += network.trainBatch(count: batchSize, labels: labels, loss: .crossEntropy, optimizer: optimizer,
                                                   learningRate: learningRate).loss
                    done += batchSize
                }
                return done
            }
            _ = steps(min(warmUp, 20 * batchSize, trainSteps), timed: false)
            var start = ContinuousClock.now
            let trained = steps(trainSteps, timed: true)
            trainRuns.append(Double(trained) / start.secondsElapsed)
            start = ContinuousClock.now
            var inferred = 0
            while inferred < inferences {
                progress(Progress(repetition: repetition, phase: .inference, done: inferred, total: inferences))
                fill(test, from: inferred, count: inferenceBatch)
                checksum += Double(network.infer(count: inferenceBatch)[0])
                inferred += inferenceBatch
            }
            inferenceRuns.append(Double(inferred) / start.secondsElapsed)
            padRuns.append(Self.padUpdateMicroseconds(try Network(NetworkState(architecture: architecture, tensors: network.parameters))))
        }
        precondition(checksum.isFinite, "training diverged during the benchmark")
        return Result(
            trainSamplesPerSecond: Self.median(trainRuns), inferenceImagesPerSecond: Self.median(inferenceRuns),
            trainRuns: trainRuns, inferenceRuns: inferenceRuns, padUpdateMicroseconds: Self.median(padRuns)
        )
    }

    /// Mean time of a pad update over up to 500 drags that draw and redraw a zigzag, stopping
    /// after a second so that a slow network's figure does not take minutes.
    static func padUpdateMicroseconds(_ network: Network) -> Double {
        var pad = DrawingPad(classifier: DigitClassifier(network: network))
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
