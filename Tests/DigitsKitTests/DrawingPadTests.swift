import DigitsKit
import Foundation
import Testing

@Suite struct CanvasTests {
    @Test("the brush has a full core and a gray rim, about 2–3 pixels wide by default")
    func brushProfile() {
        var canvas = Canvas()
        canvas.stamp(x: 14.5, y: 14.5, brush: Brush())
        let row = (0..<28).map { canvas[14, $0] }
        #expect(row[14] == 1)
        #expect(row.contains { $0 > 0 && $0 < 1 }, "anti-aliased edge")
        let width = row.reduce(0, +)
        #expect(width >= 2 && width <= 3.5, "stroke width \(width)")
    }

    @Test("a fast stroke with far-apart points leaves no gap")
    func continuousStroke() {
        var canvas = Canvas()
        canvas.stroke(from: (3.5, 5.5), to: (24.5, 5.5), brush: Brush())
        for column in 3...24 { #expect(canvas[5, column] == 1, "column \(column)") }
        canvas.clear()
        canvas.stroke(from: (3.5, 3.5), to: (24.5, 24.5), brush: Brush(size: 0))
        for step in 3...24 { #expect(canvas[step, step] > 0.5, "diagonal \(step)") }
    }

    @Test("erasing lightens, painting never lightens, and the edges clip")
    func eraseAndClip() {
        var canvas = Canvas()
        canvas.stamp(x: 0.5, y: 0.5, brush: Brush(size: 5))
        canvas.stamp(x: 27.5, y: 27.5, brush: Brush(size: 5))
        #expect(canvas[0, 0] == 1 && canvas[27, 27] == 1)
        canvas.stamp(x: 0.5, y: 0.5, brush: Brush(size: 0), erasing: true)
        #expect(canvas[0, 0] == 0)
        let before = canvas[27, 25]
        canvas.stamp(x: 27.5, y: 20.5, brush: Brush(size: 0))
        #expect(canvas[27, 25] == before)
    }

    @Test("the canvas saves as a dark-on-white PGM that reads back")
    func pgm() throws {
        var canvas = Canvas()
        canvas.stamp(x: 10.5, y: 10.5, brush: Brush())
        let image = try NetpbmReader.read(bytes: canvas.pgm(), path: "pad.pgm").image
        #expect(image.width == 28 && image.height == 28)
        #expect(image[10, 10] == 0)
        #expect(image[0, 0] == 1)
    }
}

@Suite struct DrawingPadTests {
    func pad() throws -> DrawingPad {
        DrawingPad(classifier: DigitClassifier(network: try Network(BuiltInModel.default.load().state)))
    }

    /// Draws with the keyboard: from the cursor, `steps` moves, painting at each cell.
    func drawLine(_ pad: inout DrawingPad, dx: Int, dy: Int, steps: Int) {
        pad.handle(.paintAtCursor)
        for _ in 0..<steps {
            pad.handle(.moveCursor(dx: dx, dy: dy))
            pad.handle(.paintAtCursor)
        }
    }

    @Test("an empty pad has no guess; a vertical line drawn with the keys reads as 1")
    func keyboardOne() throws {
        var pad = try pad()
        #expect(pad.prediction == nil)
        for _ in 0..<10 { pad.handle(.moveCursor(dx: 0, dy: -1)) }
        drawLine(&pad, dx: 0, dy: 1, steps: 19)
        #expect(pad.prediction?.digit == 1)
    }

    @Test("the cursor stops at the canvas edges and reaches every pixel")
    func cursorEdges() throws {
        var pad = try pad()
        for _ in 0..<40 { pad.handle(.moveCursor(dx: -1, dy: -1)) }
        #expect(pad.cursor == (0, 0))
        for _ in 0..<40 { pad.handle(.moveCursor(dx: 1, dy: 1)) }
        #expect(pad.cursor == (27, 27))
    }

    @Test("a mouse stroke draws a 7; undo takes the whole stroke back; clear empties")
    func mouseSevenAndUndo() throws {
        var pad = try pad()
        pad.handle(.press(x: 7, y: 5, erasing: false))
        pad.handle(.drag(x: 21, y: 5))
        pad.handle(.drag(x: 12, y: 24))
        pad.handle(.release)
        #expect(pad.prediction?.digit == 7)
        let seven = pad.canvas
        pad.handle(.press(x: 3, y: 20, erasing: false))
        pad.handle(.drag(x: 25, y: 20))
        pad.handle(.release)
        #expect(pad.canvas != seven)
        pad.handle(.undo)
        #expect(pad.canvas == seven)
        pad.handle(.clear)
        #expect(pad.canvas.isEmpty && pad.prediction == nil)
        pad.handle(.undo)
        #expect(pad.canvas == seven)
    }

    @Test("the right button and the eraser toggle erase")
    func erasing() throws {
        var pad = try pad()
        pad.handle(.press(x: 5, y: 14, erasing: false))
        pad.handle(.drag(x: 23, y: 14))
        pad.handle(.release)
        pad.handle(.press(x: 14, y: 10, erasing: true))
        pad.handle(.drag(x: 14, y: 18))
        pad.handle(.release)
        #expect(pad.canvas[13, 14] == 0)
        #expect(pad.canvas[13, 6] == 1)
        pad.handle(.toggleEraser)
        pad.handle(.moveCursor(dx: -8, dy: -1))
        pad.handle(.paintAtCursor)
        #expect(pad.canvas[13, 6] == 0)
    }

    @Test("a digit drawn small and off-centre is read the same as drawn large")
    func smallOffCentre() throws {
        var large = try pad(), small = try pad()
        large.handle(.press(x: 7, y: 4, erasing: false)); large.handle(.drag(x: 21, y: 4)); large.handle(.drag(x: 11, y: 25)); large.handle(.release)
        small.handle(.press(x: 2, y: 2, erasing: false)); small.handle(.drag(x: 9, y: 2)); small.handle(.drag(x: 4, y: 12)); small.handle(.release)
        #expect(large.prediction?.digit == 7)
        #expect(small.prediction?.digit == 7)
    }

    @Test("brush size steps within its range")
    func brush() throws {
        var pad = try pad()
        for _ in 0..<10 { pad.handle(.growBrush) }
        #expect(pad.brush.size == Brush.radii.count - 1)
        for _ in 0..<10 { pad.handle(.shrinkBrush) }
        #expect(pad.brush.size == 0)
    }

    @Test("p cycles the views: the input the network sees, the saliency over it, the first layer's maps, the canvas")
    func views() throws {
        var pad = try pad()
        pad.handle(.press(x: 8, y: 4, erasing: false)); pad.handle(.drag(x: 20, y: 4)); pad.handle(.drag(x: 12, y: 24)); pad.handle(.release)
        let input = try #require(pad.prediction?.input).map { Float($0) / 255 }
        #expect(pad.view == .canvas && pad.viewPicture == nil)
        pad.handle(.cycleView)
        #expect(pad.view == .input && pad.viewPicture == input)
        pad.handle(.cycleView)
        let saliency = try #require(pad.viewPicture)
        // Every pixel at least the faint input, and some brighter: the pixels that moved the guess.
        #expect(pad.view == .saliency && zip(saliency, input).allSatisfy { $0 >= 0.3 * $1 - 1e-6 } && saliency.max() == 1)
        #expect(saliency != input.map { 0.3 * $0 })
        pad.handle(.cycleView)
        let maps = try #require(pad.viewPicture)
        #expect(pad.view == .firstLayerMaps && maps.count == Canvas.side * Canvas.side && maps != saliency)
        // Drawing updates the view it shows.
        pad.handle(.press(x: 4, y: 14, erasing: false)); pad.handle(.drag(x: 24, y: 14)); pad.handle(.release)
        #expect(pad.viewPicture != maps)
        pad.handle(.cycleView)
        #expect(pad.view == .canvas && pad.viewPicture == nil)
    }

    @Test("s saves the drawing as a PGM named for the time, never over another")
    func save() throws {
        var pad = try pad()
        pad.handle(.paintAtCursor)
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try pad.save(in: directory, at: date)
        let second = try pad.save(in: directory, at: date)
        #expect(first != second)
        #expect(pad.lastAction == "saved \(second)")
        #expect(try NetpbmReader.read(path: first).image.width == 28)

        let png = try pad.save(in: directory, at: date, format: .png)
        #expect(png.hasSuffix(".png"))
        let read = try PNGReader.read(bytes: FileBytes.read(png, as: .picture), path: png)
        #expect(read.brightness.map { UInt8(($0 * 255).rounded()) } == pad.canvas.gray)
        #expect(read.brightness.contains { $0 < 0.5 }, "the painted pixel is dark ink")
    }
}

@Suite struct NumberPadTests {
    func pad(width: Int) throws -> DrawingPad {
        DrawingPad(reader: .number(try NumberReader(model: BuiltInModel.strong.load())), width: width)
    }

    /// A mouse stroke through `points` in canvas pixels.
    func stroke(_ pad: inout DrawingPad, _ points: [(Float, Float)]) {
        pad.handle(.press(x: points[0].0, y: points[0].1, erasing: false))
        for point in points.dropFirst() { pad.handle(.drag(x: point.0, y: point.1)) }
        pad.handle(.release)
        pad.readNumber()
    }

    @Test("a number's pad reads every digit drawn across its wide canvas, boxed where each was drawn")
    func readsNumber() throws {
        var pad = try pad(width: 78)
        #expect(pad.canvas.width == 78 && pad.canvas.height == 28)
        #expect(pad.number == nil && pad.prediction == nil)
        stroke(&pad, [(12, 4), (12, 24)])
        #expect(pad.number?.number == "1")
        // A 7: a bar, then down to the left.
        stroke(&pad, [(30, 5), (44, 5), (37, 24)])
        stroke(&pad, [(62, 4), (62, 24)])
        let reading = try #require(pad.number)
        #expect(reading.number == "171")
        #expect(reading.digits.map { $0.box.x < 20 } == [true, false, false])
        #expect(reading.digits[2].box.x > 55)
        #expect(reading.summary.hasPrefix("171 (1 "))
        pad.handle(.undo)
        #expect(pad.numberIsStale && pad.number?.number == "171")
        pad.readNumber()
        #expect(!pad.numberIsStale && pad.number?.number == "17")
        pad.handle(.clear)
        pad.readNumber()
        #expect(pad.number == nil)
    }

    @Test("the cursor reaches the wide canvas's right edge; the views are a single digit's only")
    func cursorAndViews() throws {
        var pad = try pad(width: 118)
        for _ in 0..<200 { pad.handle(.moveCursor(dx: 1, dy: 0)) }
        #expect(pad.cursor.x == 117)
        pad.handle(.cycleView)
        #expect(pad.view == .canvas)
        #expect(pad.lastAction.contains("without --number"))
    }

    @Test("a number's pad saves its whole canvas, named number-…")
    func save() throws {
        var pad = try pad(width: 60)
        pad.handle(.paintAtCursor)
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try pad.save(in: directory, at: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(path.contains("/number-"))
        let image = try NetpbmReader.read(path: path).image
        #expect(image.width == 60 && image.height == 28)
    }
}

@Suite struct PadLayoutTests {
    @Test("a number's canvas is as wide as the terminal (78 pixels at 80×24, 118 at 120×40) and keeps its width on resize")
    func numberLayout() throws {
        let standard = try #require(PadLayout.number(columns: 80, lines: 24))
        #expect(standard.canvasPixels == 78 && standard.kind == .compact)
        #expect(standard.statusLine < 24)
        #expect(try #require(PadLayout.number(columns: 120, lines: 40)).canvasPixels == 118)
        let need = PadLayout.numberMinimumSize
        #expect(PadLayout.number(columns: need.columns, lines: need.lines) != nil)
        #expect(PadLayout.number(columns: need.columns - 1, lines: need.lines) == nil)
        #expect(PadLayout.number(columns: 80, lines: need.lines - 1) == nil)
        #expect(PadLayout.number(columns: 120, lines: 40, canvasPixels: 78)?.canvasPixels == 78)
        #expect(PadLayout.number(columns: 70, lines: 24, canvasPixels: 78) == nil)
        // Every pixel's cell maps back to the pixel, across the whole width.
        for x in 0..<standard.canvasPixels {
            let cell = standard.cell(x: x, y: 9)
            let point = try #require(standard.canvasPoint(line: cell.line, column: cell.column))
            #expect(Int(point.x) == x && Int(point.y) / 2 == 9 / 2)
        }
    }


    @Test("the large layout when there is room, compact in 80×24, none when smaller")
    func choice() {
        #expect(PadLayout.choose(columns: 120, lines: 40)?.kind == .large)
        #expect(PadLayout.choose(columns: 80, lines: 24)?.kind == .compact)
        let compact = PadLayout.minimumSize(.compact)
        #expect(PadLayout.choose(columns: compact.columns, lines: compact.lines)?.kind == .compact)
        #expect(PadLayout.choose(columns: compact.columns - 1, lines: compact.lines) == nil)
        #expect(PadLayout.choose(columns: compact.columns, lines: compact.lines - 1) == nil)
    }

    @Test("every canvas pixel's cell maps back to that pixel", arguments: [(120, 40), (80, 24)])
    func roundTrip(columns: Int, lines: Int) throws {
        let layout = try #require(PadLayout.choose(columns: columns, lines: lines))
        for y in 0..<28 {
            for x in 0..<28 {
                let cell = layout.cell(x: x, y: y)
                let point = try #require(layout.canvasPoint(line: cell.line, column: cell.column))
                #expect(Int(point.x) == x)
                #expect(Int(point.y) == (layout.kind == .large ? y : y / 2 * 2 + 1) || Int(point.y) == y)
            }
        }
        #expect(layout.canvasPoint(line: 0, column: 0) == nil)
        let clamped = try #require(layout.canvasPoint(line: 0, column: 500, clamped: true))
        #expect(clamped.x == 27.5)
    }
}

@Suite struct MouseReportTests {
    @Test("X10 reports: press, drag with button 1, release, hover")
    func x10() {
        #expect(MouseReport.x10([32, 33 + 10, 33 + 4]) == MouseReport(action: .press, button: 0, line: 4, column: 10))
        #expect(MouseReport.x10([32 + 2, 33, 33]) == MouseReport(action: .press, button: 2, line: 0, column: 0))
        #expect(MouseReport.x10([32 + 32, 40, 50]) == MouseReport(action: .drag, button: 0, line: 17, column: 7))
        #expect(MouseReport.x10([32 + 3, 40, 50]) == MouseReport(action: .release, button: nil, line: 17, column: 7))
        #expect(MouseReport.x10([32 + 35, 40, 50])?.action == .hover)
        #expect(MouseReport.x10([32 + 64, 40, 50]) == nil, "wheel")
        #expect(MouseReport.x10([-1, 40, 50]) == nil, "cut short")
    }

    @Test("SGR reports: 1-based, M for press and motion, m for release")
    func sgr() {
        #expect(MouseReport.sgr("0;11;5", final: "M") == MouseReport(action: .press, button: 0, line: 4, column: 10))
        #expect(MouseReport.sgr("32;300;200", final: "M") == MouseReport(action: .drag, button: 0, line: 199, column: 299))
        #expect(MouseReport.sgr("0;11;5", final: "m")?.action == .release)
        #expect(MouseReport.sgr("2;1;1", final: "M")?.button == 2)
        #expect(MouseReport.sgr("35;1;1", final: "M")?.action == .hover)
        #expect(MouseReport.sgr("0;11", final: "M") == nil)
    }
}
