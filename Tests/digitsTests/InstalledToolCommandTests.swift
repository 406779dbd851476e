import DigitsKit
import Foundation
import Testing

/// The parts of a Unix tool: version, PNG pictures, built-in models by name, color and charts,
/// augmentation previews.
@Suite struct InstalledToolCommandTests {
    @Test("--version names the package version and the commit")
    func version() throws {
        let result = try DigitsBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+( \([0-9a-f]{12}(\+changes)?\))?\n$"#, options: .regularExpression) != nil,
                "\(result.stdout)")
    }

    @Test("a PNG on standard input is told by its signature; a damaged PNG fails alone")
    func pngOnStandardInput() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let test = try MNIST.load(.test, from: DigitsBinary.mnist)
        let png = try PNGWriter.png(test.image(1).map { 255 - $0 }, width: 28, height: 28)
        let stdin = try DigitsBinary.run(["classify", "-"], stdin: Data(png))
        #expect(stdin.stdout.hasPrefix("(standard input): \(test.labels[1]) ("), "\(stdin.stdout) \(stdin.stderr)")

        try Data(png).write(to: URL(fileURLWithPath: directory + "/two.png"))
        try Data(png.prefix(png.count - 30)).write(to: URL(fileURLWithPath: directory + "/cut.png"))
        let mixed = try DigitsBinary.run(["classify", "cut.png", "two.png"], directory: directory)
        #expect(mixed.status == 1)
        #expect(mixed.stdout.contains("two.png: \(test.labels[1]) ("))
        #expect(mixed.stderr.contains("cut.png: not a readable PNG image"), "\(mixed.stderr)")
    }

    @Test("built-in models by name on every predicting command; info describes each")
    func modelsByName() throws {
        let classic = try DigitsBinary.run(["eval", "--model", "classic", "--data", DigitsBinary.mnist, "--limit", "500"])
        #expect(classic.stdout.hasPrefix("built-in classic model on 500 test images"), "\(classic.stdout)")
        let strong = try DigitsBinary.run(["eval", "--data", DigitsBinary.mnist, "--limit", "500"])
        #expect(strong.stdout.hasPrefix("built-in strong model on 500 test images"), "\(strong.stdout)")
        let info = try DigitsBinary.run(["info", "--model", "classic"])
        #expect(info.stdout.contains("architecture: classic"))
        let strongInfo = try DigitsBinary.run(["info"])
        #expect(strongInfo.stdout.contains("model:        built-in strong model") && strongInfo.stdout.contains("augmentation: rotate="),
                "\(strongInfo.stdout)")
        let missing = try DigitsBinary.run(["classify", "--model", "stronger", "x.pgm"])
        #expect(missing.status != 0 && missing.stderr.contains("stronger"))
    }

    @Test("eval --style shows the test digits another way; the classic model reads 8×8 scans far worse")
    func styles() throws {
        func accuracy(_ style: String) throws -> Double {
            let result = try DigitsBinary.run(["eval", "--model", "classic", "--style", style, "--data", DigitsBinary.mnist, "--limit", "1000", "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["style"] as? String == style)
            return try #require(object["accuracy"] as? Double)
        }
        let plain = try accuracy("mnist"), coarse = try accuracy("8x8")
        #expect(plain > 0.95 && coarse < plain - 0.05, "mnist \(plain), 8x8 \(coarse)")
    }

    @Test("eval --calibration: the expected calibration error and a row per filled bin; --json gives ece and bins that add up to it")
    func calibration() throws {
        let arguments = ["eval", "--data", DigitsBinary.mnist, "--limit", "1000", "--calibration"]
        let text = try DigitsBinary.run(arguments)
        #expect(text.stdout.contains("calibration: expected calibration error"), "\(text.stdout)")
        #expect(text.stdout.contains("0.93-1.00"), "the sure guesses' bin: \(text.stdout)")
        let json = try DigitsBinary.run(arguments + ["--json", "--style", "paper"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let ece = try #require(object["ece"] as? Double)
        let bins = try #require(object["bins"] as? [[String: Double]])
        #expect(bins.count == 15)
        #expect(bins.reduce(0) { $0 + ($1["images"] ?? 0) } == 1000)
        let recomputed = bins.reduce(0) { $0 + ($1["images"] ?? 0) / 1000 * abs(($1["accuracy"] ?? 0) - ($1["mean_confidence"] ?? 0)) }
        #expect(abs(recomputed - ece) < 1e-9)
        let plain = try DigitsBinary.run(["eval", "--data", DigitsBinary.mnist, "--limit", "100", "--json"])
        #expect(!plain.stdout.contains("\"ece\""), "only with --calibration")
    }

    @Test("the confusion matrix is a heat map only when color is asked for")
    func heatMap() throws {
        let arguments = ["eval", "--model", "classic", "--data", DigitsBinary.mnist, "--limit", "300"]
        let colored = try DigitsBinary.run(arguments + ["--color", "always"])
        #expect(colored.stdout.contains("\u{1B}[30;48;5;114m"))
        let plain = try DigitsBinary.run(arguments)
        #expect(!plain.stdout.contains("\u{1B}["), "a pipe gets no color")
        let stripped = colored.stdout.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        let timing = #"\(\d+\.\d ms\)"#
        #expect(stripped.replacingOccurrences(of: timing, with: "", options: .regularExpression)
                == plain.stdout.replacingOccurrences(of: timing, with: "", options: .regularExpression))
    }

    @Test("train ends with accuracy and loss charts on a terminal, plain in color only when allowed, none in a pipe")
    func trainingCharts() throws {
        let train = "'\(DigitsBinary.path)' train --data '\(DigitsBinary.mnist)' --limit 1000 --test-limit 200 --epochs 3 --log-every 0"
        func onTerminal(_ options: String) throws -> String {
            // script(1) gives the command a pseudo-terminal, as a person's shell would.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", "env -u NO_COLOR \(train) \(options)", "/dev/null"]
            let output = Pipe()
            process.standardOutput = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        let colored = try onTerminal("")
        #expect(colored.contains("accuracy per epoch") && colored.contains("loss per epoch") && colored.contains("\u{1B}[32m"), "\(colored)")
        let plain = try onTerminal("--color never")
        #expect(plain.contains("accuracy per epoch") && !plain.contains("\u{1B}[32m"), "\(plain)")
        let piped = try DigitsBinary.run(["train", "--data", DigitsBinary.mnist, "--limit", "1000", "--test-limit", "200", "--epochs", "3", "--log-every", "0"])
        #expect(piped.status == 0 && !piped.stdout.contains("accuracy per epoch"))
    }

    @Test("data --show with --augment draws the digit and three distortions of it")
    func augmentPreview() throws {
        let result = try DigitsBinary.run(["data", "--data", DigitsBinary.mnist, "--show", "0", "--augment", "standard"])
        #expect(result.status == 0)
        #expect(result.stdout.components(separatedBy: "as epoch").count - 1 == 3)
        let bad = try DigitsBinary.run(["data", "--data", DigitsBinary.mnist, "--show", "0", "--augment", "twist=1"])
        #expect(bad.status != 0 && bad.stderr.contains("twist=1"))
    }

    @Test("train --augment is stored, and resuming with another augmentation is refused")
    func augmentResume() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = directory + "/m.dgts"
        let common = ["train", "--data", DigitsBinary.mnist, "--arch", "conv3:4,relu,maxpool2,dense:10", "--limit", "500",
                      "--test-limit", "100", "--log-every", "0", "--output", model]
        let first = try DigitsBinary.run(common + ["--epochs", "1", "--augment", "rotate=10,coarsen=0.5"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try DigitsBinary.run(["info", model]).stdout.contains("augmentation: rotate=10.0,coarsen=0.5"))
        let conflict = try DigitsBinary.run(["train", "--data", DigitsBinary.mnist, "--resume", model, "--epochs", "2", "--augment", "rotate=5"])
        #expect(conflict.status != 0 && conflict.stderr.contains("--augment"), "\(conflict.stderr)")
    }
}
