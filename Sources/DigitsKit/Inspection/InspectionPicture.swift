/// The sheet of `digits inspect --png`, as RGB pixels, in bands from top to bottom on a white
/// page (docs/inspect.md draws it):
/// - the input and the saliency map over it (red), each 28×28 at 4×, side by side;
/// - per layer, its output: every channel's map in rows of up to 16, each enlarged to about
///   56 pixels, or a row of bars (3 pixels per value, 40 high) for a dense layer; then, for a
///   convolution, its filters the same way at 8 pixels per tap;
/// - the probabilities as bars, 100 pixels high (ten, or eleven with "not a digit" last), the chosen one in red.
/// Bands are 12 pixels apart; the maps of a band share one shade scale, gray 0.5 being 0 when
/// some are negative.
public struct InspectionPicture: Sendable {
    public private(set) var width = 0
    public private(set) var height = 0
    /// Row-major RGB, three bytes per pixel.
    public private(set) var pixels: [UInt8] = []

    static let gap = 12, margin = 8, mapsPerRow = 16

    public init(_ inspection: NetworkInspection) {
        var bands: [Band] = []
        let input = inspection.input, largest = inspection.saliency.max() ?? 0
        let tint = inspection.saliency.map { largest > 0 ? $0 / largest : 0 }
        bands.append(Band(maps: [input, input], scale: ShadeScale([input]), zoom: 4, tints: [nil, tint]))
        for (index, layer) in inspection.layers.enumerated() {
            if layer.maps.isEmpty {
                bands.append(Band(bars: layer.values, barWidth: 3, barHeight: 40, highlight: nil))
            } else {
                bands.append(Band(maps: layer.maps, scale: ShadeScale(layer.maps), zoom: max(1, 56 / layer.maps[0].width), tints: []))
            }
            if let filters = inspection.filters.first(where: { $0.layer == index }) {
                bands.append(Band(maps: filters.maps, scale: ShadeScale(filters.maps), zoom: 8, tints: []))
            }
        }
        bands.append(Band(bars: inspection.probabilities, barWidth: 12, barHeight: 100, highlight: inspection.predicted, unit: 1))
        width = 2 * Self.margin + (bands.map(\.width).max() ?? 0)
        height = 2 * Self.margin + bands.map(\.height).reduce(0, +) + Self.gap * (bands.count - 1)
        pixels = [UInt8](repeating: 255, count: width * height * 3)
        var top = Self.margin
        for band in bands {
            band.draw(into: &self, left: Self.margin, top: top)
            top += band.height + Self.gap
        }
    }

    mutating func fill(x: Int, y: Int, width: Int, height: Int, red: UInt8, green: UInt8, blue: UInt8) {
        for row in y..<y + height {
            for column in x..<x + width {
                let offset = (row * self.width + column) * 3
                (pixels[offset], pixels[offset + 1], pixels[offset + 2]) = (red, green, blue)
            }
        }
    }
}

/// One band of the sheet: maps in rows, or bars.
private struct Band {
    enum Content {
        case maps([FeatureMap], ShadeScale, zoom: Int, tints: [[Float]?])
        case bars([Float], barWidth: Int, barHeight: Int, highlight: Int?, unit: Float?)
    }

    let content: Content

    init(maps: [FeatureMap], scale: ShadeScale, zoom: Int, tints: [[Float]?]) {
        content = .maps(maps, scale, zoom: zoom, tints: tints)
    }

    init(bars: [Float], barWidth: Int, barHeight: Int, highlight: Int?, unit: Float? = nil) {
        content = .bars(bars, barWidth: barWidth, barHeight: barHeight, highlight: highlight, unit: unit)
    }

    var width: Int {
        switch content {
        case let .maps(maps, _, zoom, _):
            let cell = maps[0].width * zoom + 4
            return min(maps.count, InspectionPicture.mapsPerRow) * cell - 4
        case let .bars(values, barWidth, _, _, _): return values.count * (barWidth + 1)
        }
    }

    var height: Int {
        switch content {
        case let .maps(maps, _, zoom, _):
            let rows = (maps.count + InspectionPicture.mapsPerRow - 1) / InspectionPicture.mapsPerRow
            return rows * (maps[0].height * zoom + 4) - 4
        case let .bars(_, _, barHeight, _, _): return barHeight
        }
    }

    func draw(into picture: inout InspectionPicture, left: Int, top: Int) {
        switch content {
        case let .maps(maps, scale, zoom, tints):
            for (position, map) in maps.enumerated() {
                let x = left + (position % InspectionPicture.mapsPerRow) * (map.width * zoom + 4)
                let y = top + (position / InspectionPicture.mapsPerRow) * (map.height * zoom + 4)
                let tint = position < tints.count ? tints[position] : nil
                for row in 0..<map.height {
                    for column in 0..<map.width {
                        let gray = UInt8(min(max(scale.shade(map.values[row * map.width + column]), 0), 1) * 255)
                        let red = tint.map { max(gray, UInt8(min($0[row * map.width + column], 1) * 255)) } ?? gray
                        let other = tint.map { UInt8(Float(gray) * (1 - min($0[row * map.width + column], 1))) } ?? gray
                        picture.fill(x: x + column * zoom, y: y + row * zoom, width: zoom, height: zoom, red: red, green: other, blue: other)
                    }
                }
            }
        case let .bars(values, barWidth, barHeight, highlight, unit):
            let largest = unit ?? values.reduce(0) { max($0, abs($1)) }
            for (index, value) in values.enumerated() {
                let length = largest > 0 ? Int((abs(value) / largest * Float(barHeight)).rounded()) : 0
                let red: UInt8 = index == highlight ? 220 : value < 0 ? 150 : 60
                picture.fill(x: left + index * (barWidth + 1), y: top + barHeight - length, width: barWidth, height: length,
                             red: red, green: 60, blue: index == highlight ? 60 : value < 0 ? 60 : 60)
            }
        }
    }
}
