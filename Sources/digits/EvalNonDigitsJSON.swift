import DigitsKit

/// `eval --non-digits --json`.
struct NonDigitsJSON: Encodable {
    struct Kind: Encodable {
        let kind: String
        let pictures: Int
        let rejected: Double
    }

    let model: String
    let folder: String
    let pictures: Int
    /// The share of all pictures answered "not a digit".
    let rejected: Double
    let kinds: [Kind]

    init(model: String, folder: String, check: NonDigitCheck) {
        self.model = model
        self.folder = folder
        pictures = check.pictures
        rejected = check.rejectedShare
        kinds = check.kinds.map { Kind(kind: $0.name, pictures: $0.pictures, rejected: $0.rejectedShare) }
    }
}
