/// The terminal sheet of `digits inspect`: the input and the saliency map, each layer's output
/// (maps, strongest first, or a row of bars), each convolution's filters, and the probabilities,
/// all fitted to `width` columns.
public struct InspectionText: Sendable {
    public let painter: MapPainter
    public let width: Int

    public init(painter: MapPainter, width: Int) {
        self.painter = painter
        self.width = max(width, 40)
    }

    /// Rows of maps drawn per layer: two of large maps, three of small ones.
    static func rows(forMapWidth width: Int) -> Int { width > 8 ? 2 : 3 }

    public func render(_ inspection: NetworkInspection, title: String) -> String {
        var lines = [title, ""]
        lines += inputAndSaliency(inspection)
        for (index, layer) in inspection.layers.enumerated() {
            lines.append("")
            lines.append("layer \(index + 1)  \(layer.token) → \(layer.shape)")
            if layer.maps.isEmpty {
                lines += bars(layer.values)
            } else {
                lines += maps(layer.maps, noun: "maps")
            }
            if let filters = inspection.filters.first(where: { $0.layer == index }) {
                let kernel = filters.maps.first.map { "\($0.width)×\($0.height)" } ?? ""
                lines.append(filters.channels == 1 ? "its filters, \(kernel):" : "its filters, \(kernel), each the mean over its \(filters.channels) input channels:")
                lines += maps(filters.maps, noun: "filters")
            }
        }
        lines.append("")
        lines.append("probabilities")
        lines += probabilities(inspection)
        return lines.joined(separator: "\n")
    }

    private func inputAndSaliency(_ inspection: NetworkInspection) -> [String] {
        let input = inspection.input
        let largest = inspection.saliency.max() ?? 0
        let normalized = inspection.saliency.map { largest > 0 ? $0 / largest : 0 }
        let saliency = FeatureMap(height: input.height, width: input.width, values: normalized, index: 0)
        let left = painter.lines(input, scale: ShadeScale([input]))
        // With color the saliency is drawn in red over the input; without, as its own map.
        let right = painter.color ? painter.lines(input, scale: ShadeScale([input]), tint: normalized) : painter.lines(saliency, scale: ShadeScale([saliency]))
        let labelWidth = max(left.first?.columns ?? 0, 22) + 3
        var header = MapPainter.Line("input (28×28)", columns: 13)
        header.pad(to: labelWidth)
        let moved = inspection.isNotADigit(inspection.predicted) ? "\"not a digit\"" : "the \(inspection.predicted)"
        header.append(MapPainter.Line("saliency: what moved \(moved)", columns: 21 + moved.count))
        var lines = [header.text]
        for (leftLine, rightLine) in zip(left, right) {
            var line = leftLine
            line.pad(to: labelWidth)
            line.append(rightLine)
            lines.append(line.text)
        }
        return lines
    }

    /// The maps, strongest first, in as many rows as `rows(forMapWidth:)` allows; says how many were left out.
    private func maps(_ maps: [FeatureMap], noun: String) -> [String] {
        let ordered = maps.sorted { $0.strength > $1.strength }
        let (lines, drawn) = painter.grid(ordered, scale: ShadeScale(maps), width: width, rows: Self.rows(forMapWidth: maps[0].width))
        let note = drawn == maps.count ? "all \(maps.count) \(noun), strongest first" : "the \(drawn) strongest of \(maps.count) \(noun) (\(maps.count - drawn) left out)"
        return lines.map(\.text) + ["  " + note]
    }

    /// A row of values as bars, one column each, wrapped to the width; signed rows show magnitude
    /// and say so.
    private func bars(_ values: [Float]) -> [String] {
        let ramp: [Character] = painter.unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]
        let largest = values.reduce(0) { max($0, abs($1)) }
        let characters = values.map { value -> Character in
            let level = largest > 0 ? abs(value) / largest : 0
            return ramp[min(ramp.count - 1, Int((level * Float(ramp.count - 1)).rounded(.up)))]
        }
        let rowWidth = width - 2
        var lines = stride(from: 0, to: characters.count, by: rowWidth).map { start in
            "  " + String(characters[start..<min(start + rowWidth, characters.count)])
        }
        let signed = values.contains { $0 < 0 }
        lines.append("  \(values.count) values, largest |value| \(String(cFormat: "%.3g", largest))" + (signed ? " (bars show magnitude; some are negative)" : ""))
        return lines
    }

    /// One bar per class; "not a digit", when the model has it, is the row `not`.
    private func probabilities(_ inspection: NetworkInspection) -> [String] {
        let barWidth = max(10, min(40, width - 18))
        let labels = inspection.probabilities.indices.map { inspection.isNotADigit($0) ? "not" : String($0) }
        let labelWidth = labels.map(\.count).max() ?? 1
        return zip(labels, inspection.probabilities).enumerated().map { index, row in
            let filled = Int((row.1 * Float(barWidth)).rounded())
            let bar = String(repeating: painter.unicode ? "█" : "#", count: filled) + String(repeating: " ", count: barWidth - filled)
            let label = row.0 + String(repeating: " ", count: labelWidth - row.0.count)
            return "\(index == inspection.predicted ? ">" : " ") \(label) \(bar) " + String(cFormat: "%5.1f%%", row.1 * 100)
        }
    }
}
