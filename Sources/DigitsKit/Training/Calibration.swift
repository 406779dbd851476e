/// How well a model's confidence matches how often it is right: the images sorted by the
/// probability of their guess into equal-width bins, each bin's mean confidence against its accuracy.
public struct Calibration: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        /// The confidences this bin holds: `lower..<upper` (the last bin includes 1).
        public let lower: Double, upper: Double
        public fileprivate(set) var count = 0
        public fileprivate(set) var confidenceSum = 0.0
        public fileprivate(set) var correct = 0

        public var meanConfidence: Double { count == 0 ? 0 : confidenceSum / Double(count) }
        public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    }

    /// Fifteen bins, as Guo et al. (2017) measure the expected calibration error.
    public static let binCount = 15

    public private(set) var bins: [Bin] = (0..<binCount).map {
        Bin(lower: Double($0) / Double(binCount), upper: Double($0 + 1) / Double(binCount))
    }

    public init() {}

    public var count: Int { bins.reduce(0) { $0 + $1.count } }

    /// The expected calibration error: the gap between accuracy and confidence in each bin,
    /// weighted by the bin's share of the images.
    public var expectedError: Double {
        let total = Double(max(count, 1))
        return bins.reduce(0) { $0 + Double($1.count) / total * abs($1.accuracy - $1.meanConfidence) }
    }

    public mutating func record(confidence: Float, correct: Bool) {
        let value = Double(min(max(confidence, 0), 1))
        let index = min(Self.binCount - 1, Int(value * Double(Self.binCount)))
        bins[index].count += 1
        bins[index].confidenceSum += value
        if correct { bins[index].correct += 1 }
    }

    public mutating func merge(_ other: Calibration) {
        for index in bins.indices {
            bins[index].count += other.bins[index].count
            bins[index].confidenceSum += other.bins[index].confidenceSum
            bins[index].correct += other.bins[index].correct
        }
    }
}
