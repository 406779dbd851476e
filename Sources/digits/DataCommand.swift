import ArgumentParser
import DigitsKit

extension Digits {
    struct DataCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "data",
            abstract: "Summarize the MNIST data, show one image, or export one as PGM."
        )

        @OptionGroup var dataOptions: DataOptions

        @Option(name: .customLong("set"), parsing: .unconditional, help: "Which split: train or test.")
        var split: MNIST.Split = .train

        @Option(parsing: .unconditional, help: ArgumentHelp("Render image N (0-based) with its label.", valueName: "n"))
        var show: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp("Write image N (0-based) as a PGM file to the path given after it.", valueName: "n"))
        var export: Int?

        @Argument(help: ArgumentHelp("Where --export writes.", valueName: "out.pgm"))
        var exportPath: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("With --show: also render three distortions of the image as training with this --augment spec would show it (seed 0, epochs 1–3).", valueName: "spec"))
        var augment: String?

        @Flag(help: "With --export: write plain PGM (P2, text) instead of raw (P5).")
        var plain = false

        @Flag(help: "With --export: keep MNIST's light ink on black instead of dark ink on white paper.")
        var mnistPolarity = false

        func validate() throws {
            if export != nil && exportPath == nil { throw ValidationError("--export N needs the output file after it, e.g. --export 0 seven.pgm") }
            if export == nil && exportPath != nil { throw ValidationError("an output file is only used with --export N") }
            if let augment {
                guard show != nil else { throw ValidationError("--augment is used with --show N") }
                do {
                    _ = try Augmentation(spec: augment)
                } catch {
                    throw ValidationError("--augment: \(error)")
                }
            }
        }

        mutating func run() throws {
            let start = ContinuousClock.now
            let set = try dataOptions.load(split)
            let readMilliseconds = start.secondsElapsed * 1000
            if let export, let exportPath {
                guard (0..<set.count).contains(export) else {
                    throw ValidationError("--export \(export) is out of range: the \(split) set has images 0…\(set.count - 1)")
                }
                let ink = Array(set.image(export))
                let gray = mnistPolarity ? ink : ink.map { 255 - $0 }
                let bytes = NetpbmWriter.pgm(gray, width: set.columns, height: set.rows, plain: plain,
                                             comment: "MNIST \(split) image \(export), label \(set.labels[export])")
                try Data(bytes).write(to: URL(fileURLWithPath: exportPath))
                print("wrote \(split) image \(export) (label \(set.labels[export])) to \(exportPath)")
                return
            }
            if let show {
                guard (0..<set.count).contains(show) else {
                    throw ValidationError("--show \(show) is out of range: the \(split) set has images 0…\(set.count - 1)")
                }
                let renderer = ShadeRenderer.forCurrentLocale()
                print("\(split) image \(show): label \(set.labels[show])")
                print(renderer.render(set.image(show), rows: set.rows, columns: set.columns))
                if let augment {
                    let augmentation = try Augmentation(spec: augment)
                    for epoch in 1...3 {
                        print("\nas epoch \(epoch) of training with --augment \(augmentation.spec) shows it:")
                        let distorted = augmentation.distorted(Array(set.image(show)), seed: 0, epoch: epoch, index: show)
                        print(renderer.render(distorted, rows: set.rows, columns: set.columns))
                    }
                }
                return
            }
            print(DataSummary(set: set, name: "\(split)", directory: try dataOptions.directory(), readMilliseconds: readMilliseconds).text)
        }
    }
}
