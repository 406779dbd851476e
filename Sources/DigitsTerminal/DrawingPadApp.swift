import CNCurses
import DigitsKit

/// Runs the drawing pad on the terminal until the user accepts, quits, or a signal arrives.
public enum DrawingPadApp {
    public enum Outcome {
        /// Enter: the guess for the drawing, nil when the canvas is empty.
        case accepted(DigitClassifier.Prediction?)
        /// Enter on a number's pad: the number read, nil when no digit was found.
        case acceptedNumber(NumberReading?)
        case quit
        /// A signal ended the pad; the terminal is already restored.
        case signalled(Int32)
    }

    /// - Parameters:
    ///   - saveDirectory: Where `s` writes pictures, in `saveFormat`.
    ///   - color: Whether to use the terminal's colors, or shade characters only.
    ///   - reader: A number's reader gets a canvas as wide as the terminal is at the start.
    public static func run(reader: DrawingPad.Reader, modelName: String, unicode: Bool, saveDirectory: String,
                           saveFormat: DrawingPad.SaveFormat = .pgm, color: Bool = true
    ) throws(TerminalSession.Failure) -> Outcome {
        let session = try TerminalSession(unicode: unicode, color: color)
        defer { session.close() }
        let start = session.size
        var pad = DrawingPad(reader: reader, width: max(start.columns, PadLayout.numberMinimumSize.columns) - 2)
        func chooseLayout() -> PadLayout? {
            let size = session.size
            return pad.readsNumber
                ? PadLayout.number(columns: size.columns, lines: size.lines, canvasPixels: pad.canvas.width)
                : PadLayout.choose(columns: size.columns, lines: size.lines)
        }
        let renderer = PadRenderer(session: session, modelName: modelName)
        renderer.prepareColors()
        var layout = chooseLayout()
        renderer.draw(pad, layout: layout)

        while true {
            var changed = false
            // Inputs waiting are applied before the number is read again, so a stroke never lags behind the pen.
            switch session.nextEvent(waiting: pad.numberIsStale ? 0 : 100) {
            case .idle:
                guard pad.numberIsStale else { continue }
                pad.readNumber()
                changed = true
            case let .signal(number):
                return .signalled(number)
            case .resize:
                layout = chooseLayout()
                changed = true
            case let .key(key):
                switch key {
                case 10, 13, KEY_ENTER:
                    if pad.readsNumber {
                        pad.readNumber()
                        return .acceptedNumber(pad.number)
                    }
                    return .accepted(pad.canvas.isEmpty ? nil : pad.prediction)
                case Int32(UInt8(ascii: "q")), 27:
                    return .quit
                case Int32(UInt8(ascii: "s")):
                    do {
                        _ = try pad.save(in: saveDirectory, format: saveFormat)
                    } catch {
                        pad.lastAction = "could not save: \(error)"
                    }
                    changed = true
                default:
                    if layout != nil, let input = input(forKey: key) { changed = pad.handle(input) }
                }
            case let .mouse(report):
                if let layout, let input = input(for: report, layout: layout) { changed = pad.handle(input) }
            }
            if changed { renderer.draw(pad, layout: layout) }
        }
    }

    static func input(forKey key: Int32) -> DrawingPad.Input? {
        switch key {
        case KEY_UP, Int32(UInt8(ascii: "k")): .moveCursor(dx: 0, dy: -1)
        case KEY_DOWN, Int32(UInt8(ascii: "j")): .moveCursor(dx: 0, dy: 1)
        case KEY_LEFT, Int32(UInt8(ascii: "h")): .moveCursor(dx: -1, dy: 0)
        case KEY_RIGHT, Int32(UInt8(ascii: "l")): .moveCursor(dx: 1, dy: 0)
        case Int32(UInt8(ascii: " ")): .paintAtCursor
        case Int32(UInt8(ascii: "x")): .eraseAtCursor
        case Int32(UInt8(ascii: "c")): .clear
        case Int32(UInt8(ascii: "u")): .undo
        case Int32(UInt8(ascii: "+")), Int32(UInt8(ascii: "=")): .growBrush
        case Int32(UInt8(ascii: "-")), Int32(UInt8(ascii: "_")): .shrinkBrush
        case Int32(UInt8(ascii: "e")): .toggleEraser
        case Int32(UInt8(ascii: "p")): .cycleView
        default: nil
        }
    }

    static func input(for report: MouseReport, layout: PadLayout) -> DrawingPad.Input? {
        switch report.action {
        case .press:
            guard let point = layout.canvasPoint(line: report.line, column: report.column) else { return nil }
            return .press(x: point.x, y: point.y, erasing: report.button == 2)
        case .drag:
            // A stroke that leaves the canvas runs along its edge.
            guard let point = layout.canvasPoint(line: report.line, column: report.column, clamped: true) else { return nil }
            return .drag(x: point.x, y: point.y)
        case .release:
            return .release
        case .hover:
            return nil
        }
    }
}
