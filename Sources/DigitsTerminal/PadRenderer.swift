import CNCurses
import DigitsKit

/// Draws the drawing pad: the framed canvas, the prediction panel, the help and status lines.
struct PadRenderer {
    let session: TerminalSession
    let modelName: String

    /// Sixteen gray levels: pair `1 + 16 × foreground + background`.
    private static let grayLevels = 16
    private static let cursorPair: Int16 = 257
    private static let accentPair: Int16 = 258

    func prepareColors() {
        guard session.supportsColor else { return }
        for foreground in 0..<Self.grayLevels {
            for background in 0..<Self.grayLevels {
                init_pair(Int16(1 + foreground * Self.grayLevels + background), Self.color(foreground), Self.color(background))
            }
        }
        init_pair(Self.cursorPair, Int16(COLOR_YELLOW), Int16(COLOR_RED))
        init_pair(Self.accentPair, Int16(COLOR_GREEN), -1)
    }

    /// Black, the 24 grays of the 256-color cube, white.
    private static func color(_ level: Int) -> Int16 {
        switch level {
        case 0: 16
        case grayLevels - 1: 231
        default: Int16(232 + (level * 23 + (grayLevels - 1) / 2) / (grayLevels - 1))
        }
    }

    func draw(_ pad: DrawingPad, layout: PadLayout?) {
        werase(cn_stdscr())
        defer { wrefresh(cn_stdscr()) }
        guard let layout else {
            let need = pad.readsNumber
                ? (columns: max(PadLayout.numberMinimumSize.columns, pad.canvas.width + 2), lines: PadLayout.numberMinimumSize.lines)
                : PadLayout.minimumSize(.compact)
            let size = session.size
            let message = "enlarge the terminal to \(need.columns)×\(need.lines) (now \(size.columns)×\(size.lines)); q quits"
            put(max(0, size.lines / 2), max(0, (size.columns - message.count) / 2), message)
            return
        }
        let separator = session.unicode ? " · " : " | "
        let kind = pad.readsNumber ? "a number" : layout.kind == .large ? "large layout" : "compact layout"
        put(0, 0, ["digits draw", modelName, kind].joined(separator: separator))
        drawFrame(layout)
        drawCanvas(pad, layout)
        if pad.readsNumber { drawNumberPanel(pad, layout) } else { drawPanel(pad, layout) }
        let help = [
            ["mouse/space draw", "right button/x erase", "arrows/hjkl move", "+/- brush"],
            ["u undo", "c clear", "e eraser"] + (pad.readsNumber ? [] : ["p views"]) + ["s save", "Enter done", "q quit"],
        ]
        for (offset, keys) in help.enumerated() {
            put(layout.helpLine + offset, 0, String(keys.joined(separator: separator).prefix(layout.width)))
        }
        let mode = pad.eraser ? "erase" : "draw"
        let view = pad.view.name
        let status = ["brush \(pad.brush.size + 1)/\(Brush.radii.count)", mode, view, pad.lastAction].joined(separator: separator)
        // A long status (a saved file's path) keeps its end, where the file name is.
        let fitted = status.count <= layout.width ? status : (session.unicode ? "…" : "<") + status.suffix(layout.width - 1)
        put(layout.statusLine, 0, fitted, attributes: cn_a_bold())
    }

    private func drawFrame(_ layout: PadLayout) {
        let (horizontal, vertical, corners) = session.unicode ? ("─", "│", ["┌", "┐", "└", "┘"]) : ("-", "|", ["+", "+", "+", "+"])
        let top = layout.canvasLine - 1, bottom = layout.canvasLine + layout.canvasLines
        let left = layout.canvasColumn - 1, right = layout.canvasColumn + layout.canvasColumns
        let rule = String(repeating: horizontal, count: layout.canvasColumns)
        put(top, left, corners[0] + rule + corners[1])
        put(bottom, left, corners[2] + rule + corners[3])
        for line in layout.canvasLine..<bottom {
            put(line, left, vertical)
            put(line, right, vertical)
        }
    }

    private func drawCanvas(_ pad: DrawingPad, _ layout: PadLayout) {
        let (width, height) = (pad.canvas.width, pad.canvas.height)
        let values = pad.viewPicture ?? pad.canvas.ink
        let renderer = ShadeRenderer(unicode: session.unicode)
        for y in 0..<height {
            for x in 0..<width where layout.kind == .large || y % 2 == 0 {
                let (line, column) = layout.cell(x: x, y: y)
                let top = values[y * width + x]
                let isCursor = pad.cursor.x == x && (layout.kind == .large ? pad.cursor.y == y : pad.cursor.y / 2 == y / 2)
                if layout.kind == .large {
                    if isCursor {
                        put(line, column, session.unicode ? "◆◆" : "<>", attributes: cursorAttributes())
                    } else if session.supportsColor {
                        // Ink as full blocks in its gray, so that the strokes are characters too.
                        let level = Self.level(top)
                        put(line, column, level == 0 ? "  " : (session.unicode ? "██" : "##"),
                            attributes: cn_color_pair(Int32(1 + level * Self.grayLevels)))
                    } else {
                        let shade = String(renderer.shade(top))
                        put(line, column, shade + shade)
                    }
                } else {
                    let bottom = values[(y + 1) * width + x]
                    if isCursor {
                        put(line, column, "+", attributes: cursorAttributes())
                    } else if session.supportsColor && session.unicode {
                        let (upper, lower) = (Self.level(top), Self.level(bottom))
                        put(line, column, upper == 0 && lower == 0 ? " " : "▀", attributes: cn_color_pair(Int32(1 + upper * Self.grayLevels + lower)))
                    } else {
                        put(line, column, Self.halfCell(top: top >= 0.5, bottom: bottom >= 0.5, unicode: session.unicode))
                    }
                }
            }
        }
    }

    private func drawPanel(_ pad: DrawingPad, _ layout: PadLayout) {
        let line = layout.panelLine, column = layout.panelColumn
        guard let prediction = pad.prediction else {
            put(line + 2, column, "draw a digit", attributes: cn_a_bold())
            for digit in 0..<10 { put(line + 6 + digit, column, "\(digit)") }
            return
        }
        // "Not a digit" shows a cross and its probability; the digits' bars stay, dimmed, for what they are worth.
        let isDigit = prediction.isDigit
        for (offset, text) in BigDigits.lines(isDigit ? prediction.digit : nil, unicode: session.unicode).enumerated() {
            put(line + offset, column, text, attributes: session.supportsColor ? cn_color_pair(Int32(Self.accentPair)) : cn_a_bold())
        }
        if !isDigit { put(line + 1, column + BigDigits.width + 2, "not a digit", attributes: cn_a_bold()) }
        put(line + 2, column + BigDigits.width + 2, String(cFormat: "%5.1f%%", prediction.answerConfidence * 100), attributes: cn_a_bold())
        let barWidth = 14
        for digit in 0..<10 {
            let probability = prediction.probabilities[digit]
            let filled = Int((probability * Float(barWidth)).rounded())
            let bar = String(repeating: session.unicode ? "█" : "#", count: filled) + String(repeating: session.unicode ? "░" : ".", count: barWidth - filled)
            let text = "\(digit) \(bar) " + String(cFormat: "%5.1f%%", probability * 100)
            put(line + 6 + digit, column, text, attributes: !isDigit ? cn_a_dim() : digit == prediction.digit ? cn_a_bold() : 0)
        }
    }

    /// Each digit's guess under its ink and its confidence under that, then the number; a mark
    /// that is not a digit gets a dim cross and the chance of that, and is left out of the number.
    private func drawNumberPanel(_ pad: DrawingPad, _ layout: PadLayout) {
        let line = layout.panelLine
        guard let reading = pad.number else {
            put(line + 2, 0, pad.canvas.isEmpty ? "draw a number" : "no digit found", attributes: cn_a_bold())
            return
        }
        for digit in reading.digits {
            let centre = layout.cell(x: digit.box.x + digit.box.width / 2, y: 0).column
            if digit.isDigit {
                put(line, centre, "\(digit.prediction.digit)", attributes: session.supportsColor ? cn_color_pair(Int32(Self.accentPair)) : cn_a_bold())
            } else {
                put(line, centre, session.unicode ? "×" : "x", attributes: cn_a_dim())
            }
            let confidence = String(cFormat: "%.0f%%", digit.answerConfidence * 100)
            put(line + 1, max(0, min(centre - confidence.count / 2, layout.width - confidence.count)), confidence)
        }
        put(line + 2, 0, "number: \(reading.number)", attributes: cn_a_bold())
    }

    private func cursorAttributes() -> attr_t {
        session.supportsColor ? cn_color_pair(Int32(Self.cursorPair)) | cn_a_bold() : cn_a_reverse()
    }

    private static func level(_ value: Float) -> Int {
        min(grayLevels - 1, max(0, Int((value * Float(grayLevels - 1)).rounded())))
    }

    /// Two pixels, one above the other, without color: which of them have ink.
    private static func halfCell(top: Bool, bottom: Bool, unicode: Bool) -> String {
        switch (top, bottom) {
        case (true, true): unicode ? "█" : ":"
        case (true, false): unicode ? "▀" : "'"
        case (false, true): unicode ? "▄" : "."
        case (false, false): " "
        }
    }

    private func put(_ line: Int, _ column: Int, _ text: String, attributes: attr_t = 0) {
        if attributes != 0 { wattr_on(cn_stdscr(), attributes, nil) }
        mvwaddstr(cn_stdscr(), Int32(line), Int32(column), text)
        if attributes != 0 { wattr_off(cn_stdscr(), attributes, nil) }
    }
}
