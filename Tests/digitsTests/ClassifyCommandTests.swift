import Foundation
import Testing

@Suite struct ClassifyCommandTests {
    @Test("exports a test image as PGM and classifies it, with --top, --json, --show and standard input")
    func exportAndClassify() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let export = try DigitsBinary.run(["data", "--data", DigitsBinary.mnist, "--set", "test", "--export", "0", "seven.pgm"], directory: directory)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try String(contentsOfFile: directory + "/seven.pgm", encoding: .isoLatin1).hasPrefix("P5\n"))

        let plain = try DigitsBinary.run(["classify", "seven.pgm"], directory: directory)
        #expect(plain.stdout.range(of: #"^seven\.pgm: 7 \(\d+\.\d%\)\n$"#, options: .regularExpression) != nil, "\(plain.stdout)")

        let top = try DigitsBinary.run(["classify", "--top", "3", "seven.pgm"], directory: directory)
        #expect(top.stdout.split(separator: ",").count == 3)

        let json = try DigitsBinary.run(["classify", "--json", "seven.pgm"], directory: directory)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.first?["digit"] as? Int == 7)
        #expect((array.first?["probabilities"] as? [Double])?.count == 10)

        let stdin = try DigitsBinary.run(["classify", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: directory + "/seven.pgm")))
        #expect(stdin.stdout.hasPrefix("(standard input): 7"))

        let show = try DigitsBinary.run(["classify", "--show", "seven.pgm"], directory: directory)
        #expect(show.stdout.split(separator: "\n").count == 1 + 30)
    }

    @Test("a bad file reports its error, the others are still classified, and the exit code says so")
    func badFileAmongGood() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try DigitsBinary.run(["data", "--data", DigitsBinary.mnist, "--set", "test", "--export", "1", "two.pgm"], directory: directory)
        try Data("P5\n28 28\n255\n".utf8 + [1, 2, 3]).write(to: URL(fileURLWithPath: directory + "/cut.pgm"))
        try Data("P2\n3 3\n255\n" .utf8 + Data(repeating: 0x20, count: 1) + Data("255 255 255 255 255 255 255 255 255\n".utf8)).write(to: URL(fileURLWithPath: directory + "/blank.pgm"))
        let result = try DigitsBinary.run(["classify", "cut.pgm", "two.pgm", "blank.pgm", "missing.pgm"], directory: directory)
        #expect(result.status == 1)
        #expect(result.stdout.contains("two.pgm: 2 ("))
        #expect(result.stdout.contains("blank.pgm: no digit found"))
        #expect(result.stderr.contains("cut.pgm: truncated image data: expected 784 bytes, found 3"))
        #expect(result.stderr.contains("missing.pgm: cannot read the image: No such file or directory"))
    }

    @Test("--number reads a typeset number with each digit's confidence, as JSON with boxes, and draws it with --show")
    func number() throws {
        let fixture = try #require(try FileManager.default.contentsOfDirectory(atPath: DigitsBinary.packageRoot + "/Tests/DigitsKitTests/Fixtures/typeset-numbers")
            .first { $0.hasPrefix("dejavu-sans-") && !$0.contains("mono") && !$0.contains("bold") })
        let path = DigitsBinary.packageRoot + "/Tests/DigitsKitTests/Fixtures/typeset-numbers/" + fixture
        let number = String(fixture.dropLast(4).split(separator: "-").last ?? "")
        let plain = try DigitsBinary.run(["classify", "--number", path])
        #expect(plain.status == 0, "\(plain.stderr)")
        let pattern = #"^.+: (\d+) \((\d \d+\.\d%)(, \d \d+\.\d%)*\)\n$"#
        #expect(plain.stdout.range(of: pattern, options: .regularExpression) != nil, "\(plain.stdout)")
        #expect(plain.stdout.contains(": \(number) ("))

        let json = try DigitsBinary.run(["classify", "--number", "--json", path])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.first?["number"] as? String == number)
        let digits = try #require(array.first?["digits"] as? [[String: Any]])
        #expect(digits.map { $0["value"] as? Int } == number.map { Int(String($0)) })
        #expect(digits.allSatisfy { ($0["probabilities"] as? [Double])?.count == 10 && ($0["box"] as? [Int])?.count == 4 })
        let lefts = digits.compactMap { ($0["box"] as? [Int])?.first }
        #expect(lefts == lefts.sorted())

        let show = try DigitsBinary.run(["classify", "--number", "--show", path])
        #expect(show.stdout.components(separatedBy: "┌").count - 1 == number.count, "\(show.stdout)")
        #expect(show.stdout.split(separator: "\n").last?.filter(\.isNumber) == Substring(number))
    }

    @Test("--number on an empty picture says no digit found")
    func numberEmpty() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("P5\n40 20\n255\n".utf8 + Data(repeating: 255, count: 800)).write(to: URL(fileURLWithPath: directory + "/blank.pgm"))
        let result = try DigitsBinary.run(["classify", "--number", "blank.pgm"], directory: directory)
        #expect(result.status == 0)
        #expect(result.stdout == "blank.pgm: no digit found\n")
        let json = try DigitsBinary.run(["classify", "--number", "--json", "blank.pgm"], directory: directory)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.first?["error"] as? String == "no digit found")
        #expect(array.first?["number"] is NSNull)
    }
}
