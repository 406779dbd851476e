import DigitsKit

/// `eval --numbers --json`.
struct NumbersJSON: Encodable {
    struct Kind: Encodable {
        let kind: String
        let pictures: Int
        let wholeNumberAccuracy: Double
        let digitAccuracy: Double
        let millisecondsPerPicture: Double

        init(kind: String, check: NumberCheck) {
            self.kind = kind
            pictures = check.pictures
            wholeNumberAccuracy = check.wholeNumberAccuracy
            digitAccuracy = check.digitAccuracy
            millisecondsPerPicture = check.millisecondsPerPicture
        }
    }

    let model: String
    let seed: UInt64
    let kinds: [Kind]
}
