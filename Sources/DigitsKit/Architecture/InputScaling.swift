/// How a pixel byte (0 background … 255 ink) becomes the value a network reads: byte ÷ range +
/// offset. The model file declares it; both engines read their input through it.
public struct InputScaling: Hashable, Sendable {
    public var range: Float
    public var offset: Float

    public init(range: Float, offset: Float) {
        self.range = range
        self.offset = offset
    }

    /// What MNIST training used: 0…255 to −0.5…0.5.
    public static let mnist = InputScaling(range: 255, offset: -0.5)

    /// The multiplier the model file stores: 1 / range.
    var scale: Float { 1 / range }
}

extension InputScaling: CustomStringConvertible {
    /// As people write it, "÷ 255.0 − 0.5", not "+ -0.5"; by the sign, so −0.0 (a zero offset an
    /// import multiplied by a negative constant) is no "+ -0.0" either.
    public var description: String {
        "÷ \(range) " + (offset.sign == .minus ? "− \(-offset)" : "+ \(offset)")
    }
}
