/// How a model with a "not a digit" output (`ModelMetadata.answersNotADigit`) answers: "not a
/// digit" when that output's probability is above `threshold` and above every digit's, else the
/// likeliest digit. At 0 the answer is the likeliest output. Above it, a picture the network is
/// unsure of is read as its likeliest digit, so fewer real digits and slightly fewer non-digits
/// are rejected (`digits export --reject-above`).
public struct NotADigitRule: Sendable, Equatable {
    public let threshold: Float

    /// The thresholds a model may store: from 0 (the likeliest output) up to, not including, 1.
    public static let thresholds: Range<Float> = 0..<1

    public init(threshold: Float = 0) {
        precondition(Self.thresholds.contains(threshold), "a not-a-digit threshold lies in 0..<1")
        self.threshold = threshold
    }

    /// Whether "not a digit", at probability `notADigit`, is the answer over a best digit at `likeliestDigit`.
    public func rejects(notADigit: Float, likeliestDigit: Float) -> Bool {
        notADigit > threshold && notADigit > likeliestDigit
    }

    /// The answer's index among a network's outputs (the ten digits', then "not a digit"): a digit,
    /// or `NonDigitPictures.label`.
    public func answer(_ outputs: UnsafeBufferPointer<Float>) -> Int {
        precondition(outputs.count == DigitClassifier.Prediction.outputsWithNotADigit, "the rule reads ten digits and not a digit")
        let digit = Network.argmax(UnsafeBufferPointer(rebasing: outputs[..<Int(NonDigitPictures.label)]))
        return rejects(notADigit: outputs[Int(NonDigitPictures.label)], likeliestDigit: outputs[digit]) ? Int(NonDigitPictures.label) : digit
    }

    /// The answer's index by `rule`, or the likeliest output for a model without one.
    public static func answer(_ outputs: UnsafeBufferPointer<Float>, by rule: NotADigitRule?) -> Int {
        rule?.answer(outputs) ?? Network.argmax(outputs)
    }
}
