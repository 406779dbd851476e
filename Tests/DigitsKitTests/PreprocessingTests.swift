import DigitsKit
import Testing

@Suite struct PreprocessingTests {
    /// A white page with a black filled rectangle.
    func page(width: Int, height: Int, ink rows: Range<Int>, _ columns: Range<Int>, inkLevel: Float = 1) -> GrayImage {
        var brightness = [Float](repeating: 1, count: width * height)
        for row in rows { for column in columns { brightness[row * width + column] = 1 - inkLevel } }
        return GrayImage(width: width, height: height, brightness: brightness)
    }

    func box(_ image: [UInt8]) -> (rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        let inked = image.indices.filter { image[$0] > 0 }
        let rows = inked.map { $0 / 28 }, columns = inked.map { $0 % 28 }
        return (rows.min()!...rows.max()!, columns.min()!...columns.max()!)
    }

    func centreOfMass(_ image: [UInt8]) -> (row: Double, column: Double) {
        var mass = 0.0, row = 0.0, column = 0.0
        for (index, value) in image.enumerated() {
            mass += Double(value); row += Double(value) * Double(index / 28); column += Double(value) * Double(index % 28)
        }
        return (row / mass, column / mass)
    }

    @Test("a blank page has no digit")
    func blank() {
        let preprocessor = DigitPreprocessor()
        #expect(throws: DigitPreprocessor.Failure.noInk) { try preprocessor.prepare(GrayImage(width: 50, height: 40, brightness: .init(repeating: 1, count: 2000))) }
        #expect(throws: DigitPreprocessor.Failure.noInk) { try preprocessor.prepare(GrayImage(width: 5, height: 4, brightness: .init(repeating: 0, count: 20))) }
    }

    @Test("paper grain below the noise floor is not a digit")
    func grain() {
        var generator = SplitMix64(seed: 1)
        let brightness = (0..<10_000).map { _ in Float(1 - generator.nextUniform() * 0.08) }
        #expect(throws: DigitPreprocessor.Failure.noInk) { try DigitPreprocessor().prepare(GrayImage(width: 100, height: 100, brightness: brightness)) }
    }

    @Test("a tall stroke keeps its aspect ratio: 20 rows high, 5 wide, centred by mass at index 14")
    func aspectAndCentre() throws {
        let image = try DigitPreprocessor().prepare(page(width: 300, height: 200, ink: 10..<90, 200..<220))
        let (rows, columns) = box(image)
        #expect(rows.count == 20)
        #expect(columns.count == 5)
        let centre = centreOfMass(image)
        #expect(abs(centre.row - 14) <= 0.5 && abs(centre.column - 14) <= 0.5)
    }

    @Test("area averaging leaves gray edges where the scaled stroke covers part of a pixel")
    func grayEdges() throws {
        // An L 30 wide by 35 tall, scaled by 20/35: the inner edges of its strokes fall inside pixels.
        var drawing = page(width: 60, height: 60, ink: 5..<40, 10..<20)
        for row in 35..<40 { for column in 10..<40 { drawing.brightness[row * 60 + column] = 0 } }
        let image = try DigitPreprocessor().prepare(drawing)
        #expect(image.contains { $0 > 0 && $0 < 255 })
        #expect(image.contains(255))
    }

    @Test("dark ink on white and light ink on black give the same image")
    func polarity() throws {
        let dark = page(width: 80, height: 90, ink: 20..<70, 30..<45)
        let light = GrayImage(width: 80, height: 90, brightness: dark.brightness.map { 1 - $0 })
        let automatic = DigitPreprocessor()
        #expect(try automatic.prepare(dark) == automatic.prepare(light))
        #expect(try DigitPreprocessor(polarity: .darkInk).prepare(dark) == DigitPreprocessor(polarity: .lightInk).prepare(light))
        // Forcing the wrong polarity makes the paper the ink: a full frame, not the stroke.
        #expect(try DigitPreprocessor(polarity: .lightInk).prepare(dark) != automatic.prepare(dark))
    }

    @Test("gray pencil is stretched to full ink, as MNIST strokes are")
    func contrast() throws {
        let image = try DigitPreprocessor().prepare(page(width: 40, height: 40, ink: 5..<35, 15..<25, inkLevel: 0.5))
        #expect(image.max() == 255)
    }

    @Test("MNIST's own images come back unchanged in most cases: the procedure is MNIST's")
    func mnistFixedPoint() throws {
        let test = try TestData.mnistTest.get().prefix(500)
        let preprocessor = DigitPreprocessor(polarity: .lightInk, noiseFloor: 0.0001)
        var identical = 0
        for index in 0..<test.count {
            let image = GrayImage(width: 28, height: 28, brightness: test.image(index).map { Float($0) / 255 })
            if try preprocessor.prepare(image) == Array(test.image(index)) { identical += 1 }
        }
        #expect(identical >= 425, "\(identical) of 500 unchanged")
    }
}
