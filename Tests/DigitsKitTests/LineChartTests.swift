import DigitsKit
import Foundation
import Testing

@Suite struct LineChartTests {
    private let chart = LineChart(title: "accuracy", series: [
        .init(name: "train", values: [0.90, 0.95, 0.97], color: 34),
        .init(name: "test", values: [0.92, 0.96, 0.99], color: 32),
    ], rows: 5) { String(cFormat: "%.0f%%", $0 * 100) }

    @Test("values land on the rows their size gives, the axis labelled with the extremes")
    func placement() {
        let lines = chart.render(unicode: false, color: false, maximumWidth: 3)
        // Title, 5 rows, the axis line, the epoch labels.
        #expect(lines.count == 8)
        #expect(lines[1].hasPrefix("99% |") && lines[1].hasSuffix("  o"), "\(lines[1])")
        #expect(lines[5].hasPrefix("90% |*"), "\(lines[5])")
        #expect(lines[0] == "accuracy  (* train  o test)")
        #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(lines[7].hasSuffix("1 3  epoch"), "\(lines[7])")
    }

    @Test("color only when asked, and the same chart underneath")
    func color() {
        let plain = chart.render(unicode: true, color: false)
        let colored = chart.render(unicode: true, color: true)
        #expect(!plain.joined().contains("\u{1B}["))
        #expect(colored.joined().contains("\u{1B}[32m"))
        let stripped = colored.map { $0.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression) }
        #expect(stripped == plain)
    }

    @Test("NO_COLOR turns automatic color off; always and never ignore it")
    func colorChoice() {
        #expect(ColorChoice.auto.isEnabled(environment: [:], isTerminal: true))
        #expect(!ColorChoice.auto.isEnabled(environment: ["NO_COLOR": "1"], isTerminal: true))
        #expect(ColorChoice.auto.isEnabled(environment: ["NO_COLOR": ""], isTerminal: true))
        #expect(!ColorChoice.auto.isEnabled(environment: [:], isTerminal: false))
        #expect(!ColorChoice.auto.isEnabled(environment: ["TERM": "dumb"], isTerminal: true))
        #expect(ColorChoice.always.isEnabled(environment: ["NO_COLOR": "1"], isTerminal: false))
        #expect(!ColorChoice.never.isEnabled(environment: [:], isTerminal: true))
    }
}
