import DigitsKit
import Foundation

/// The text `digits eval` prints: totals, per-digit accuracy, the confusion matrix, the worst pairs.
struct EvaluationReport {
    let evaluation: Evaluation
    let name: String
    let milliseconds: Double

    var text: String {
        var lines = [
            String(format: "%@ on %d test images: accuracy %.2f%%, loss %.4f (%.1f ms)", name, evaluation.count,
                   evaluation.accuracy * 100, evaluation.meanLoss, milliseconds),
            "",
            "digit  accuracy",
        ]
        for (digit, accuracy) in evaluation.perClassAccuracy.enumerated() {
            lines.append(String(format: "    %d  %6.2f%%", digit, accuracy * 100))
        }
        lines += ["", "confusion (rows: truth, columns: guess)", "      " + (0..<evaluation.confusion.count).map { String(format: "%5d", $0) }.joined()]
        for (truth, row) in evaluation.confusion.enumerated() {
            lines.append(String(format: "%5d ", truth) + row.map { String(format: "%5d", $0) }.joined())
        }
        lines += ["", "most confused"]
        for pair in evaluation.mostConfused(5) {
            lines.append("    \(pair.truth) read as \(pair.guess): \(pair.count) times")
        }
        return lines.joined(separator: "\n")
    }
}
