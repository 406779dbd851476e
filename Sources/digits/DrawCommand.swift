import ArgumentParser
import DigitsKit
import DigitsTerminal

extension Digits {
    struct DrawCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draw",
            abstract: "Draw a digit in the terminal with the mouse or the keys and watch the guess.",
            discussion: """
            The pad is drawn on the controlling terminal, so standard output carries only the result: \
            Enter prints the guess as one line, e.g. "7 (93.1%)", so guess=$(digits draw) works. \
            With --number the canvas is as wide as the terminal and Enter prints the number read, \
            e.g. "2026 (2 99.8%, 0 97.1%, 2 99.0%, 6 98.5%)", as classify --number does. \
            Exit status: 0 for a digit or a number, 1 when nothing was drawn (or no digit found), \
            2 when the model answers "not a digit" (printed as "not a digit (96.0%)").
            """
        )

        /// The exit status of Enter on a drawing the model answers "not a digit" for.
        static let notADigitStatus: Int32 = 2

        @OptionGroup var modelOptions: ModelOptions

        @Option(parsing: .unconditional, help: ArgumentHelp("Folder where s saves drawings.", valueName: "dir"))
        var saveDirectory = "."

        @Option(parsing: .unconditional, help: ArgumentHelp("pgm or png: the format s saves in.", valueName: "format"))
        var saveFormat: DrawingPad.SaveFormat = .pgm

        @Flag(help: "Draw a number: a canvas as wide as the terminal, every digit on it read.")
        var number = false

        @OptionGroup var colorOptions: ColorOptions

        mutating func run() throws {
            let (model, name) = try modelOptions.load()
            let reader: DrawingPad.Reader = number ? .number(try NumberReader(model: model)) : .digit(try DigitClassifier(model: model))
            let unicode = ShadeRenderer.currentLocaleIsUTF8
            switch try DrawingPadApp.run(reader: reader, modelName: name,
                                         unicode: unicode, saveDirectory: saveDirectory, saveFormat: saveFormat, color: colorOptions.isEnabledOnTerminal) {
            case let .accepted(prediction?):
                print(prediction.answer())
                if !prediction.isDigit { throw ExitCode(Self.notADigitStatus) }
            case .accepted(nil):
                printError("digits draw: nothing was drawn")
                throw ExitCode(1)
            case let .acceptedNumber(reading?):
                print(reading.summary)
            case .acceptedNumber(nil):
                printError("digits draw: no digit found")
                throw ExitCode(1)
            case .quit:
                return
            case let .signalled(number):
                throw ExitCode(128 + number)
            }
        }
    }
}

extension DrawingPad.SaveFormat: ExpressibleByArgument {}
