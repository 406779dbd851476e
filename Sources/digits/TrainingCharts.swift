import DigitsKit

/// The charts `digits train` ends with on a terminal: accuracy and loss per epoch.
enum TrainingCharts {
    static func lines(for epochs: [Trainer.EpochReport], unicode: Bool, color: Bool) -> [String] {
        guard epochs.count >= 2 else { return [] }
        var accuracy = [LineChart.Series(name: "train", values: epochs.map(\.trainAccuracy), color: 34)]
        if epochs.contains(where: { $0.validation != nil }) {
            accuracy.append(.init(name: "validation", values: epochs.map { $0.validation?.accuracy ?? .nan }, color: 33))
        }
        if epochs.contains(where: { $0.test != nil }) {
            accuracy.append(.init(name: "test", values: epochs.map { $0.test?.accuracy ?? .nan }, color: 32))
        }
        let loss = [
            LineChart.Series(name: "train", values: epochs.map(\.trainLoss), color: 34),
            LineChart.Series(name: "test", values: epochs.map { $0.test?.meanLoss ?? .nan }, color: 32),
        ]
        let accuracyChart = LineChart(title: "accuracy per epoch", series: accuracy) { String(cFormat: "%.2f%%", $0 * 100) }
        let lossChart = LineChart(title: "loss per epoch", series: loss, rows: 6) { String(cFormat: "%.4f", $0) }
        return [""] + accuracyChart.render(unicode: unicode, color: color) + [""] + lossChart.render(unicode: unicode, color: color)
    }
}
