import Dispatch
import Synchronization

/// How a network does on a labelled set: accuracy, mean loss, and the confusion matrix.
public struct Evaluation: Sendable, Equatable {
    /// `confusion[truth][guess]`: how many images of digit `truth` were read as `guess`.
    public private(set) var confusion: [[Int]]
    public private(set) var totalLoss: Double
    /// The guesses' confidences against their accuracy.
    public private(set) var calibration = Calibration()

    /// - Parameter rejects: Whether the last class is "not a digit" (the model was trained on
    ///   non-digit pictures), so that guesses of it are rejections, not misreadings.
    public init(classes: Int, rejects: Bool = false) {
        precondition(!rejects || classes == DigitClassifier.Prediction.outputsWithNotADigit, "only an 11th output answers not a digit")
        confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        totalLoss = 0
        self.rejects = rejects
    }

    public var count: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
    public var correct: Int { confusion.indices.reduce(0) { $0 + confusion[$1][$1] } }
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    public var meanLoss: Double { count == 0 ? 0 : totalLoss / Double(count) }

    /// Whether the last class is "not a digit": guesses of it are rejections.
    public let rejects: Bool
    /// The classes that are pictures' truths: the digits, without "not a digit".
    public var truthClasses: Range<Int> { 0..<(rejects ? confusion.count - 1 : confusion.count) }
    /// Images answered "not a digit".
    public var rejected: Int { rejects ? confusion.reduce(0) { $0 + $1[confusion.count - 1] } : 0 }
    /// Images read as another digit.
    public var misread: Int { count - correct - rejected }

    /// For each digit, the share of its images read correctly.
    public var perClassAccuracy: [Double] {
        truthClasses.map { truth in
            let total = confusion[truth].reduce(0, +)
            return total == 0 ? 0 : Double(confusion[truth][truth]) / Double(total)
        }
    }

    /// The off-diagonal cells, largest first: which digit is most often read as which.
    public func mostConfused(_ limit: Int) -> [(truth: Int, guess: Int, count: Int)] {
        var pairs: [(truth: Int, guess: Int, count: Int)] = []
        for truth in confusion.indices {
            for guess in confusion.indices where guess != truth && confusion[truth][guess] > 0 {
                pairs.append((truth, guess, confusion[truth][guess]))
            }
        }
        return Array(pairs.sorted { ($0.count, $1.truth, $1.guess) > ($1.count, $0.truth, $0.guess) }.prefix(limit))
    }

    mutating func record(truth: Int, guess: Int, confidence: Float, loss: Double) {
        confusion[truth][guess] += 1
        totalLoss += loss
        calibration.record(confidence: confidence, correct: guess == truth)
    }

    mutating func merge(_ other: Evaluation) {
        for truth in confusion.indices {
            for guess in confusion.indices { confusion[truth][guess] += other.confusion[truth][guess] }
        }
        totalLoss += other.totalLoss
        calibration.merge(other.calibration)
    }

    /// Evaluates `state` on `set` with `threads` threads: the classic network with one network
    /// per thread over a share of the images, any other in batches whose loops and products use
    /// every thread. The result does not depend on the thread count except for the order of the loss sum.
    /// `rule` says how the model answers "not a digit" with its last output (`ModelMetadata.notADigitRule`);
    /// nil for a model of digits only.
    /// - Throws: When not even one image of this architecture fits the workspace bound.
    public static func run(
        _ state: NetworkState, on set: LabelledImages, threads: Int = Network.defaultThreads, rule: NotADigitRule? = nil
    ) throws(ArchitectureError) -> Evaluation {
        // Up to `batchSize` images per batch, fewer when they would take more than `workspaceBytes`.
        let perImage = try state.architecture.cost().workspaceBytes
        let capacity = max(1, min(set.count, batchSize, workspaceBytes / max(perImage, 1)))
        let first = try Network(state, batchCapacity: capacity, threads: threads)
        // An engine that runs a batch on one thread is run as one copy per thread, each on a part of the set.
        let copies = first.engine.usesThreads ? 1 : max(1, min(threads, set.count / 256 + 1))
        let networks = try [UncheckedNetwork(first)] + (1..<copies).map { (_: Int) throws(ArchitectureError) in
            UncheckedNetwork(try Network(state, batchCapacity: capacity, threads: threads))
        }
        let results = Mutex([Evaluation?](repeating: nil, count: copies))
        DispatchQueue.concurrentPerform(iterations: copies) { copy in
            let range = (set.count * copy / copies)..<(set.count * (copy + 1) / copies)
            let part = networks[copy].network.evaluate(set, range: range, rule: rule)
            results.withLock { $0[copy] = part }
        }
        return results.withLock { parts in
            parts.compactMap { $0 }.reduce(into: Evaluation(classes: first.classes, rejects: rule != nil)) { $0.merge($1) }
        }
    }

    static let batchSize = 250
    static let workspaceBytes = 256 << 20
}

/// A network handed to one thread of `concurrentPerform`, which alone uses it.
private struct UncheckedNetwork: @unchecked Sendable {
    let network: Network
    init(_ network: Network) { self.network = network }
}

extension Network {
    /// An image the network reads wrong.
    public struct Misreading: Sendable {
        public let index: Int
        public let truth: Int
        public let guess: Int
        /// The probability given to the guess.
        public let confidence: Float
    }

    /// The first `limit` images of `set` this network misreads, in order, answering "not a digit" by `rule`.
    public func misreadings(in set: LabelledImages, limit: Int, rule: NotADigitRule? = nil) -> [Misreading] {
        var found: [Misreading] = []
        set.withImages { images in
            for index in 0..<set.count where found.count < limit {
                withProbabilities(pixels: images[index]) { probabilities in
                    let guess = NotADigitRule.answer(probabilities, by: rule), truth = Int(set.labels[index])
                    if guess != truth { found.append(Misreading(index: index, truth: truth, guess: guess, confidence: probabilities[guess])) }
                }
            }
        }
        return found
    }

    /// Evaluates images `range` of `set` with this network (in batches as large as it takes);
    /// `rule` as in `Evaluation.run`.
    public func evaluate(_ set: LabelledImages, range: Range<Int>? = nil, rule: NotADigitRule? = nil) -> Evaluation {
        var evaluation = Evaluation(classes: classes, rejects: rule != nil)
        let range = range ?? 0..<set.count
        func record(_ index: Int, _ probabilities: UnsafeBufferPointer<Float>) {
            let truth = Int(set.labels[index])
            guard truth < classes else { return }
            let loss = -log(Double(max(probabilities[truth], .leastNormalMagnitude)))
            let guess = NotADigitRule.answer(probabilities, by: rule)
            evaluation.record(truth: truth, guess: guess, confidence: probabilities[guess], loss: loss)
        }
        set.withImages { images in
            for first in stride(from: range.lowerBound, to: range.upperBound, by: engine.capacity) {
                let batch = first..<min(first + engine.capacity, range.upperBound)
                for (slot, index) in batch.enumerated() { engine.setInput(slot: slot, pixels: images[index]) }
                let probabilities = engine.infer(count: batch.count)
                for (slot, index) in batch.enumerated() {
                    record(index, UnsafeBufferPointer(rebasing: probabilities[slot * classes..<(slot + 1) * classes]))
                }
            }
        }
        return evaluation
    }
}
