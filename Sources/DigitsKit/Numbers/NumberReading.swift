/// The digits read from a picture of a number, left to right.
public struct NumberReading: Sendable, Equatable {
    public struct Digit: Sendable, Equatable {
        /// One probability per digit.
        public let probabilities: [Float]
        /// Where the digit's ink lies in the picture, in its pixels.
        public let box: PixelBox
        /// The 28×28 image the network saw (0 background … 255 ink).
        public let input: [UInt8]

        public var value: Int { probabilities.withUnsafeBufferPointer(argmax) }
        public var confidence: Float { probabilities[value] }
    }

    public let digits: [Digit]

    /// The digits' values, left to right.
    public var number: String { digits.map { String($0.value) }.joined() }

    /// The number with each digit's confidence, as `classify --number` and `draw --number` print it:
    /// `2026 (2 99.8%, 0 97.1%, 2 99.0%, 6 98.5%)`.
    public var summary: String {
        "\(number) (" + digits.map { String(cFormat: "%ld %.1f%%", $0.value, $0.confidence * 100) }.joined(separator: ", ") + ")"
    }
}

/// A rectangle of a picture's pixels: its top-left corner and its size.
public struct PixelBox: Sendable, Equatable {
    public let x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }
}
