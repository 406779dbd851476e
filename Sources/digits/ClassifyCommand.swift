import ArgumentParser
import DigitsKit

extension Digits {
    struct ClassifyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "classify",
            abstract: "Read the digit, or with --number every digit, in PNG or PGM (PBM, PPM) images of any size.",
            discussion: """
                Each image is prepared the way MNIST was made: ink found, scaled into 20×20, centred by mass in 28×28. \
                The strong model, and any trained with --non-digits, answers "not a digit" when that is the most likely \
                and above the model's threshold (digits info shows it). \
                With --number the picture's marks of ink are sorted into digits (specks and dashes dropped, broken digits \
                joined, touching ones cut where the network reads the pieces best), each prepared the same way, read left \
                to right; a mark such a model calls not a digit is listed as one and left out of the number. Several \
                lines are read as one.
                """
        )

        @OptionGroup var modelOptions: ModelOptions

        @Argument(help: ArgumentHelp("Image files; - reads standard input.", valueName: "file"))
        var files: [String]

        @Option(parsing: .unconditional, help: ArgumentHelp("Show the K most likely digits.", valueName: "k"))
        var top = 1

        @Flag(help: "Read every digit on the picture's line, left to right, as a whole number.")
        var number = false

        @Flag(help: "Print one JSON array of {file, digit, probabilities}; with --number, {file, number, digits: [{value, probabilities, box}]}.")
        var json = false

        @Flag(help: "Draw the 28×28 image the network saw; with --number, the picture with each digit's box and guess.")
        var show = false

        @Flag(inversion: .prefixedNo, help: "Treat the image as dark ink on light paper (default: decide from its border).")
        var invert: Bool?

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name at least one image file, or - for standard input") }
            guard (1...10).contains(top) else { throw ValidationError("--top must be 1 to 10") }
        }

        mutating func run() throws {
            let polarity: DigitPreprocessor.Polarity = switch invert {
            case .none: .automatic
            case .some(true): .darkInk
            case .some(false): .lightInk
            }
            let preprocessor = DigitPreprocessor(polarity: polarity)
            if number { return try readNumbers(preprocessor) }
            let classifier = try DigitClassifier(model: modelOptions.load().model, preprocessor: preprocessor)
            let renderer = ShadeRenderer.forCurrentLocale()
            var results: [ClassifyJSON] = []
            var failures = 0
            for file in files {
                let name = file == "-" ? "(standard input)" : file
                let shown = name.terminalSafe
                do {
                    let read = try ImageReader.read(path: file)
                    let prediction = try classifier.classify(read.image)
                    let note = read.hasMoreImages ? " (first of several images)" : ""
                    if json {
                        results.append(ClassifyJSON(file: name, prediction: prediction))
                    } else {
                        print("\(shown): \(prediction.answer(top: top))\(note)")
                    }
                    if show && !json { print(renderer.render(prediction.input, rows: 28, columns: 28)) }
                } catch let failure as DigitPreprocessor.Failure {
                    if json {
                        results.append(ClassifyJSON(file: name, error: failure.description))
                    } else {
                        print("\(shown): \(failure)".terminalSafe)
                    }
                } catch {
                    failures += 1
                    printError("digits: \(error)".terminalSafe)
                    if json { results.append(ClassifyJSON(file: name, error: "\(error)")) }
                }
            }
            if json { try printJSON(results) }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}
