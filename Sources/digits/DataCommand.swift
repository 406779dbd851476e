import ArgumentParser
import DigitsKit
import Foundation

extension Digits {
    struct DataCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Summarize the MNIST data, or show one image."
        )

        @OptionGroup var dataOptions: DataOptions

        @Option(name: .customLong("set"), help: "Which split: train or test.")
        var split: MNIST.Split = .train

        @Option(help: ArgumentHelp("Render image N (0-based) with its label.", valueName: "n"))
        var show: Int?

        mutating func run() throws {
            let set = try dataOptions.load(split)
            if let show {
                guard (0..<set.count).contains(show) else {
                    throw ValidationError("--show \(show) is out of range: the \(split) set has images 0…\(set.count - 1)")
                }
                let renderer = ShadeRenderer(unicode: ShadeRenderer.localeIsUTF8(environment: ProcessInfo.processInfo.environment))
                print("\(split) image \(show): label \(set.labels[show])")
                print(renderer.render(set.image(show), rows: set.rows, columns: set.columns))
                return
            }
            print(DataSummary(set: set, name: "\(split)", directory: dataOptions.data).text)
        }
    }
}
