/// Reads a digit from a picture: MNIST-style preprocessing, then the network.
public final class DigitClassifier {
    public struct Prediction: Sendable, Equatable {
        /// One probability per digit. With a model that answers "not a digit" they are the chances
        /// that the picture is each digit, and add up to the chance that it is a digit at all.
        public let probabilities: [Float]
        /// The chance that the picture is not a digit: the network's output after the ten digits,
        /// or nil when it has none (it was trained on digits only).
        public let notADigit: Float?
        /// The 28×28 image the network saw (0 background … 255 ink).
        public let input: [UInt8]

        /// The network's outputs, in order: the ten digits', then "not a digit" when there are 11.
        public init(outputs: [Float], input: [UInt8]) {
            probabilities = Array(outputs.prefix(10))
            notADigit = outputs.count == Self.outputsWithNotADigit ? outputs[10] : nil
            self.input = input
        }

        /// A network of this many outputs reads the last as "not a digit".
        public static let outputsWithNotADigit = 11

        /// The most likely digit, and its probability.
        public var digit: Int { probabilities.withUnsafeBufferPointer(Network.argmax) }
        public var confidence: Float { probabilities[digit] }
        /// Whether the answer is a digit: "not a digit" is the answer when it is the most likely output.
        public var isDigit: Bool { notADigit.map { $0 <= confidence } ?? true }
        /// The probability of the answer: of `digit`, or of "not a digit".
        public var answerConfidence: Float { isDigit ? confidence : notADigit ?? 0 }
        /// The chance that the picture is a digit at all; 1 for a model trained on digits only.
        public var digitProbability: Float { 1 - (notADigit ?? 0) }

        /// The `count` most likely digits, most likely first.
        public func top(_ count: Int) -> [(digit: Int, probability: Float)] {
            probabilities.enumerated().sorted { ($0.element, $1.offset) > ($1.element, $0.offset) }
                .prefix(count).map { ($0.offset, $0.element) }
        }
    }

    public let network: Network
    public var preprocessor: DigitPreprocessor

    public init(network: Network, preprocessor: DigitPreprocessor = DigitPreprocessor()) {
        precondition(network.inputCount == DigitPreprocessor.side * DigitPreprocessor.side, "the network must read 28×28 images")
        self.network = network
        self.preprocessor = preprocessor
    }

    public func classify(_ image: GrayImage) throws(DigitPreprocessor.Failure) -> Prediction {
        predict(try preprocessor.prepare(image))
    }

    /// Classifies ink levels (0 paper … 1 ink), as the drawing pad holds them.
    public func classify(ink: [Float], width: Int, height: Int) throws(DigitPreprocessor.Failure) -> Prediction {
        predict(try preprocessor.prepare(ink: ink, width: width, height: height))
    }

    private func predict(_ input: [UInt8]) -> Prediction {
        Prediction(outputs: network.probabilities(pixels: input), input: input)
    }
}
