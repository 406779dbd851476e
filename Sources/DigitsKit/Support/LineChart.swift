/// A small chart of one or more series over the same steps (epochs), drawn with characters for a
/// terminal: one column per step (widened when there are few), values scaled to the rows.
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public let name: String
        public let values: [Double]
        /// ANSI foreground color (30–37) when color is on.
        public let color: Int
        public init(name: String, values: [Double], color: Int) {
            self.name = name
            self.values = values
            self.color = color
        }
    }

    public let title: String
    /// Later series are drawn over earlier ones where they meet.
    public let series: [Series]
    public let rows: Int
    /// How a value reads on the axis.
    public let label: @Sendable (Double) -> String

    public init(title: String, series: [Series], rows: Int = 8, label: @escaping @Sendable (Double) -> String) {
        self.title = title
        self.series = series
        self.rows = max(rows, 2)
        self.label = label
    }

    /// The chart's lines. Without Unicode the marks are letters; without color the series are told
    /// apart by their marks alone.
    public func render(unicode: Bool, color: Bool, maximumWidth: Int = 60) -> [String] {
        let steps = series.map(\.values.count).max() ?? 0
        let finite = series.flatMap(\.values).filter(\.isFinite)
        guard steps > 0, var low = finite.min(), var high = finite.max() else { return [] }
        if high - low < 1e-9 {
            low -= 0.5
            high += 0.5
        }
        let widen = max(1, min(maximumWidth / steps, 4))
        let width = steps * widen
        let marks: [Character] = unicode ? ["●", "○", "◆", "■"] : ["*", "o", "+", "#"]
        var grid = [[(Character, Int)?]](repeating: [(Character, Int)?](repeating: nil, count: width), count: rows)
        for (index, line) in series.enumerated() {
            for (step, value) in line.values.enumerated() where value.isFinite {
                let row = rows - 1 - Int(((value - low) / (high - low) * Double(rows - 1)).rounded())
                for column in step * widen..<(step + 1) * widen { grid[row][column] = (marks[index % marks.count], line.color) }
            }
        }
        let axisWidth = max(label(high).count, label(low).count)
        func pad(_ text: String) -> String { String(repeating: " ", count: axisWidth - text.count) + text }
        let vertical = unicode ? "┤" : "|", corner = unicode ? "└" : "+", horizontal = unicode ? "─" : "-"
        let legend = series.enumerated().map { index, line in paint(String(marks[index % marks.count]), line.color, color) + " " + line.name }
        var lines = ["\(title)  (" + legend.joined(separator: "  ") + ")"]
        for (row, cells) in grid.enumerated() {
            let axis = row == 0 ? pad(label(high)) : row == rows - 1 ? pad(label(low)) : String(repeating: " ", count: axisWidth)
            let body = cells.map { cell in cell.map { paint(String($0.0), $0.1, color) } ?? " " }.joined()
            lines.append(axis + " " + vertical + body)
        }
        lines.append(String(repeating: " ", count: axisWidth + 1) + corner + String(repeating: horizontal, count: width))
        let first = "1", last = "\(steps)"
        let gap = max(1, width - first.count - last.count)
        lines.append(String(repeating: " ", count: axisWidth + 2) + first + (steps > 1 ? String(repeating: " ", count: gap) + last : "") + "  epoch")
        return lines
    }

    private func paint(_ text: String, _ code: Int, _ color: Bool) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
