import DigitsKit

/// The text `digits eval` prints: totals, per-digit accuracy, the confusion matrix, the worst pairs.
struct EvaluationReport {
    let evaluation: Evaluation
    let name: String
    let milliseconds: Double
    /// Shade the confusion matrix's cells as a heat map (ANSI 256-color backgrounds).
    var heatMap = false

    var text: String {
        var lines = [
            "\(name) on " + String(cFormat: "%ld test images: accuracy %.2f%%, loss %.4f (%.1f ms)", evaluation.count,
                                    evaluation.accuracy * 100, evaluation.meanLoss, milliseconds),
        ]
        if evaluation.rejects {
            let share = { (count: Int) in Double(count) * 100 / Double(max(evaluation.count, 1)) }
            lines.append(String(cFormat: "answered \"not a digit\": %ld (%.2f%%); read as another digit: %ld (%.2f%%)",
                                evaluation.rejected, share(evaluation.rejected), evaluation.misread, share(evaluation.misread)))
        }
        lines += ["", "digit  accuracy"]
        for (digit, accuracy) in evaluation.perClassAccuracy.enumerated() {
            lines.append(String(cFormat: "    %ld  %6.2f%%", digit, accuracy * 100))
        }
        let columns = evaluation.truthClasses.map { String(cFormat: "%5ld", $0) } + (evaluation.rejects ? ["  not"] : [])
        lines += ["", "confusion (rows: truth, columns: guess" + (evaluation.rejects ? "; not: not a digit)" : ")"), "      " + columns.joined()]
        let worst = worstMistake
        for (truth, row) in evaluation.confusion.enumerated() where evaluation.truthClasses.contains(truth) {
            lines.append(String(cFormat: "%5ld ", truth) + row.enumerated().map { guess, count in
                shade(String(cFormat: "%5ld", count), count: count, onDiagonal: guess == truth, worstMistake: worst)
            }.joined())
        }
        lines += ["", "most confused"]
        for pair in evaluation.mostConfused(5) {
            let guess = evaluation.truthClasses.contains(pair.guess) ? "read as \(pair.guess)" : "answered \"not a digit\""
            lines.append("    \(pair.truth) \(guess): \(pair.count) times")
        }
        return lines.joined(separator: "\n")
    }

    /// The largest count off the diagonal: the scale of the mistakes' shading.
    private var worstMistake: Int {
        evaluation.confusion.enumerated().flatMap { truth, row in row.enumerated().filter { $0.offset != truth }.map(\.element) }.max() ?? 0
    }

    /// Mistakes in reds, darker to brighter with their count; correct readings in a steady green.
    private func shade(_ cell: String, count: Int, onDiagonal: Bool, worstMistake: Int) -> String {
        guard heatMap, count > 0 else { return cell }
        if onDiagonal { return "\u{1B}[30;48;5;114m\(cell)\u{1B}[0m" }
        let reds = [52, 88, 124, 160, 196]
        let level = min(reds.count - 1, (count * reds.count - 1) / max(worstMistake, 1))
        return "\u{1B}[97;48;5;\(reds[level])m\(cell)\u{1B}[0m"
    }
}
