/// Reads a digit from a picture: MNIST-style preprocessing, then the network.
public final class DigitClassifier {
    public struct Prediction: Sendable, Equatable {
        /// One probability per digit.
        public let probabilities: [Float]
        /// The 28×28 image the network saw (0 background … 255 ink).
        public let input: [UInt8]

        public var digit: Int { probabilities.withUnsafeBufferPointer(Network.argmax) }
        public var confidence: Float { probabilities[digit] }

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
        Prediction(probabilities: network.probabilities(pixels: input), input: input)
    }
}
