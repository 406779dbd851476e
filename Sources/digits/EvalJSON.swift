import DigitsKit

/// `eval --json`.
struct EvalJSON: Encodable {
    let model: String
    let style: String
    let images: Int
    let accuracy: Double
    let loss: Double
    /// Accuracy per true digit, 0 to 9.
    let perDigit: [Double]
    /// Counts: rows are the truth, columns the guess.
    let confusion: [[Int]]
    let milliseconds: Double
    /// With --calibration: the expected calibration error (0–1) and its bins.
    let ece: Double?
    let bins: [Bin]?

    struct Bin: Encodable {
        let lower: Double, upper: Double
        let images: Int
        let meanConfidence: Double
        let accuracy: Double

        init(_ bin: Calibration.Bin) {
            (lower, upper, images, meanConfidence, accuracy) = (bin.lower, bin.upper, bin.count, bin.meanConfidence, bin.accuracy)
        }
    }
}
