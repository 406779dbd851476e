/// The digits read from a picture of a number, left to right.
public struct NumberReading: Sendable, Equatable {
    /// One mark read as a digit, or as "not a digit" by a model that answers so.
    public struct Digit: Sendable, Equatable {
        /// One probability per digit.
        public let probabilities: [Float]
        /// The chance that the mark is not a digit; nil from a model trained on digits only.
        public let notADigit: Float?
        /// Where the digit's ink lies in the picture, in its pixels.
        public let box: PixelBox
        /// The 28×28 image the network saw (0 background … 255 ink).
        public let input: [UInt8]

        /// The most likely digit, and its probability.
        public var value: Int { probabilities.withUnsafeBufferPointer(argmax) }
        public var confidence: Float { probabilities[value] }
        /// Whether the mark is read as a digit: "not a digit" is the answer when it is the most likely.
        public var isDigit: Bool { notADigit.map { $0 <= confidence } ?? true }

        /// The mark as the summary lists it: "7 99.1%", or "not a digit 96.0%".
        var answer: String {
            isDigit ? String(cFormat: "%ld %.1f%%", value, confidence * 100) : String(cFormat: "not a digit %.1f%%", (notADigit ?? 0) * 100)
        }
    }

    /// Every mark read, left to right, those that are not digits among them.
    public let digits: [Digit]

    /// The values of the marks read as digits, left to right.
    public var number: String { digits.filter(\.isDigit).map { String($0.value) }.joined() }

    /// The number with each mark's answer, as `classify --number` and `draw --number` print it:
    /// `2026 (2 99.8%, 0 97.1%, 2 99.0%, 6 98.5%)`.
    public var summary: String {
        "\(number) (" + digits.map(\.answer).joined(separator: ", ") + ")"
    }
}

/// A rectangle of a picture's pixels: its top-left corner and its size.
public struct PixelBox: Sendable, Equatable {
    public let x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }
}
