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

        @Option(parsing: .unconditional, help: ArgumentHelp("Where to write the smaller model; - writes it to standard output.", valueName: "path"))
        var output: String

        func validate() throws {
            guard output != "-" || isatty(STDOUT_FILENO) == 0 else {
                throw ValidationError("--output - would write a binary model to the terminal; redirect standard output to a file")
            }
        }

        mutating func run() throws {
            var model = try ModelSaver.load(from: path)
            model.optimizer = nil
            if output == "-" {
                try StandardOutput.write(ModelFile.encode(model))
                return
            }
            switch try ModelSaver.save(model, to: output) {
            case .file: print("wrote \(output.terminalSafe) without the optimizer state")
            case .discard: print("wrote nothing: \(output.terminalSafe) is the null device")
            }
        }
    }
}
