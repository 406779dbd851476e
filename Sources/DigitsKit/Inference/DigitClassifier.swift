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
        /// How "not a digit" is chosen over the digits; nil for a model of digits only.
        public let rule: NotADigitRule?

        /// The network's outputs, in order: the ten digits', then "not a digit" when the model
        /// answers so by `rule` (`ModelMetadata.notADigitRule`).
        public init(outputs: [Float], rule: NotADigitRule?, input: [UInt8]) {
            precondition(outputs.count >= (rule != nil ? Self.outputsWithNotADigit : 10), "a digit model has 10 outputs, 11 with not a digit")
            probabilities = Array(outputs.prefix(10))
            notADigit = rule != nil ? outputs[10] : nil
            self.rule = rule
            self.input = input
        }

        /// The outputs of a model that answers "not a digit": the ten digits', then it.
        public static let outputsWithNotADigit = 11

        /// The most likely digit, and its probability.
        public var digit: Int { probabilities.withUnsafeBufferPointer(Network.argmax) }
        public var confidence: Float { probabilities[digit] }
        /// Whether the answer is a digit (`NotADigitRule`).
        public var isDigit: Bool {
            guard let rule, let notADigit else { return true }
            return !rule.rejects(notADigit: notADigit, likeliestDigit: confidence)
        }
        /// The probability of the answer: of `digit`, or of "not a digit".
        public var answerConfidence: Float { confidence(answeringDigit: isDigit) }
        /// The probability of `digit` when the answer is a digit, else of "not a digit".
        public func confidence(answeringDigit: Bool) -> Float { answeringDigit ? confidence : notADigit ?? 0 }
        /// The chance that the picture is a digit at all; 1 for a model trained on digits only.
        public var digitProbability: Float { 1 - (notADigit ?? 0) }

        /// The answer as the commands print it: "7 (99.1%)", or "not a digit (96.0%)"; with `top`
        /// above 1, the `top` most likely digits after it ("7 (60.2%), 1 (30.5%)").
        public func answer(top: Int = 1) -> String {
            let digits = self.top(top).map { String(cFormat: "%ld (%.1f%%)", $0.digit, $0.probability * 100) }
            guard !isDigit else { return digits.joined(separator: ", ") }
            return ([String(cFormat: "not a digit (%.1f%%)", answerConfidence * 100)] + (top > 1 ? digits : [])).joined(separator: ", ")
        }

        /// The `count` most likely digits, most likely first.
        public func top(_ count: Int) -> [(digit: Int, probability: Float)] {
            probabilities.enumerated().sorted { ($0.element, $1.offset) > ($1.element, $0.offset) }
                .prefix(count).map { ($0.offset, $0.element) }
        }
    }

    public let network: Network
    /// How the network's 11th output, "not a digit", is answered (`ModelMetadata.notADigitRule`);
    /// nil for a network of digits only.
    public let rule: NotADigitRule?
    public var preprocessor: DigitPreprocessor

    public init(network: Network, rule: NotADigitRule? = nil, preprocessor: DigitPreprocessor = DigitPreprocessor()) {
        precondition(network.inputCount == DigitPreprocessor.side * DigitPreprocessor.side, "the network must read 28×28 images")
        precondition(network.classes >= (rule != nil ? Prediction.outputsWithNotADigit : 10), "a digit model has 10 outputs, 11 with not a digit")
        self.network = network
        self.rule = rule
        self.preprocessor = preprocessor
    }

    /// A classifier of `model`, which answers "not a digit" when it was trained to.
    public convenience init(model: Model, batchCapacity: Int = 1, preprocessor: DigitPreprocessor = DigitPreprocessor()) throws(ArchitectureError) {
        self.init(network: try Network(model.state, batchCapacity: batchCapacity), rule: model.metadata.notADigitRule, preprocessor: preprocessor)
    }

    public func classify(_ image: GrayImage) throws(DigitPreprocessor.Failure) -> Prediction {
        predict(try preprocessor.prepare(image))
    }

    /// Classifies ink levels (0 paper … 1 ink), as the drawing pad holds them.
    public func classify(ink: [Float], width: Int, height: Int) throws(DigitPreprocessor.Failure) -> Prediction {
        predict(try preprocessor.prepare(ink: ink, width: width, height: height))
    }

    private func predict(_ input: [UInt8]) -> Prediction {
        Prediction(outputs: network.probabilities(pixels: input), rule: rule, input: input)
    }
}
