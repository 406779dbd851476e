/// What the pad's canvas area shows, cycled with `p`: the canvas as drawn, the 28×28 input the
/// network sees, the saliency map over it, or the first layer's maps.
public enum PadView: CaseIterable, Sendable {
    case canvas, input, saliency, firstLayerMaps

    public var next: PadView {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The status line's word for it.
    public var name: String {
        switch self {
        case .canvas: "canvas"
        case .input: "network view"
        case .saliency: "saliency"
        case .firstLayerMaps: "first-layer maps"
        }
    }

    var announcement: String {
        switch self {
        case .canvas: "showing the canvas"
        case .input: "showing what the network sees"
        case .saliency: "showing the pixels that moved the guess most (bright), over the input (faint)"
        case .firstLayerMaps: "showing the first layer's strongest maps"
        }
    }

    /// The view's 28×28 picture, 0 … 1, for an input (bytes) and the inspector of the pad's network.
    func picture(input: [UInt8], inspector: NetworkInspector) -> [Float] {
        switch self {
        case .canvas, .input: return input.map { Float($0) / 255 }
        case .saliency:
            let saliency = inspector.saliency(pixels: input).values
            let largest = saliency.max() ?? 0
            return zip(input, saliency).map { pixel, value in max(0.3 * Float(pixel) / 255, largest > 0 ? value / largest : 0) }
        case .firstLayerMaps:
            return Self.mosaic(inspector.firstLayerMaps(pixels: input), side: Canvas.side)
        }
    }

    /// The strongest maps tiled `n × n` (n at most 4) into a `side × side` picture, each cell the
    /// map area-sampled, all on one shade scale.
    @_spi(Testing) public static func mosaic(_ maps: [FeatureMap], side: Int) -> [Float] {
        var picture = [Float](repeating: 0, count: side * side)
        guard !maps.isEmpty else { return picture }
        let tiles = min(4, Int(Double(maps.count).squareRoot().rounded(.up))), cell = side / tiles
        let shown = Array(maps.sorted { $0.strength > $1.strength }.prefix(tiles * tiles))
        let scale = ShadeScale(shown)
        for (position, map) in shown.enumerated() {
            let left = (position % tiles) * cell, top = (position / tiles) * cell
            for y in 0..<cell {
                for x in 0..<cell {
                    let (y0, y1) = (y * map.height / cell, max(y * map.height / cell + 1, (y + 1) * map.height / cell))
                    let (x0, x1) = (x * map.width / cell, max(x * map.width / cell + 1, (x + 1) * map.width / cell))
                    var sum: Float = 0
                    for row in y0..<y1 { for column in x0..<x1 { sum += map.values[row * map.width + column] } }
                    picture[(top + y) * side + left + x] = scale.shade(sum / Float((y1 - y0) * (x1 - x0)))
                }
            }
        }
        return picture
    }
}
