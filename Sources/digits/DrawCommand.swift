import ArgumentParser
import DigitsKit
import DigitsTerminal
import Foundation

extension Digits {
    struct DrawCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draw",
            abstract: "Draw a digit in the terminal with the mouse or the keys and watch the guess.",
            discussion: """
            The pad is drawn on the controlling terminal, so standard output carries only the result: \
            Enter prints the guess as one line, e.g. "7 (93.1%)", so guess=$(digits draw) works.
            """
        )

        @OptionGroup var modelOptions: ModelOptions

        @Option(help: ArgumentHelp("Folder where s saves drawings as PGM.", valueName: "dir"))
        var saveDirectory = "."

        mutating func run() throws {
            let (model, name) = try modelOptions.load()
            let classifier = DigitClassifier(network: try Network(model.state))
            let unicode = ShadeRenderer.currentLocaleIsUTF8
            switch try DrawingPadApp.run(classifier: classifier, modelName: name, unicode: unicode, saveDirectory: saveDirectory) {
            case let .accepted(prediction?):
                print(String(format: "%d (%.1f%%)", prediction.digit, prediction.confidence * 100))
            case .accepted(nil):
                FileHandle.standardError.write(Data("digits draw: nothing was drawn\n".utf8))
                throw ExitCode(1)
            case .quit:
                return
            case let .signalled(number):
                throw ExitCode(128 + number)
            }
        }
    }
}
