import ArgumentParser
import DigitsKit

extension Digits {
    struct ExportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a model without its optimizer state: a third of the size for Adam, the same predictions, but it cannot be resumed exactly."
        )

        @Argument(help: ArgumentHelp("The model file to read.", valueName: "path"))
        var path: String

        @Option(help: ArgumentHelp("Where to write the smaller model.", valueName: "path"))
        var output: String

        mutating func run() throws {
            var model = try ModelSaver.load(from: path)
            model.optimizer = nil
            try ModelSaver.save(model, to: output)
            print("wrote \(output) without the optimizer state")
        }
    }
}
