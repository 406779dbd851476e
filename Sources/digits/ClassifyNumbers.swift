import ArgumentParser
import DigitsKit

extension Digits.ClassifyCommand {
    /// `classify --number`: every digit of each picture, as one number.
    func readNumbers(_ preprocessor: DigitPreprocessor) throws {
        let reader = try NumberReader(model: modelOptions.load().model, preprocessor: preprocessor)
        let picture = NumberPicture(renderer: ShadeRenderer.forCurrentLocale())
        var results: [ClassifyNumberJSON] = []
        var failures = 0
        for file in files {
            let name = file == "-" ? "(standard input)" : file
            do {
                let read = try ImageReader.read(path: file)
                let reading = try reader.read(read.image)
                let note = read.hasMoreImages ? " (first of several images)" : ""
                if json {
                    results.append(ClassifyNumberJSON(file: name, reading: reading))
                    continue
                }
                print("\(name.terminalSafe): \(reading.summary)\(note)")
                if show {
                    print(picture.render(ink: preprocessor.ink(of: read.image), width: read.image.width, height: read.image.height, reading: reading))
                }
            } catch let failure as NumberReader.Failure {
                if json { results.append(ClassifyNumberJSON(file: name, error: failure.description)) } else { print("\(name): \(failure)".terminalSafe) }
            } catch {
                failures += 1
                printError("digits: \(error)".terminalSafe)
                if json { results.append(ClassifyNumberJSON(file: name, error: "\(error)")) }
            }
        }
        if json { try printJSON(results) }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// `classify --number --json`: one object per file, in order.
struct ClassifyNumberJSON: Encodable {
    struct Digit: Encodable {
        /// The digit read; null for a mark the model says is not a digit.
        let value: Int?
        let probabilities: [Double]
        /// `[x, y, width, height]` in the picture's pixels.
        let box: [Int]
    }

    let file: String
    /// The digits left to right; null when none was read.
    let number: String?
    let digits: [Digit]?
    /// Why no number was read.
    let error: String?

    init(file: String, reading: NumberReading) {
        self.file = file
        number = reading.number
        digits = reading.digits.map {
            Digit(value: $0.isDigit ? $0.prediction.digit : nil, probabilities: $0.prediction.probabilities.map(Double.init),
                  box: [$0.box.x, $0.box.y, $0.box.width, $0.box.height])
        }
        error = nil
    }

    init(file: String, error: String) {
        self.file = file
        number = nil
        digits = nil
        self.error = error
    }

    private enum CodingKeys: String, CodingKey { case file, number, digits, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(number, forKey: .number)
        try container.encodeIfPresent(digits, forKey: .digits)
        try container.encodeIfPresent(error, forKey: .error)
    }
}
