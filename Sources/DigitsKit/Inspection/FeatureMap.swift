/// One channel of an activation, or one filter: a small picture of signed values.
public struct FeatureMap: Sendable, Equatable {
    public let height: Int
    public let width: Int
    /// Row-major.
    public let values: [Float]
    /// Which channel or filter it is, counted from 0.
    public let index: Int

    public init(height: Int, width: Int, values: [Float], index: Int) {
        precondition(values.count == height * width, "the values do not fill the map")
        self.height = height
        self.width = width
        self.values = values
        self.index = index
    }

    /// How much it responds: the mean absolute value, by which the strongest are shown first.
    public var strength: Float { values.reduce(0) { $0 + abs($1) } / Float(max(values.count, 1)) }

    /// Channel `channel` of an activation stored channel-last.
    static func channel(_ channel: Int, of values: UnsafeBufferPointer<Float>, shape: Shape) -> FeatureMap {
        let pixels = shape.height * shape.width
        return FeatureMap(height: shape.height, width: shape.width,
                          values: (0..<pixels).map { values[$0 * shape.channels + channel] }, index: channel)
    }
}

/// How values become shades: 0 … 1, where a set of maps that has negative values puts 0 at the
/// middle (0.5) and the largest magnitude at the ends, and one that has none puts 0 at 0.
public struct ShadeScale: Sendable {
    public let largest: Float
    public let signed: Bool

    public init(_ maps: [FeatureMap]) {
        largest = maps.lazy.flatMap(\.values).reduce(0) { max($0, abs($1)) }
        signed = maps.contains { $0.values.contains { $0 < 0 } }
    }

    public func shade(_ value: Float) -> Float {
        guard largest > 0 else { return signed ? 0.5 : 0 }
        return signed ? 0.5 + 0.5 * value / largest : value / largest
    }
}
