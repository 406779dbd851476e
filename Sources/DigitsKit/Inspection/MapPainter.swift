/// Draws feature maps in a terminal: each text cell shows two pixels, one above the other. With
/// color, the cell is `▀` in 256-color grays (the top pixel as its foreground, the bottom one as its
/// background); without, one shade character for the pair's mean.
public struct MapPainter: Sendable {
    public let color: Bool
    public let unicode: Bool

    public init(color: Bool, unicode: Bool) {
        self.color = color
        self.unicode = unicode
    }

    /// One line of text and how many columns it takes on screen.
    public struct Line: Sendable {
        public var text: String
        public var columns: Int

        public init(_ text: String = "", columns: Int = 0) {
            self.text = text
            self.columns = columns
        }

        mutating func append(_ other: Line) {
            text += other.text
            columns += other.columns
        }

        mutating func pad(to width: Int) {
            guard columns < width else { return }
            text += String(repeating: " ", count: width - columns)
            columns = width
        }
    }

    /// Magnification for a map `width` pixels wide: small maps (filters) are drawn larger.
    public static func magnification(width: Int) -> Int { max(1, 8 / max(width, 1)) }

    /// The map's lines, each `width × magnification` columns.
    /// - Parameter tint: per pixel 0 … 1, drawn in red over the map when colored (a saliency map over the input).
    public func lines(_ map: FeatureMap, scale: ShadeScale, tint: [Float]? = nil) -> [Line] {
        let zoom = Self.magnification(width: map.width)
        let height = map.height * zoom, width = map.width * zoom
        func shade(_ y: Int, _ x: Int) -> Float {
            guard y < height else { return -1 }
            return scale.shade(map.values[(y / zoom) * map.width + x / zoom])
        }
        func tinted(_ y: Int, _ x: Int) -> Float { y < height ? tint?[(y / zoom) * map.width + x / zoom] ?? 0 : 0 }
        return stride(from: 0, to: height, by: 2).map { y in
            var line = Line()
            for x in 0..<width {
                let (top, bottom) = (shade(y, x), shade(y + 1, x))
                if color {
                    let foreground = Self.colorIndex(top, tint: tinted(y, x))
                    let background = bottom < 0 ? nil : Self.colorIndex(bottom, tint: tinted(y + 1, x))
                    line.text += "\u{1B}[38;5;\(foreground)m" + (background.map { "\u{1B}[48;5;\($0)m" } ?? "\u{1B}[49m") + "▀"
                } else {
                    let ramp = unicode ? ShadeRenderer.unicodeRamp : ShadeRenderer.asciiRamp
                    let mean = bottom < 0 ? top : (top + bottom) / 2
                    line.text.append(ramp[min(ramp.count - 1, Int((min(max(mean, 0), 1) * Float(ramp.count - 1)).rounded()))])
                }
                line.columns += 1
            }
            if color { line.text += "\u{1B}[0m" }
            return line
        }
    }

    /// A 256-color index: the gray ramp (232 … 255, with 16 and 231 as black and white), or the
    /// color cube's reds when tinted.
    static func colorIndex(_ shade: Float, tint: Float) -> Int {
        let gray = min(max(shade, 0), 1)
        guard tint > 0.05 else {
            let level = Int((gray * 25).rounded())
            return level == 0 ? 16 : level == 25 ? 231 : 231 + level
        }
        let red = Int((max(gray, min(tint, 1)) * 5).rounded()), other = Int((gray * (1 - min(tint, 1)) * 5).rounded())
        return 16 + 36 * red + 6 * other + other
    }

    /// Maps side by side, as many as fit in `width` columns with a gap of 1, in at most `rows`
    /// rows; returns the lines and how many maps were drawn.
    public func grid(_ maps: [FeatureMap], scale: ShadeScale, width: Int, rows: Int) -> (lines: [Line], drawn: Int) {
        guard let first = maps.first else { return ([], 0) }
        let columns = first.width * Self.magnification(width: first.width)
        let perRow = max(1, (width + 1) / (columns + 1))
        var result: [Line] = [], drawn = 0
        for start in stride(from: 0, to: min(maps.count, perRow * rows), by: perRow) {
            let row = maps[start..<min(start + perRow, maps.count)].map { lines($0, scale: scale) }
            for index in row[0].indices {
                var line = Line()
                for (position, map) in row.enumerated() {
                    if position > 0 { line.append(Line(" ", columns: 1)) }
                    line.append(map[index])
                }
                result.append(line)
            }
            drawn += row.count
        }
        return (result, drawn)
    }
}
