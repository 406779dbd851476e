/// What a network computes for one image, layer by layer: the input it sees, every layer's output,
/// the convolutions' filters, the probabilities and what made the guess. `inspect`, the pad's
/// views and `train --show-filters` draw from it.
public struct NetworkInspection: Sendable {
    /// One layer's output: maps when it is an image, values when it is a row (dense, flatten).
    public struct Layer: Sendable {
        public let token: String
        public let shape: Shape
        public let maps: [FeatureMap]
        public let values: [Float]
    }

    /// One convolution's filters, each as a k×k map: the first layer's as they are (one input
    /// channel), deeper ones as the mean over their input channels.
    public struct Filters: Sendable {
        public let layer: Int
        public let token: String
        public let channels: Int
        public let maps: [FeatureMap]
    }

    /// The values the network reads, 28×28, as it scaled the pixels.
    public let input: FeatureMap
    public let layers: [Layer]
    public let filters: [Filters]
    public let probabilities: [Float]
    public let predicted: Int
    /// |∂ logit of the predicted class / ∂ pixel| for each pixel, row-major: how much each pixel
    /// moves the guess.
    public let saliency: [Float]
    /// Whether the last class is "not a digit" (`ModelMetadata.answersNotADigit`).
    public let answersNotADigit: Bool

    /// Whether class `index` is "not a digit".
    public func isNotADigit(_ index: Int) -> Bool { answersNotADigit && index == probabilities.count - 1 }

    /// What class `index` means: its digit, or "not a digit".
    public func answer(_ index: Int) -> String { isNotADigit(index) ? "not a digit" : String(index) }
}
