/// A picture of a number drawn as text with the box of each digit read and its guess under it,
/// shrunk to fit a terminal: each character cell stands for a block twice as tall as wide, as
/// terminal cells are.
public struct NumberPicture {
    public let renderer: ShadeRenderer
    /// The widest and tallest the drawing gets, in cells.
    public var columns = 78, lines = 24

    public init(renderer: ShadeRenderer) {
        self.renderer = renderer
    }

    /// The drawing of `ink` (0 paper … 1 ink, `width` × `height`) with `reading`'s boxes and digits.
    public func render(ink: [Float], width: Int, height: Int, reading: NumberReading) -> String {
        let scale = max(1, (width + columns - 1) / columns, (height + 2 * lines - 1) / (2 * lines))
        let cellsWide = (width + scale - 1) / scale, cellsTall = (height + 2 * scale - 1) / (2 * scale)
        var cells = [[Character]](repeating: [Character](repeating: " ", count: cellsWide), count: cellsTall)
        for line in 0..<cellsTall {
            for column in 0..<cellsWide {
                var sum: Float = 0, count = 0
                for row in (line * 2 * scale)..<min(height, (line + 1) * 2 * scale) {
                    for x in (column * scale)..<min(width, (column + 1) * scale) { sum += ink[row * width + x]; count += 1 }
                }
                cells[line][column] = renderer.shade(sum / Float(max(count, 1)))
            }
        }
        let unicode = renderer.ramp == ShadeRenderer.unicodeRamp
        var labels = [Character](repeating: " ", count: cellsWide)
        for digit in reading.digits {
            // The frame goes one cell outside the ink where the picture has room.
            let left = max(0, digit.box.x / scale - 1), right = min(cellsWide - 1, (digit.box.x + digit.box.width - 1) / scale + 1)
            let top = max(0, digit.box.y / (2 * scale) - 1)
            let bottom = min(cellsTall - 1, (digit.box.y + digit.box.height - 1) / (2 * scale) + 1)
            for column in left...right {
                cells[top][column] = unicode ? "─" : "-"
                cells[bottom][column] = unicode ? "─" : "-"
            }
            for line in top...bottom {
                cells[line][left] = unicode ? "│" : "|"
                cells[line][right] = unicode ? "│" : "|"
            }
            if unicode {
                (cells[top][left], cells[top][right], cells[bottom][left], cells[bottom][right]) = ("┌", "┐", "└", "┘")
            } else {
                for (line, column) in [(top, left), (top, right), (bottom, left), (bottom, right)] { cells[line][column] = "+" }
            }
            // A mark that is not a digit is framed with a cross, as the pad shows it.
            labels[(left + right) / 2] = digit.isDigit ? Character(String(digit.prediction.digit)) : (unicode ? "×" : "x")
        }
        return (cells + [labels]).map { String($0) }.joined(separator: "\n")
    }
}
