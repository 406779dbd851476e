import DigitsKit

/// `classify --json`: one object per file, in order.
struct ClassifyJSON: Encodable {
    let file: String
    /// The digit read; null when there is none (not a digit, no ink, or an unreadable file).
    let digit: Int?
    /// The ten digits' probabilities, when the picture was read.
    let probabilities: [Double]?
    /// The probability that the picture is a digit at all, from a model that can answer "not a digit".
    let isDigit: Double?
    /// Why no digit was read, when the picture could not be.
    let error: String?

    init(file: String, prediction: DigitClassifier.Prediction) {
        self.file = file
        digit = prediction.isDigit ? prediction.digit : nil
        probabilities = prediction.probabilities.map(Double.init)
        isDigit = prediction.notADigit.map { Double(1 - $0) }
        error = nil
    }

    init(file: String, error: String) {
        self.file = file
        (digit, probabilities, isDigit) = (nil, nil, nil)
        self.error = error
    }

    private enum CodingKeys: String, CodingKey { case file, digit, probabilities, isDigit, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(digit, forKey: .digit)
        try container.encodeIfPresent(probabilities, forKey: .probabilities)
        try container.encodeIfPresent(isDigit, forKey: .isDigit)
        try container.encodeIfPresent(error, forKey: .error)
    }
}
