/// Where the drawing pad's parts go on a terminal of a given size, and which canvas pixel a
/// terminal cell shows. A number's pad puts its panel under a canvas as wide as the terminal.
///
/// Two layouts keep pixels looking square: `large` gives each pixel two columns of one line;
/// `compact` packs two pixels, one above the other, into each cell with a half-block character,
/// so that the whole pad fits a standard 80×24 terminal.
public struct PadLayout: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case large, compact

        /// Terminal columns and lines per canvas pixel.
        var columnsPerPixel: Int { self == .large ? 2 : 1 }
        var pixelsPerLine: Int { self == .large ? 1 : 2 }
    }

    public let kind: Kind
    /// The terminal cell of the canvas's top-left pixel, inside its frame.
    public let canvasLine: Int
    public let canvasColumn: Int
    /// The prediction panel's top-left cell.
    public let panelLine: Int
    public let panelColumn: Int
    /// The help lines and the status line.
    public let helpLine: Int
    public let statusLine: Int
    public let width: Int
    /// The canvas's width in pixels: 28 for a digit, the terminal's width for a number.
    public let canvasPixels: Int

    public static let panelWidth = 26
    public static let helpLines = 2

    /// The terminal size each layout needs: a title line, the framed canvas beside the panel, two
    /// help lines and a status line.
    public static func minimumSize(_ kind: Kind) -> (columns: Int, lines: Int) {
        let canvasColumns = Canvas.side * kind.columnsPerPixel + 2
        let canvasLines = Canvas.side / kind.pixelsPerLine + 2
        return (max(canvasColumns + 2 + panelWidth, 76), 1 + canvasLines + helpLines + 1)
    }

    /// The largest layout that fits, or nil when even the compact one does not.
    public static func choose(columns: Int, lines: Int) -> PadLayout? {
        for kind in [Kind.large, .compact] {
            let need = minimumSize(kind)
            if columns >= need.columns && lines >= need.lines { return PadLayout(kind: kind, width: columns) }
        }
        return nil
    }

    init(kind: Kind, width: Int) {
        self.kind = kind
        self.width = width
        canvasPixels = Canvas.side
        canvasLine = 2
        canvasColumn = 1
        panelLine = 1
        panelColumn = Canvas.side * kind.columnsPerPixel + 4
        helpLine = 1 + Canvas.side / kind.pixelsPerLine + 2
        statusLine = helpLine + Self.helpLines
    }

    /// A number's pad: the compact canvas 28 pixels tall and `canvasPixels` wide (by default as wide
    /// as the terminal), the digits read in the lines under it. Nil when it does not fit.
    public static func number(columns: Int, lines: Int, canvasPixels: Int? = nil) -> PadLayout? {
        let pixels = canvasPixels ?? columns - 2
        guard pixels + 2 >= numberMinimumSize.columns, columns >= pixels + 2, lines >= numberMinimumSize.lines else { return nil }
        return PadLayout(numberWidth: columns, canvasPixels: pixels)
    }

    /// A number pad needs room for two digits side by side; under the canvas go a line of guesses,
    /// a line of their confidences and the number.
    public static let numberMinimumSize = (columns: 2 * Canvas.side + 2, lines: 1 + Canvas.side / 2 + 2 + numberPanelLines + helpLines + 1)
    public static let numberPanelLines = 3

    private init(numberWidth width: Int, canvasPixels: Int) {
        kind = .compact
        self.width = width
        self.canvasPixels = canvasPixels
        canvasLine = 2
        canvasColumn = 1
        panelLine = canvasLine + Canvas.side / 2 + 1
        panelColumn = 0
        helpLine = panelLine + Self.numberPanelLines
        statusLine = helpLine + Self.helpLines
    }

    public var canvasColumns: Int { canvasPixels * kind.columnsPerPixel }
    public var canvasLines: Int { Canvas.side / kind.pixelsPerLine }

    /// The canvas point a mouse report at a cell addresses: the centre of the pixels the cell shows.
    /// Cells outside the canvas give nil, or with `clamped` the nearest point on the canvas.
    public func canvasPoint(line: Int, column: Int, clamped: Bool = false) -> (x: Float, y: Float)? {
        var cellLine = line - canvasLine, cellColumn = column - canvasColumn
        let inside = (0..<canvasLines).contains(cellLine) && (0..<canvasColumns).contains(cellColumn)
        guard inside || clamped else { return nil }
        cellLine = min(max(cellLine, 0), canvasLines - 1)
        cellColumn = min(max(cellColumn, 0), canvasColumns - 1)
        let x = Float(cellColumn / kind.columnsPerPixel) + 0.5
        let y = Float(cellLine * kind.pixelsPerLine) + Float(kind.pixelsPerLine) / 2
        return (x, y)
    }

    /// The cell that shows canvas pixel (`x`, `y`).
    public func cell(x: Int, y: Int) -> (line: Int, column: Int) {
        (canvasLine + y / kind.pixelsPerLine, canvasColumn + x * kind.columnsPerPixel)
    }
}
