@_spi(Testing) import DigitsKit
import Foundation
import Testing

/// The "not a digit" answer: the pictures it learns from, the model file's record of it, the
/// prediction that reads the 11th output, and the check that counts rejections.
@Suite struct NonDigitTests {
    static let digits = Result { try TestData.mnistTrain.get().prefix(500) }

    @Test("non-digit pictures are labelled 10, inked and centred as classify prepares a picture, and the same for a seed")
    func pictures() throws {
        let digits = try Self.digits.get()
        let made = NonDigitPictures.make(60, seed: 3, digits: digits)
        #expect(made.count == 60 && made.rows == 28 && made.columns == 28)
        #expect(made.labels.allSatisfy { $0 == NonDigitPictures.label })
        #expect(made.pixels == NonDigitPictures.make(60, seed: 3, digits: digits).pixels)
        #expect(made.pixels != NonDigitPictures.make(60, seed: 4, digits: digits).pixels)
        for index in 0..<made.count {
            let image = made.image(index)
            var mass = 0.0, row = 0.0, column = 0.0
            for (offset, value) in image.enumerated() {
                mass += Double(value)
                row += Double(value) * Double(offset / 28)
                column += Double(value) * Double(offset % 28)
            }
            #expect(mass > 0, "picture \(index) has no ink")
            #expect(abs(row / mass - 14) < 1.5 && abs(column / mass - 14) < 1.5, "picture \(index) is not centred by mass")
        }
        // Every kind takes its turn in each 20 pictures.
        #expect(Set((0..<20).map(NonDigitKind.of)) == Set(NonDigitKind.allCases))
    }

    @Test("a drawing that leaves no ink is drawn again a bounded number of times, then given up as blank")
    func boundedRedraw() throws {
        let digits = try Self.digits.get()
        // No ink is above a floor of 1, so every drawing fails the preprocessor.
        let nothingPasses = DigitPreprocessor(polarity: .lightInk, noiseFloor: 1)
        for kind in NonDigitKind.allCases {
            var generator = SplitMix64(seed: 5)
            let picture = NonDigitPictures.picture(kind, generator: &generator, digits: digits, preprocessor: nothingPasses)
            #expect(picture == [UInt8](repeating: 0, count: 28 * 28), "\(kind)")
        }
    }

    @Test("the pen-drawn digits beside them keep their labels and differ from the digits as MNIST drew them")
    func penDrawnDigits() throws {
        let digits = try Self.digits.get()
        let drawn = NonDigitPictures.penDrawnDigits(40, seed: 3, digits: digits)
        #expect(drawn.count == 40 && drawn.labels.allSatisfy { $0 < 10 })
        #expect(drawn.pixels == NonDigitPictures.penDrawnDigits(40, seed: 3, digits: digits).pixels)
        // Each is some training digit re-drawn: none is a training image byte for byte.
        let originals = Set((0..<digits.count).map { Array(digits.image($0)) })
        #expect((0..<drawn.count).allSatisfy { !originals.contains(Array(drawn.image($0))) })
    }

    @Test("the embedded typeset glyphs are byte for byte data/typeset-glyphs-*.gz: inked 32×32 glyphs, every digit among them")
    func typesetGlyphBank() throws {
        let root = TestData.packageRoot + "/data/"
        let images = try IDXFile(contentsOf: root + "typeset-glyphs-images-idx3-ubyte.gz")
        let labels = try IDXFile(contentsOf: root + "typeset-glyphs-labels-idx1-ubyte.gz")
        let bank = TypesetGlyphs.all
        #expect(bank.pixels == images.payload && bank.labels == labels.payload)
        #expect(bank.rows == 32 && bank.columns == 32 && bank.count > 4000)
        #expect(Set(bank.labels) == Set(0...10))
        #expect((0..<bank.count).allSatisfy { bank.image($0).contains { $0 >= 170 } })
        // Mostly not digits: the digits are there so that print does not mean "not a digit".
        #expect(bank.labels.filter { $0 < 10 }.count * 10 < bank.count)
    }

    @Test("typeset digits keep their glyph's label, are centred as classify centres a picture, and the same for a seed")
    func typesetDigits() throws {
        let made = NonDigitPictures.typesetDigits(50, seed: 3)
        #expect(made.count == 50 && made.labels.allSatisfy { $0 < 10 } && Set(made.labels).count > 5)
        #expect(made.pixels == NonDigitPictures.typesetDigits(50, seed: 3).pixels)
        #expect(made.pixels != NonDigitPictures.typesetDigits(50, seed: 4).pixels)
        for index in 0..<made.count {
            let inked = made.image(index).indices.filter { made.pixels[$0] > 64 }.map { $0 - made.range(of: index).lowerBound }
            let rows = inked.map { $0 / 28 }, columns = inked.map { $0 % 28 }
            let side = max(rows.max()! - rows.min()!, columns.max()! - columns.min()!) + 1
            // Fitted as MNIST fits a digit: the longer side of its ink about 20 pixels.
            #expect((17...22).contains(side), "typeset digit \(index) is \(side) pixels")
        }
        // A mistaken placement (the glyph flipped or off the canvas) would stop a trained reader
        // from reading them: the built-in model reads nearly all.
        let classifier = try DigitClassifier(model: BuiltInModel.classic.load())
        let read = (0..<made.count).filter { index in
            let probabilities = classifier.network.probabilities(pixels: Array(made.image(index)))
            return probabilities.firstIndex(of: probabilities.max()!) == Int(made.labels[index])
        }.count
        #expect(read >= 40, "\(read) of 50 read")
    }

    @Test("training on non-digit pictures needs an 11th output; the model file records them and refuses them on 10 outputs")
    func modelRecord() throws {
        var settings = TrainingSettings(epochs: 1)
        settings.nonDigits = 100
        #expect(throws: TrainingFailure.nonDigitsNeedEleventhOutput(classes: 10)) { try settings.check(for: .classic()) }
        try settings.check(for: .classic(classes: 11))

        var model = Model(state: try Network(.classic(classes: 11), seed: 1).state,
                          metadata: ModelMetadata(created: 0, seed: 1, epochs: 1, trainingSamples: 10, learningRate: 0.01,
                                                  learningRateDecay: 1, testAccuracy: nil, testImages: 0))
        model.metadata.nonDigitPictures = 100
        let read = try ModelFile.decode(ModelFile.encode(model), path: "eleven.dgts")
        #expect(read.metadata.nonDigitPictures == 100 && read.metadata.answersNotADigit)

        model.state = try Network(.classic(), seed: 1).state
        #expect {
            try ModelFile.decode(ModelFile.encode(model), path: "ten.dgts")
        } throws: { error in
            "\(error)".contains("ten.dgts") && "\(error)".contains("must have 11 outputs, not 10")
        }
    }

    @Test("a prediction reads the 11th output as not a digit, the answer when it is the most likely, and says it as the commands print it")
    func prediction() {
        let input = [UInt8](repeating: 0, count: 784)
        let rejected = DigitClassifier.Prediction(outputs: [0.05, 0, 0, 0, 0.15, 0, 0, 0, 0, 0, 0.8], rule: NotADigitRule(), input: input)
        #expect(!rejected.isDigit && rejected.answerConfidence == 0.8 && rejected.digit == 4 && rejected.probabilities.count == 10)
        #expect(abs(rejected.digitProbability - 0.2) < 1e-6)
        #expect(rejected.answer() == "not a digit (80.0%)")
        #expect(rejected.answer(top: 2) == "not a digit (80.0%), 4 (15.0%), 0 (5.0%)")
        let digit = DigitClassifier.Prediction(outputs: [0, 0, 0, 0, 0, 0, 0, 0.6, 0, 0, 0.4], rule: NotADigitRule(), input: input)
        #expect(digit.isDigit && digit.digit == 7 && digit.answerConfidence == 0.6)
        #expect(digit.answer() == "7 (60.0%)")
        let digitsOnly = DigitClassifier.Prediction(outputs: [0.1, 0.9, 0, 0, 0, 0, 0, 0, 0, 0], rule: nil, input: input)
        #expect(digitsOnly.notADigit == nil && digitsOnly.isDigit && digitsOnly.digitProbability == 1)
        #expect(digitsOnly.answer(top: 2) == "1 (90.0%), 0 (10.0%)")
    }

    @Test("above a threshold, \"not a digit\" must also pass it: below, the likeliest digit is the answer, at its own probability")
    func threshold() {
        let input = [UInt8](repeating: 0, count: 784), outputs: [Float] = [0, 0, 0.3, 0, 0, 0, 0, 0, 0, 0.05, 0.65]
        let likeliest = DigitClassifier.Prediction(outputs: outputs, rule: NotADigitRule(), input: input)
        #expect(!likeliest.isDigit && likeliest.answer() == "not a digit (65.0%)")
        let strict = DigitClassifier.Prediction(outputs: outputs, rule: NotADigitRule(threshold: 0.7), input: input)
        #expect(strict.isDigit && strict.answer() == "2 (30.0%)" && strict.answerConfidence == 0.3)
        let passed = DigitClassifier.Prediction(outputs: outputs, rule: NotADigitRule(threshold: 0.6), input: input)
        #expect(!passed.isDigit && passed.answerConfidence == 0.65)
        // A digit likelier than "not a digit" is the answer whatever the threshold.
        #expect(DigitClassifier.Prediction(outputs: [0.6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.4], rule: NotADigitRule(threshold: 0.2), input: input).isDigit)
        outputs.withUnsafeBufferPointer { buffer in
            #expect(NotADigitRule.answer(buffer, by: NotADigitRule()) == 10)
            #expect(NotADigitRule.answer(buffer, by: NotADigitRule(threshold: 0.7)) == 2)
            #expect(NotADigitRule.answer(buffer, by: nil) == 10, "a model of digits only answers its likeliest output")
        }
    }

    @Test("the model file keeps the not-a-digit threshold, and refuses one outside 0..<1 or on a model that answers only digits")
    func thresholdInFile() throws {
        var model = Model(state: try Network(.classic(classes: 11), seed: 1).state,
                          metadata: ModelMetadata(created: 0, seed: 1, epochs: 1, trainingSamples: 10, learningRate: 0.01,
                                                  learningRateDecay: 1, testAccuracy: nil, testImages: 0))
        model.metadata.nonDigitPictures = 100
        #expect(try ModelFile.decode(ModelFile.encode(model), path: "likeliest.dgts").metadata.notADigitRule == NotADigitRule())
        model.metadata.notADigitThreshold = 0.7
        #expect(try ModelFile.decode(ModelFile.encode(model), path: "strict.dgts").metadata.notADigitRule == NotADigitRule(threshold: 0.7))
        model.metadata.notADigitThreshold = 1.5
        #expect { try ModelFile.decode(ModelFile.encode(model), path: "over.dgts") } throws: { error in
            "\(error)".contains("over.dgts") && "\(error)".contains("not-a-digit threshold 1.5 is outside 0..<1")
        }
        model.metadata.notADigitThreshold = 0.7
        model.metadata.nonDigitPictures = 0
        model.state = try Network(.classic(), seed: 1).state
        #expect { try ModelFile.decode(ModelFile.encode(model), path: "digits.dgts") } throws: { error in
            "\(error)".contains("digits.dgts") && "\(error)".contains("was not trained on non-digit pictures")
        }
    }

    @Test("an evaluation counts guesses of the 11th class as rejections only for a model that answers not a digit")
    func evaluationRejects() throws {
        let state = try Network(.classic(classes: 11), seed: 1).state
        let test = try TestData.mnistTest.get().prefix(300)
        let rejecting = try Evaluation.run(state, on: test, threads: 1, rule: NotADigitRule())
        let plain = try Evaluation.run(state, on: test, threads: 1)
        #expect(rejecting.confusion == plain.confusion && rejecting.truthClasses == 0..<10 && plain.truthClasses == 0..<11)
        let guessedEleventh = plain.confusion.reduce(0) { $0 + $1[10] }
        #expect(guessedEleventh > 0, "an untrained network guesses every class now and then")
        #expect(rejecting.rejected == guessedEleventh && plain.rejected == 0)
        #expect(rejecting.misread + rejecting.rejected == plain.misread)
        // Above a threshold no untrained output reaches, every rejection becomes the likeliest digit.
        let strict = try Evaluation.run(state, on: test, threads: 1, rule: NotADigitRule(threshold: 0.99))
        #expect(strict.rejected == 0 && strict.count == rejecting.count && strict.correct >= rejecting.correct)
    }

    @Test("the check counts rejections kind by kind, and names a folder without kinds")
    func check() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let classifier = DigitClassifier(network: try Network(BuiltInModel.default.load().state))
        #expect {
            try NonDigitCheck.run(classifier, folder: folder)
        } throws: { error in
            "\(error)".hasPrefix(folder + ": no subfolder holds pictures")
        }
        try FileManager.default.createDirectory(atPath: folder + "/blank", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/digits", withIntermediateDirectories: true)
        let test = try TestData.mnistTest.get()
        for index in 0..<3 {
            try Data(NetpbmWriter.pgm(test.image(index).map { 255 - $0 }, width: 28, height: 28)).write(to: URL(fileURLWithPath: folder + "/digits/\(index).pgm"))
        }
        try Data(NetpbmWriter.pgm([UInt8](repeating: 255, count: 64), width: 8, height: 8)).write(to: URL(fileURLWithPath: folder + "/blank/white.pgm"))
        let check = try NonDigitCheck.run(classifier, folder: folder)
        #expect(check.kinds.map(\.name) == ["blank", "digits"])
        // A picture without ink holds no digit; real digits are read by a model trained on digits only.
        #expect(check.kinds.map(\.rejected) == [1, 0] && check.kinds.map(\.pictures) == [1, 3] && check.pictures == 4)
    }
}
