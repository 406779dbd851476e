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
}
