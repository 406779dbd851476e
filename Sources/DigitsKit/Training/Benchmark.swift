/// Times per-sample training steps and single-image inference, single-threaded, in-process.
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

    public init() {}

    /// Each repetition starts a fresh network (seeded by the repetition), warms up, then times
    /// `trainSteps` steps over `train` and `inferences` predictions over `test`, cycling through them.
    public func run(train: LabelledImages, test: LabelledImages) throws(ArchitectureError) -> Result {
        var trainRuns: [Double] = [], inferenceRuns: [Double] = [], padRuns: [Double] = []
        var checksum: Float = 0
        for repetition in 0..<repetitions {
            let network = try Network(architecture, seed: UInt64(1234 + repetition))
            train.pixels.withUnsafeBufferPointer { pixels in
                let size = train.pixelsPerImage
                for step in 0..<warmUp {
                    let index = step % train.count
                    network.trainStep(pixels: pixels.baseAddress! + index * size, label: Int(train.labels[index]), learningRate: learningRate)
                }
                let start = ContinuousClock.now
                for step in 0..<trainSteps {
                    let index = step % train.count
                    checksum += network.trainStep(
                        pixels: pixels.baseAddress! + index * size, label: Int(train.labels[index]), learningRate: learningRate
                    ).loss
                }
                trainRuns.append(Double(trainSteps) / start.secondsElapsed)
            }
            test.pixels.withUnsafeBufferPointer { pixels in
                let start = ContinuousClock.now
                for step in 0..<inferences {
                    checksum += network.predict(pixels: pixels.baseAddress! + (step % test.count) * test.pixelsPerImage)[0]
                }
                inferenceRuns.append(Double(inferences) / start.secondsElapsed)
            }
            padRuns.append(Self.padUpdateMicroseconds(network))
        }
        // Using the sum keeps the optimizer from dropping the work.
        precondition(checksum.isFinite, "training diverged during the benchmark")
        return Result(
            trainSamplesPerSecond: Self.median(trainRuns), inferenceImagesPerSecond: Self.median(inferenceRuns),
            trainRuns: trainRuns, inferenceRuns: inferenceRuns, padUpdateMicroseconds: Self.median(padRuns)
        )
    }

    /// Mean time of a pad update over a few hundred drags that draw and redraw a zigzag.
    static func padUpdateMicroseconds(_ network: Network) -> Double {
        var pad = DrawingPad(classifier: DigitClassifier(network: network))
        let updates = 500
        pad.handle(.press(x: 4, y: 4, erasing: false))
        let start = ContinuousClock.now
        for step in 0..<updates {
            let phase = Float(step % 40) / 40
            pad.handle(.drag(x: 4 + 20 * phase, y: 4 + Float(step % 7) * 3))
        }
        return start.secondsElapsed / Double(updates) * 1e6
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
