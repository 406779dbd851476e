import DigitsKit
import Foundation
import Testing

/// "Not a digit" from the command line: a model trained with --non-digits, what info, classify,
/// eval and eval --non-digits say of it, and what they say of a model trained on digits only.
@Suite struct NonDigitCommandTests {
    static let checks = DigitsBinary.packageRoot + "/Tests/DigitsKitTests/Fixtures/non-digits"

    @Test("train --non-digits makes a model that answers not a digit; every command says so")
    func trainedModel() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = directory + "/rejecting.dgts"
        let refused = try DigitsBinary.run(["train", "--non-digits", "100", "--limit", "200", "--data", DigitsBinary.mnist])
        #expect(refused.status != 0 && refused.stderr.contains("end the --arch with dense:11"), "\(refused.stderr)")

        let train = try DigitsBinary.run(["train", "--arch", "classic:8:11", "--non-digits", "4000", "--limit", "8000", "--epochs", "2",
                                          "--test-limit", "500", "--data", DigitsBinary.mnist, "--log-every", "0", "--output", model])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("on 13733 images (4000 non-digit pictures, 1333 pen-drawn and 400 typeset digits among"), "\(train.stdout)")
        let info = try DigitsBinary.run(["info", model])
        #expect(info.stdout.contains("answers:      a digit, or \"not a digit\" when the 11th output is the most likely (trained with 4000"), "\(info.stdout)")

        let eval = try DigitsBinary.run(["eval", "--model", model, "--data", DigitsBinary.mnist, "--limit", "500", "--show-errors", "500"])
        #expect(eval.stdout.contains("answered \"not a digit\": "), "\(eval.stdout)")
        // Each rejected test digit shown says so, not "guess 10".
        let rejected = eval.stdout.firstMatch(of: #/answered "not a digit": (\d+) /#).flatMap { Int($0.1) }
        #expect(rejected ?? 0 > 0, "a model of two epochs rejects some test digits: \(eval.stdout)")
        #expect(eval.stdout.matches(of: #/test image \d+: truth \d, answered "not a digit" \(/#).count == rejected)
        #expect(!eval.stdout.contains("guess 10"))
        #expect(eval.stdout.contains("  not\n"), "the confusion matrix has a column for not a digit: \(eval.stdout)")

        let checked = try DigitsBinary.run(["eval", "--model", model, "--non-digits", Self.checks, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any], "\(checked.stderr)")
        let kinds = try #require(object["kinds"] as? [[String: Any]])
        #expect(kinds.map { $0["kind"] as? String } == ["letters", "noise", "photos", "scribbles", "scripts", "shapes", "symbols"])
        // Noise is the easiest kind: even two epochs of the classic network reject most of it.
        let noise = try #require(kinds.first { $0["kind"] as? String == "noise" }?["rejected"] as? Double)
        #expect(noise > 0.5, "\(kinds)")

        // A filled square is the plainest non-digit there is.
        let square = directory + "/square.pgm"
        var pixels = [UInt8](repeating: 255, count: 64 * 64)
        for row in 12..<52 { for column in 12..<52 { pixels[row * 64 + column] = 0 } }
        try Data(NetpbmWriter.pgm(pixels, width: 64, height: 64)).write(to: URL(fileURLWithPath: square))
        let classified = try DigitsBinary.run(["classify", "--model", model, square, "--top", "2"])
        #expect(classified.stdout.range(of: #"square.pgm: not a digit \(\d+\.\d%\), \d \(\d+\.\d%\), \d \("#, options: .regularExpression) != nil,
                "\(classified.stdout)")
        let json = try DigitsBinary.run(["classify", "--model", model, "--json", square])
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(answers.first?["digit"] is NSNull && (answers.first?["is_digit"] as? Double ?? 1) < 0.5, "\(json.stdout)")
        #expect((answers.first?["probabilities"] as? [Double])?.count == 10)
    }

    @Test("a model trained on digits only says so when checked on non-digits, and has no is_digit")
    func digitsOnlyModel() throws {
        let checked = try DigitsBinary.run(["eval", "--model", "classic", "--non-digits", Self.checks])
        #expect(checked.stdout.hasPrefix("built-in classic model was trained on digits only"), "\(checked.stdout)")
        #expect(checked.stdout.range(of: #"\nall +580 "#, options: .regularExpression) != nil, "\(checked.stdout)")
        let picture = DigitsBinary.packageRoot + "/Tests/DigitsKitTests/Fixtures/non-digits/shapes/shapes-001.png"
        let json = try DigitsBinary.run(["classify", "--model", "classic", "--json", picture])
        #expect(!json.stdout.contains("is_digit") && json.stdout.contains("\"digit\":"), "\(json.stdout)")
    }
}
