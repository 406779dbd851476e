import ArgumentParser
import DigitsKit

extension Digits {
    struct EvalCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Measure a model on the MNIST test set: accuracy, loss, per-digit accuracy, confusions."
        )

        @OptionGroup var modelOptions: ModelOptions
        @OptionGroup var dataOptions: DataOptions

        @Option(parsing: .unconditional, help: ArgumentHelp("Use the first N test images only.", valueName: "n"))
        var limit: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp("Draw the first N misclassified images with truth and guess.", valueName: "n"))
        var showErrors = 0

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        @Option(parsing: .unconditional, help: ArgumentHelp("Threads (default: every core).", valueName: "n"))
        var threads: Int?

        @OptionGroup var colorOptions: ColorOptions

        @Option(parsing: .unconditional, help: ArgumentHelp(
            "Show the test digits as: mnist (as they are), paper (280×280 dark on white), 8x8 (17 gray levels, as old scan databases), strokes (re-drawn with the pad's brush); all but mnist are then preprocessed as classify does.",
            valueName: "style"))
        var style: DigitStyle = .mnist

        @Option(parsing: .unconditional, help: ArgumentHelp(
            "Instead, read N whole numbers of each kind made from the test digits (spaced, touching, 8x8) as classify --number does: whole numbers and digits right, time per picture.",
            valueName: "n"))
        var numbers: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp(
            "Instead, read the pictures that are not digits in each subfolder of dir (one kind per subfolder) and count those answered \"not a digit\", kind by kind.",
            valueName: "dir"))
        var nonDigits: String?

        @Flag(help: "Also show how well the confidences match the accuracy: the expected calibration error (15 bins of the top probability) and a reliability chart; with --json, ece and bins.")
        var calibration = false

        @Option(parsing: .unconditional, help: ArgumentHelp("The seed that draws --numbers' numbers.", valueName: "n"))
        var seed: UInt64 = 1

        func validate() throws {
            guard numbers.map({ $0 > 0 }) ?? true else { throw ValidationError("--numbers must be positive") }
            guard threads.map({ (1...256).contains($0) }) ?? true else { throw ValidationError("--threads must be from 1 to 256") }
            guard limit.map({ $0 > 0 }) ?? true else { throw ValidationError("--limit must be positive") }
            guard showErrors >= 0 else { throw ValidationError("--show-errors must be 0 or more") }
            if numbers != nil && nonDigits != nil { throw ValidationError("--numbers and --non-digits are two checks: run one at a time") }
            if numbers != nil || nonDigits != nil, let single = [(calibration, "--calibration"), (style != .mnist, "--style"), (showErrors > 0, "--show-errors")].first(where: \.0) {
                throw ValidationError("\(single.1) measures single digits and cannot go with \(numbers != nil ? "--numbers" : "--non-digits")")
            }
        }

        mutating func run() throws {
            let (model, name) = try modelOptions.load()
            if let numbers { return try readNumbers(numbers, model: model, name: name) }
            if let nonDigits { return try readNonDigits(in: nonDigits, model: model, name: name) }
            let test = style.restyle(try dataOptions.load(.test).prefix(limit))
            let start = ContinuousClock.now
            let evaluation = try Evaluation.run(model.state, on: test, threads: threads ?? Network.defaultThreads, rule: model.metadata.notADigitRule)
            let milliseconds = start.secondsElapsed * 1000

            if json {
                try printJSON(EvalJSON(
                    model: name, style: style.rawValue, images: evaluation.count, accuracy: evaluation.accuracy, loss: evaluation.meanLoss,
                    perDigit: evaluation.perClassAccuracy, confusion: Array(evaluation.confusion[evaluation.truthClasses]),
                    rejected: evaluation.rejects ? Double(evaluation.rejected) / Double(max(evaluation.count, 1)) : nil,
                    misread: evaluation.rejects ? Double(evaluation.misread) / Double(max(evaluation.count, 1)) : nil,
                    milliseconds: milliseconds,
                    ece: calibration ? evaluation.calibration.expectedError : nil,
                    bins: calibration ? evaluation.calibration.bins.map(EvalJSON.Bin.init) : nil
                ))
            } else {
                print(EvaluationReport(evaluation: evaluation, name: name, milliseconds: milliseconds, heatMap: colorOptions.isEnabled).text)
                if calibration { print("\n" + CalibrationChart(calibration: evaluation.calibration, unicode: ShadeRenderer.currentLocaleIsUTF8).text) }
            }
            guard showErrors > 0 else { return }
            let renderer = ShadeRenderer.forCurrentLocale()
            for error in try Network(model.state).misreadings(in: test, limit: showErrors, rule: model.metadata.notADigitRule) {
                let answer = model.metadata.answersNotADigit && error.guess == NonDigitPictures.label ? "answered \"not a digit\"" : "guess \(error.guess)"
                print(String(cFormat: "\ntest image %ld: truth %ld, ", error.index, error.truth) + answer + String(cFormat: " (%.1f%%)", error.confidence * 100))
                print(renderer.render(test.image(error.index), rows: test.rows, columns: test.columns))
            }
        }
    }
}

extension Digits.EvalCommand {
    private func readNumbers(_ count: Int, model: Model, name: String) throws {
        let digits = try dataOptions.load(.test).prefix(limit)
        let reader = try NumberReader(model: model)
        var results: [NumbersJSON.Kind] = []
        for kind in ComposedNumbers.allCases {
            let samples = kind.samples(count, from: digits, seed: seed)
            let check = NumberCheck.run(reader, on: samples)
            results.append(NumbersJSON.Kind(kind: kind.rawValue, check: check))
        }
        if json { return try printJSON(NumbersJSON(model: name, seed: seed, kinds: results)) }
        print("\(name) reading numbers of 2 to 7 test digits (seed \(seed)):")
        print("kind       numbers  whole numbers right  digits right  ms per picture")
        for result in results {
            let kind = result.kind + String(repeating: " ", count: max(0, 9 - result.kind.count))
            print(kind + String(cFormat: "  %7ld  %18.2f%%  %11.2f%%  %14.2f", result.pictures,
                         result.wholeNumberAccuracy * 100, result.digitAccuracy * 100, result.millisecondsPerPicture))
        }
    }
}

extension Digits.EvalCommand {
    private func readNonDigits(in folder: String, model: Model, name: String) throws {
        let check = try NonDigitCheck.run(DigitClassifier(model: model), folder: folder)
        if json { return try printJSON(NonDigitsJSON(model: name, folder: folder, check: check)) }
        if !model.metadata.answersNotADigit {
            print("\(name) was trained on digits only: it answers a digit for every picture with ink (train one with --non-digits)")
        }
        print("\(name) reading pictures that are not digits in \(folder.terminalSafe):")
        print("kind         pictures  rejected")
        for kind in check.kinds + [NonDigitCheck.Kind(name: "all", pictures: check.pictures, rejected: check.rejected)] {
            let shown = kind.name.terminalSafe
            print(shown + String(repeating: " ", count: max(0, 11 - shown.count)) + String(cFormat: "  %8ld  %7.1f%%", kind.pictures, kind.rejectedShare * 100))
        }
    }
}

extension DigitStyle: ExpressibleByArgument {}
