@_spi(Testing) import DigitsKit
import Foundation
import Testing

@Suite struct NumberReaderTests {
    let reader = try! NumberReader(model: BuiltInModel.strong.load())

    /// A white page with black rectangles, each given as (rows, columns).
    func page(width: Int, height: Int, _ rectangles: [(Range<Int>, Range<Int>)]) -> GrayImage {
        var brightness = [Float](repeating: 1, count: width * height)
        for (rows, columns) in rectangles { for row in rows { for column in columns { brightness[row * width + column] = 0 } } }
        return GrayImage(width: width, height: height, brightness: brightness)
    }

    @Test("an empty picture has no digit; neither has one of only specks")
    func empty() {
        #expect(throws: NumberReader.Failure.noDigit) { try reader.read(page(width: 80, height: 30, [])) }
        #expect(throws: NumberReader.Failure.noDigit) { try reader.read(ink: [Float](repeating: 0.05, count: 400), width: 20, height: 20) }
    }

    @Test("two bars are two ones, each boxed where its ink is")
    func twoBars() throws {
        let reading = try reader.read(page(width: 60, height: 40, [(5..<35, 10..<14), (8..<36, 40..<44)]))
        #expect(reading.number == "11")
        #expect(reading.digits.map(\.box) == [PixelBox(x: 10, y: 5, width: 4, height: 30), PixelBox(x: 40, y: 8, width: 4, height: 28)])
    }

    @Test("slanted ones touching their neighbours are cut along seams that bend between them, and read as four digits")
    func slantedOnes() throws {
        // Four strokes leaning 5 pixels over 20 rows, each touching the next by a 2×2 bridge:
        // no straight column parts them, and a cut through one leaves pieces of two.
        var rectangles: [(Range<Int>, Range<Int>)] = []
        for stroke in 0..<4 {
            let left = 10 + 6 * stroke
            for row in 0..<20 { rectangles.append((10 + row..<11 + row, left + (19 - row) / 4..<left + (19 - row) / 4 + 3)) }
            if stroke > 0 { rectangles.append((20..<22, left - 2..<left + 3)) }
        }
        let picture = page(width: 60, height: 40, rectangles)
        let seams = try reader.cutSeams(in: picture)
        try #require(seams.count == 1 && seams[0].allSatisfy { $0.count == 20 }, "the four strokes are one group, 20 rows tall")
        for stroke in 0..<3 {
            // A seam with each row's stroke wholly on its left and the next stroke's wholly on its right.
            let parting = seams[0].contains { seam in
                seam.indices.allSatisfy { row in
                    let start = 10 + 6 * stroke + (19 - row) / 4
                    return start + 3 <= seam[row] && seam[row] <= start + 6
                }
            }
            #expect(parting, "no seam parts stroke \(stroke) from the next")
        }
        // Which digit each piece is read as is the network's: the built-in model reads some pieces
        // of these pixel-drawn bars as a 6 (`eval --numbers` measures real touching digits).
        let reading = try reader.read(picture)
        #expect(reading.digits.count == 4, "\(reading.summary)")
    }

    @Test("an 11-output network read as digits only gives the ten digits' chances and no verdict")
    func elevenOutputsAsDigits() throws {
        let network = try Network(.classic(classes: 11), seed: 2, batchCapacity: NumberReader.batchCapacity)
        let reading = try NumberReader(network: network).read(page(width: 60, height: 40, [(5..<35, 10..<14), (8..<36, 40..<44)]))
        #expect(reading.digits.count == 2)
        #expect(reading.digits.map(\.prediction).allSatisfy { $0.probabilities.count == 10 && $0.notADigit == nil && $0.isDigit })
    }

    @Test("a filled block between two ones is a mark that is not a digit: listed, crossed out of the number")
    func notADigitMark() throws {
        #expect(reader.rule != nil)
        let reading = try reader.read(page(width: 100, height: 40, [(5..<35, 10..<14), (8..<32, 38..<62), (5..<35, 86..<90)]))
        #expect(reading.digits.map(\.isDigit) == [true, false, true], "\(reading.summary)")
        #expect(reading.number == "11")
        #expect(reading.summary.range(of: #"^11 \(1 \d+\.\d%, not a digit \d+\.\d%, 1 \d+\.\d%\)$"#, options: .regularExpression) != nil,
                "\(reading.summary)")
        // Drawn as --show draws it: each mark framed, the block labelled with a cross, not a digit.
        let picture = page(width: 100, height: 40, [(5..<35, 10..<14), (8..<32, 38..<62), (5..<35, 86..<90)])
        let drawn = NumberPicture(renderer: ShadeRenderer(unicode: true))
            .render(ink: DigitPreprocessor().ink(of: picture), width: picture.width, height: picture.height, reading: reading)
        let labels = drawn.split(separator: "\n").last.map { $0.filter { $0 != " " } }
        #expect(labels == "1×1", "\(drawn)")
        // Nothing but marks that are not digits is no number.
        #expect(throws: NumberReader.Failure.noDigit) { try reader.read(page(width: 40, height: 40, [(8..<32, 8..<32)])) }
    }

    @Test("a speck and a dash between digits are dropped; a digit's detached flag joins it")
    func specksDashesAndFlags() throws {
        let bars: [(Range<Int>, Range<Int>)] = [(5..<35, 10..<14), (5..<35, 50..<54)]
        let clean = try reader.read(page(width: 70, height: 40, bars))
        let speckAndDash = try reader.read(page(width: 70, height: 40, bars + [(20..<22, 30..<32), (19..<22, 22..<40), (37..<39, 60..<62)]))
        #expect(speckAndDash.number == clean.number)
        // A bar with a separate stroke over its top-right: the pieces of one digit, not two. (Read
        // with the digits-only classic model: the strong one calls this Γ not a digit.)
        let flagged = try NumberReader(model: BuiltInModel.classic.load()).read(page(width: 60, height: 50, [(14..<44, 20..<24), (5..<8, 20..<34)]))
        #expect(flagged.digits.count == 1)
        #expect(flagged.digits[0].box == PixelBox(x: 20, y: 5, width: 14, height: 39))
    }

    /// A white page holding MNIST test images (0 background … 255 ink) side by side from column 4,
    /// 8 columns apart, with `erased` columns of the first image left white.
    func page(mnist indices: [Int], erasing erased: Range<Int> = 0..<0) throws -> GrayImage {
        let test = try TestData.mnistTest.get()
        let width = 8 + indices.count * 36
        var brightness = [Float](repeating: 1, count: width * 36)
        for (slot, index) in indices.enumerated() {
            let image = test.image(index)
            for row in 0..<28 { for column in 0..<28 where slot > 0 || !erased.contains(column) {
                brightness[(row + 4) * width + 4 + slot * 36 + column] = 1 - Float(image[image.startIndex + row * 28 + column]) / 255
            } }
        }
        return GrayImage(width: width, height: 36, brightness: brightness)
    }

    @Test("a 0 broken into two arcs is read as one digit, not two")
    func brokenDigit() throws {
        // Test image 3 is a 0 whose ink spans columns 7–21; without columns 13 and 14 it is two arcs apart.
        let whole = try reader.read(page(mnist: [3, 2]))
        #expect(whole.number == "01")
        let broken = try reader.read(page(mnist: [3, 2], erasing: 13..<15))
        #expect(broken.number == "01", "\(broken.summary)")
    }

    @Test("beside digits, a mark as tall as they are is a digit unless the network is all but sure it is not")
    func tallMarkAmongDigits() throws {
        // Each of the first test digits that the network calls "not a digit", but with less than
        // 98%, read beside a 1.
        let test = try TestData.mnistTest.get()
        var unsure: [(index: Int, reading: NumberReading)] = []
        for index in 0..<test.count where unsure.count < 3 {
            let reading = try reader.read(page(mnist: [index, 2]))
            guard reading.digits.count == 2, !reading.digits[0].prediction.isDigit,
                  let rejection = reading.digits[0].prediction.notADigit, rejection < 0.98 else { continue }
            unsure.append((index, reading))
        }
        try #require(unsure.count == 3)
        for (index, reading) in unsure {
            #expect(reading.digits[0].isDigit && reading.number.count == 2, "test image \(index): \(reading.summary)")
        }
    }

    @Test("thousands of separate marks, as in noise or a photograph, are refused at once")
    func tooManyMarks() {
        var dots: [(Range<Int>, Range<Int>)] = []
        for row in stride(from: 2, to: 598, by: 6) { for column in stride(from: 2, to: 598, by: 6) { dots.append((row..<row + 3, column..<column + 3)) } }
        #expect(throws: NumberReader.Failure.tooManyMarks(count: dots.count, limit: 256)) { try reader.read(page(width: 600, height: 600, dots)) }
    }

    @Test("a picture larger than the working size is read shrunk, with boxes in its own pixels")
    func largePicture() throws {
        let test = try TestData.mnistTest.get()
        let sample = try #require(ComposedNumbers.spaced.samples(1, from: test, seed: 3).first)
        let small = try reader.read(sample.picture)
        let factor = 32
        let big = sample.picture
        var brightness = [Float](repeating: 1, count: big.width * factor * big.height * factor)
        for row in 0..<(big.height * factor) {
            for column in 0..<(big.width * factor) { brightness[row * big.width * factor + column] = big[row / factor, column / factor] }
        }
        #expect(brightness.count > NumberReader.workingPixels)
        let large = try reader.read(GrayImage(width: big.width * factor, height: big.height * factor, brightness: brightness))
        #expect(large.number == small.number)
        for (a, b) in zip(small.digits, large.digits) { #expect(abs(b.box.x - a.box.x * factor) <= factor) }
    }

    @Test("the same seed composes the same numbers")
    func composedRepeat() throws {
        let test = try TestData.mnistTest.get()
        for kind in ComposedNumbers.allCases {
            let first = kind.samples(5, from: test, seed: 9), second = kind.samples(5, from: test, seed: 9)
            #expect(first.map(\.number) == second.map(\.number))
            #expect(first.map(\.picture) == second.map(\.picture))
            #expect(first.allSatisfy { (2...7).contains($0.number.count) })
        }
    }

    /// What `eval --numbers 300` measured (seed 1); a change to finding, joining or cutting
    /// digits that loses more than a point or two fails here.
    @Test("numbers composed of MNIST test digits: spaced, touching and 8×8", arguments: [
        (ComposedNumbers.spaced, 0.96), (.touching, 0.86), (.coarse, 0.93),
    ])
    func composed(kind: ComposedNumbers, least: Double) throws {
        let check = NumberCheck.run(reader, on: kind.samples(300, from: try TestData.mnistTest.get(), seed: 1))
        print("\(kind.rawValue): \(check.wholeNumbersRight) of \(check.pictures) whole numbers, digits \(check.digitAccuracy)")
        #expect(check.wholeNumberAccuracy >= least)
    }

    @Test("typeset numbers in 15 fonts and 5 sizes, each file named for its number")
    func typeset() throws {
        let folder = TestData.packageRoot + "/Tests/DigitsKitTests/Fixtures/typeset-numbers"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".png") }.sorted()
        #expect(files.count == 75)
        var right = 0
        for file in files {
            let number = String(file.dropLast(4).split(separator: "-").last ?? "")
            let read = try? reader.read(ImageReader.read(path: folder + "/" + file).image).number
            if read == number { right += 1 } else { print("\(file): read \(read ?? "nothing")") }
        }
        // Issue 20 asks for 97%: 73 of the 75.
        #expect(Double(right) / Double(files.count) >= 0.97)
    }
}
