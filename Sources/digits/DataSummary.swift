import DigitsKit

/// The text `digits data` prints for a whole split.
struct DataSummary {
    let set: LabelledImages
    let name: String
    let directory: String
    let readMilliseconds: Double

    var text: String {
        let histogram = set.labelHistogram()
        let largest = max(histogram.max() ?? 1, 1)
        var lines = [
            "\(directory): \(name) set, \(set.count) images of \(set.rows)×\(set.columns) (read in " + String(cFormat: "%.0f", readMilliseconds) + " ms)",
            String(cFormat: "mean pixel %.3f of 255", Double(set.pixels.reduce(0) { $0 + Int($1) }) / Double(max(set.pixels.count, 1))),
            "label  count",
        ]
        for (label, count) in histogram.enumerated() {
            let bar = String(repeating: "#", count: count * 40 / largest)
            lines.append("    \(label)  \(String(cFormat: "%5ld", count))  \(bar)")
        }
        return lines.joined(separator: "\n")
    }
}
