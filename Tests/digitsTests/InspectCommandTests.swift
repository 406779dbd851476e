import DigitsKit
import Foundation
import Testing

/// `digits inspect` and `digits train --show-filters` as a user runs them.
@Suite struct InspectCommandTests {
    @Test("inspect --test fits the sheet to the width and names every layer of the strong model")
    func testImage() throws {
        let result = try DigitsBinary.run(["inspect", "--test", "0", "--width", "80", "--color", "never", "--data", DigitsBinary.mnist])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("MNIST test image 0 (a 7) with the built-in strong model: 7 ("))
        let layers = try BuiltInModel.strong.load().state.architecture.layers
        for (index, layer) in layers.enumerated() {
            #expect(result.stdout.contains("layer \(index + 1)  \(layer.token) → "), "layer \(index + 1), \(layer.token)")
        }
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test("inspect of a letter with the strong model says not a digit, and names its bar not")
    func notADigit() throws {
        let letter = DigitsBinary.packageRoot + "/Tests/DigitsKitTests/Fixtures/non-digits/letters/letters-001.png"
        let result = try DigitsBinary.run(["inspect", letter, "--width", "80", "--color", "never"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("with the built-in strong model: not a digit ("), "\(result.stdout.prefix(200))")
        #expect(result.stdout.contains("saliency: what moved \"not a digit\""))
        #expect(result.stdout.range(of: #"\n> not █+ +\d+\.\d%\n"#, options: .regularExpression) != nil, "\(result.stdout.suffix(600))")
        #expect(result.stdout.contains("\n  0   "), "the digits' rows are aligned with it")
    }

    @Test("inspect reads a picture as classify does and writes the sheet as a PNG of the size it reports")
    func pictureAndPNG() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try DigitsBinary.run(["data", "--set", "test", "--export", "0", "seven.pgm", "--data", DigitsBinary.mnist], directory: directory)
        let result = try DigitsBinary.run(["inspect", "seven.pgm", "--model", "classic", "--png", "sheet.png", "--color", "never"], directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("seven.pgm with the built-in classic model: 7 ("))
        let size = try #require(result.stdout.firstMatch(of: /wrote sheet.png: (\d+)×(\d+) pixels/))
        let image = try PNGReader.read(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/sheet.png"))), path: "sheet.png")
        #expect(image.width == Int(size.1) && image.height == Int(size.2))
    }

    @Test("inspect needs a picture or --test, not both")
    func oneSource() throws {
        let neither = try DigitsBinary.run(["inspect"])
        #expect(neither.status != 0 && neither.stderr.contains("give a picture or --test N, one of them"))
        let both = try DigitsBinary.run(["inspect", "x.png", "--test", "1"])
        #expect(both.status != 0 && both.stderr.contains("give a picture or --test N, one of them"))
    }

    @Test("train --show-filters redraws the filters in one place on a terminal and draws nothing into a pipe")
    func showFilters() throws {
        let tmux = try Tmux(columns: 120, lines: 50, term: "tmux-256color")
        defer { tmux.kill() }
        try tmux.type("'\(DigitsBinary.path)' train --data '\(DigitsBinary.mnist)' --limit 2000 --test-limit 200 --epochs 2 --show-filters --color never; echo EXIT=$?")
        let screen = try tmux.waitFor(seconds: 60) { $0.contains("EXIT=0") }
        #expect(screen.contains("filters of layer 1 (conv3:8) after epoch 2:"), "\(screen)")
        #expect(!screen.contains("after epoch 1:") && !screen.contains("as initialized:"), "earlier drawings are replaced: \(screen)")
        #expect(screen.contains("epoch 1/2") && screen.contains("epoch 2/2"))
        let piped = try DigitsBinary.run(["train", "--data", DigitsBinary.mnist, "--limit", "500", "--test-limit", "100", "--epochs", "1", "--show-filters"])
        #expect(piped.status == 0 && !piped.stdout.contains("filters of layer"))
    }
}
