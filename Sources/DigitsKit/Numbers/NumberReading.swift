/// The digits read from a picture of a number, left to right.
public struct NumberReading: Sendable, Equatable {
    /// One mark read as a digit, or as "not a digit" by a model that answers so.
    public struct Digit: Sendable, Equatable {
        /// What the network read in the mark, as `classify` reads a single digit.
        public let prediction: DigitClassifier.Prediction
        /// Whether the mark is read as a digit: as `prediction` says, except that beside other digits
        /// a mark as tall as they are is one unless the network is all but sure it is not.
        public let isDigit: Bool
        /// Where the digit's ink lies in the picture, in its pixels.
        public let box: PixelBox

        /// The probability of the answer: of the digit, or of "not a digit".
        public var answerConfidence: Float { prediction.confidence(answeringDigit: isDigit) }

        /// The mark as the summary lists it: "7 99.1%", or "not a digit 96.0%".
        var answer: String {
            let percent = String(cFormat: "%.1f%%", answerConfidence * 100)
            return isDigit ? "\(prediction.digit) \(percent)" : "not a digit \(percent)"
        }
    }

    /// Every mark read, left to right, those that are not digits among them.
    public let digits: [Digit]

    /// The values of the marks read as digits, left to right.
    public var number: String { digits.filter(\.isDigit).map { String($0.prediction.digit) }.joined() }

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
