/// A soft round brush: full ink in its core, a gray anti-aliased rim one pixel wide, as the pen
/// strokes in MNIST look after their anti-aliased size normalization.
public struct Brush: Sendable, Equatable {
    /// Radii, in canvas pixels, that + and − step through.
    public static let radii: [Float] = [0.6, 0.9, 1.2, 1.5, 1.9, 2.4]
    /// About 2.5 pixels wide: the width of MNIST's strokes.
    public static let defaultSize = 2

    /// Index into `radii`.
    public private(set) var size: Int

    public init(size: Int = Brush.defaultSize) {
        self.size = min(max(size, 0), Self.radii.count - 1)
    }

    public var radius: Float { Self.radii[size] }

    public mutating func grow() { size = min(size + 1, Self.radii.count - 1) }
    public mutating func shrink() { size = max(size - 1, 0) }

    /// How much ink the brush lays on a pixel whose centre is `distance` from the brush centre:
    /// 1 within `radius − 0.5`, 0 beyond `radius + 0.5`, linear between.
    public func coverage(distance: Float) -> Float {
        min(max(radius + 0.5 - distance, 0), 1)
    }
}
