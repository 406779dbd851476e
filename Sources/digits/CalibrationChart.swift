import DigitsKit

/// `eval --calibration` in the terminal: the expected calibration error, then one row per bin that
/// holds images, its accuracy as a bar and its mean confidence as a mark on it (a calibrated model's
/// bar ends at its mark).
struct CalibrationChart {
    let calibration: Calibration
    let unicode: Bool

    static let barWidth = 30

    var text: String {
        var lines = [
            String(cFormat: "calibration: expected calibration error %.2f%% (%ld bins of the top probability)",
                   calibration.expectedError * 100, Calibration.binCount),
            "confidence    images  mean confidence  accuracy  " + (unicode ? "accuracy █, confidence ┃" : "accuracy #, confidence |"),
        ]
        for bin in calibration.bins where bin.count > 0 {
            let filled = Int((bin.accuracy * Double(Self.barWidth)).rounded())
            var bar = Array(repeating: unicode ? "█" : "#", count: filled) + Array(repeating: unicode ? "░" : ".", count: Self.barWidth - filled)
            bar[min(Self.barWidth - 1, Int(bin.meanConfidence * Double(Self.barWidth)))] = unicode ? "┃" : "|"
            lines.append(String(cFormat: "%.2f-%.2f  %8ld  %14.1f%%  %7.1f%%  ", bin.lower, bin.upper, bin.count,
                                bin.meanConfidence * 100, bin.accuracy * 100) + bar.joined())
        }
        return lines.joined(separator: "\n")
    }
}
