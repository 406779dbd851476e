import DigitsKit
import Foundation
import Testing

/// `digits export --onnx` and `digits import` as a user runs them.
@Suite struct ONNXCommandTests {
    @Test("a built-in model exported to ONNX and imported back classifies pictures exactly as before")
    func exportImport() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let exported = try DigitsBinary.run(["export", "strong", "--onnx", "strong.onnx"], directory: directory)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout == "wrote strong.onnx as ONNX (opset 13)\n")
        let imported = try DigitsBinary.run(["import", "strong.onnx", "--output", "strong.dgts"], directory: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        let strong = try BuiltInModel.strong.load().state
        #expect(imported.stdout == "wrote strong.dgts: \(strong.architecture.spec), \(try Network(strong).parameterCount) parameters, input ÷ 255.0 − 0.5\n",
                "\(imported.stdout)")
        let picture = DigitsBinary.packageRoot + "/Tests/DigitsKitTests/Fixtures/typeset-numbers"
        let files = try FileManager.default.contentsOfDirectory(atPath: picture).sorted().prefix(5).map { picture + "/" + $0 }
        let before = try DigitsBinary.run(["classify", "--top", "3"] + files)
        let after = try DigitsBinary.run(["classify", "--top", "3", "--model", directory + "/strong.dgts"] + files)
        #expect(before.status == 0 && after.status == 0)
        #expect(before.stdout == after.stdout)
    }

    @Test("export --reject-above sets when \"not a digit\" is answered: info names it, classify reads the likeliest digit below it, and a digits-only model or a threshold of 1 is refused")
    func rejectAbove() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The letter the built-in model rejects least surely, and a threshold just above and just below its chance.
        let folder = DigitsBinary.packageRoot + "/Tests/DigitsKitTests/Fixtures/non-digits/letters"
        let letters = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
        let read = try DigitsBinary.run(["classify", "--json"] + letters)
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [[String: Any]])
        let rejected = answers.compactMap { answer in answer["digit"] is NSNull ? (answer["file"] as? String).map { ($0, 1 - (answer["is_digit"] as? Double ?? 1)) } : nil }
        let (letter, chance) = try #require(rejected.min { $0.1 < $1.1 })
        try #require(chance < 0.99, "some letter is rejected at under 99%")
        let above = (chance * 1000).rounded(.up) / 1000, below = (chance * 1000).rounded(.down) / 1000
        for (threshold, answersDigit) in [(above, true), (below, false)] {
            let exported = try DigitsBinary.run(["export", "strong", "--output", "strict.dgts", "--reject-above", "\(threshold)"], directory: directory)
            #expect(exported.status == 0, "\(exported.stderr)")
            let info = try DigitsBinary.run(["info", "strict.dgts"], directory: directory)
            #expect(info.stdout.contains("the 11th output is the most likely and above \(Float(threshold))"), "\(info.stdout)")
            let classified = try DigitsBinary.run(["classify", "--model", directory + "/strict.dgts", letter])
            #expect(classified.stdout.contains("not a digit") != answersDigit, "at \(threshold): \(classified.stdout)")
        }
        let digitsOnly = try DigitsBinary.run(["export", "classic", "--output", "/dev/null", "--reject-above", "0.5"])
        #expect(digitsOnly.status != 0 && digitsOnly.stderr.contains("answers only digits"), "\(digitsOnly.stderr)")
        let certain = try DigitsBinary.run(["export", "strong", "--output", "/dev/null", "--reject-above", "1"])
        #expect(certain.status != 0 && certain.stderr.contains("is not a probability from 0 to below 1"), "\(certain.stderr)")
    }

    @Test("export needs exactly one of --output and --onnx")
    func oneDestination() throws {
        let neither = try DigitsBinary.run(["export", "classic"])
        #expect(neither.status != 0 && neither.stderr.contains("give one of --output (a digits model) or --onnx (an ONNX graph)"))
        let both = try DigitsBinary.run(["export", "classic", "--output", "/dev/null", "--onnx", "/dev/null"])
        #expect(both.status != 0 && both.stderr.contains("give one of --output"))
    }

    @Test("import refuses what is not an ONNX model, naming the file, and leaves no model behind")
    func refusesJunk() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("not a model at all".utf8).write(to: URL(fileURLWithPath: directory + "/junk.onnx"))
        let result = try DigitsBinary.run(["import", "junk.onnx", "--output", "out.dgts"], directory: directory)
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("digits: junk.onnx: malformed"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/out.dgts"))
        let convention = try DigitsBinary.run(["import", "junk.onnx", "--output", "out.dgts", "--input-convention", "torch"], directory: directory)
        #expect(convention.status != 0 && convention.stderr.contains("expected digits, pixels, unit, pytorch or MEAN:DEVIATION"))
    }
}
