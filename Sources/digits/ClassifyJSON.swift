/// `classify --json`: one object per file, in order.
struct ClassifyJSON: Encodable {
    let file: String
    /// The digit read; null when there is none (no ink, or an unreadable file).
    let digit: Int?
    /// The ten probabilities, when a digit was read.
    let probabilities: [Double]?
    /// Why no digit was read.
    let error: String?

    private enum CodingKeys: String, CodingKey { case file, digit, probabilities, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(digit, forKey: .digit)
        try container.encodeIfPresent(probabilities, forKey: .probabilities)
        try container.encodeIfPresent(error, forKey: .error)
    }
}
