import ArgumentParser
import DigitsKit

extension Digits {
    struct InspectCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Show what the network computes for one image: each layer's maps, the filters, the saliency and the probabilities.",
            discussion: """
                The picture is prepared as classify prepares it. The sheet shows the 28×28 input the network reads, the \
                saliency map (how much each pixel moves the chosen digit's score: the gradient of its logit with respect to \
                the pixel, drawn in red over the input with color), every layer's output (one small map per channel, the \
                strongest first, or a row of bars after a dense layer), each convolution's filters (deeper ones as the \
                mean over their input channels) and the probabilities. It fits the terminal's width (--width otherwise). \
                --png writes the same sheet as one picture; docs/inspect.md describes its layout.
                """
        )

        @OptionGroup var modelOptions: ModelOptions
        @OptionGroup var dataOptions: DataOptions
        @OptionGroup var colorOptions: ColorOptions

        @Argument(help: ArgumentHelp("A PNG or PGM (PBM, PPM) picture; - reads standard input.", valueName: "file"))
        var file: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("Inspect MNIST test image N instead of a picture.", valueName: "n"))
        var test: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp("Also write the sheet as a PNG picture.", valueName: "path"))
        var png: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("Columns to fit (default: the terminal's, else 80).", valueName: "n"))
        var width: Int?

        func validate() throws {
            guard (file == nil) != (test == nil) else { throw ValidationError("give a picture or --test N, one of them") }
            if let width, !(40...1000).contains(width) { throw ValidationError("--width must be 40 to 1000") }
        }

        mutating func run() throws {
            let (model, name) = try modelOptions.load()
            let pixels: [UInt8], source: String
            if let test {
                let images = try dataOptions.load(.test)
                guard (0..<images.count).contains(test) else { throw ValidationError("--test \(test): the test set has images 0 to \(images.count - 1)") }
                pixels = Array(images.image(test))
                source = "MNIST test image \(test) (a \(images.labels[test]))"
            } else {
                let file = file ?? "-"
                pixels = try DigitPreprocessor().prepare(ImageReader.read(path: file).image)
                source = file == "-" ? "(standard input)" : file.terminalSafe
            }
            let inspection = try NetworkInspector(model.state, rule: model.metadata.notADigitRule).inspect(pixels: pixels)
            let guess = inspection.predicted
            let title = "\(source) with the \(name.terminalSafe): \(inspection.answer(guess)) " + String(cFormat: "(%.1f%%)", inspection.probabilities[guess] * 100)
            let painter = MapPainter(color: colorOptions.isEnabled, unicode: ShadeRenderer.currentLocaleIsUTF8)
            print(InspectionText(painter: painter, width: width ?? TerminalWidth.current).render(inspection, title: title))
            if let png {
                let sheet = InspectionPicture(inspection)
                switch try ModelSaver.save(bytes: PNGWriter.png(rgb: sheet.pixels, width: sheet.width, height: sheet.height), to: png) {
                case .file: print("wrote \(png.terminalSafe): \(sheet.width)×\(sheet.height) pixels")
                case .discard: break
                }
            }
        }
    }
}
