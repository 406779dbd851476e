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
    /// Counts: rows are the true digits, columns the guess (an 11th column for "not a digit"
    /// when the model can answer it).
    let confusion: [[Int]]
    /// With a model that answers "not a digit": the share of images answered so, and read as another digit.
    let rejected: Double?
    let misread: Double?
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
