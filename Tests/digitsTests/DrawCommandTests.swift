import DigitsKit
import Foundation
import Testing

/// `digits draw` in tmux: keys and mouse reports in, the screen read back, the terminal checked after.
@Suite(.serialized) struct DrawCommandTests {
    let output = NSTemporaryDirectory() + "digits-draw-" + UUID().uuidString

    /// Starts `digits draw` in a tmux shell; its stdout goes to a file and its exit code is echoed.
    func start(columns: Int = 100, lines: Int = 40, term: String = "tmux-256color", environment: String = "", options: String = "") throws -> Tmux {
        let tmux = try Tmux(columns: columns, lines: lines, term: term)
        try tmux.type("\(environment) '\(DigitsBinary.path)' draw \(options) > '\(output)'; echo \"EXIT=$?\"")
        try tmux.waitFor { $0.contains("digits draw ·") || $0.contains("enlarge the terminal") }
        return tmux
    }

    /// After the pad ends: the shell is back, echoing and line-editing as before.
    func expectUsableTerminal(_ tmux: Tmux, exit: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        // The typed command line itself holds "EXIT=$?": wait for a number.
        let ended = try tmux.waitFor { $0.firstMatch(of: /EXIT=\d/) != nil }
        #expect(ended.contains("EXIT=\(exit)"), "\(ended)", sourceLocation: sourceLocation)
        try tmux.type("stty -a | tr ' ' '\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo; echo usable-$((40+2))")
        let screen = try tmux.waitFor { $0.contains("usable-42") }
        #expect(screen.contains("usable-42"), sourceLocation: sourceLocation)
        #expect(screen.contains("icanon echo"), "terminal modes restored: \(screen)", sourceLocation: sourceLocation)
        #expect(!screen.contains("digits draw ·"), "the pad is gone", sourceLocation: sourceLocation)
    }

    func result() -> String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }

    @Test("keys draw a 1: the panel shows it, Enter prints it on stdout, the terminal is restored")
    func keyboard() throws {
        let tmux = try start()
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        #expect(try tmux.screen().contains("draw a digit"))
        try tmux.keys(Array(repeating: "k", count: 10))
        for _ in 0..<19 { try tmux.keys(["Space", "j"]) }
        try tmux.keys(["Space"])
        let screen = try tmux.waitFor { PadScreen.guess($0) == 1 }
        #expect(PadScreen.guess(screen) == 1, "\(screen)")
        try tmux.keys(["Enter"])
        try expectUsableTerminal(tmux, exit: 0)
        #expect(result().range(of: #"^1 \(\d+\.\d%\)\n$"#, options: .regularExpression) != nil, "stdout: \(result())")
    }

    @Test("p cycles the canvas area through the network's input, the saliency map and the first layer's maps")
    func views() throws {
        let tmux = try start()
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        try tmux.keys(Array(repeating: "k", count: 10))
        for _ in 0..<19 { try tmux.keys(["Space", "j"]) }
        _ = try tmux.waitFor { PadScreen.guess($0) == 1 }
        // The guess can show a 1 before the last keys are drawn: wait until the screen holds still.
        var canvas = try tmux.screen()
        for _ in 0..<30 {
            Thread.sleep(forTimeInterval: 0.3)
            let later = try tmux.screen()
            if later == canvas { break }
            canvas = later
        }
        var screens: [String] = []
        for name in ["network view", "saliency", "first-layer maps", "canvas"] {
            try tmux.keys(["p"])
            screens.append(try tmux.waitFor { $0.contains("· \(name) ·") })
            #expect(screens.last!.contains("· \(name) ·"), "status line: \(screens.last!)")
        }
        // Each view draws something else in the canvas area; the last is the canvas again.
        let areas = ([canvas] + screens).map { screen in screen.split(separator: "\n").dropFirst(2).prefix(28).map { String($0.prefix(60)) } }
        #expect(Set(areas.prefix(4)).count == 4)
        #expect(areas[4] == areas[0])
        try tmux.keys(["q"])
        try expectUsableTerminal(tmux, exit: 0)
    }

    /// Escape sequences ncurses does not know: F13, Alt+x, a focus report, a paste holding "cq".
    static let unknownSequences: [[UInt8]] = [
        Array("\u{1B}[25~".utf8), Array("\u{1B}x".utf8), Array("\u{1B}[I".utf8), Array("\u{1B}[200~cq\u{1B}[201~".utf8),
    ]

    @Test("unknown sequences and a paste neither quit nor type into the pad; a mouse report split across reads still draws")
    func unknownSequences() throws {
        let tmux = try start()
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        for sequence in Self.unknownSequences {
            try tmux.bytes(sequence)
            Thread.sleep(forTimeInterval: 0.3)
        }
        // The ESC of a press on the canvas, then the rest 60 ms later, as over a slow link.
        let press = Array(MouseBytes.x10(code: 0, line: 12, column: 24).utf8)
        try tmux.bytes(Array(press.prefix(1)))
        Thread.sleep(forTimeInterval: 0.06)
        try tmux.bytes(Array(press.dropFirst()))
        try tmux.literal(MouseBytes.x10(code: 3, line: 12, column: 24))
        // One dab of ink: the strong model may well call it "not a digit", but it answers something.
        let screen = try tmux.waitFor { PadScreen.guess($0) != nil || $0.contains("not a digit") }
        #expect(screen.contains("digits draw ·"), "the pad is still open: \(screen)")
        try tmux.keys(["Enter"])
        _ = try tmux.waitFor { $0.firstMatch(of: /EXIT=\d/) != nil }
        try expectUsableTerminal(tmux, exit: result().hasPrefix("not a digit") ? 2 : 0)
        #expect(result().range(of: #"^(\d|not a digit) \(\d+\.\d%\)\n$"#, options: .regularExpression) != nil, "the split press drew: \(result())")
    }

    @Test("Escape alone quits, and the shell gets none of the pad's input")
    func escapeQuits() throws {
        let tmux = try start()
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        try tmux.bytes(Self.unknownSequences[0])
        Thread.sleep(forTimeInterval: 0.3)
        try tmux.bytes([0x1B])
        let ended = try tmux.waitFor { $0.firstMatch(of: /EXIT=\d/) != nil }
        Thread.sleep(forTimeInterval: 0.3)
        let lines = try tmux.screen().split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let exitLine = try #require(lines.lastIndex { $0.hasPrefix("EXIT=") }, "\(ended)")
        #expect(lines[exitLine] == "EXIT=0")
        #expect(lines[exitLine + 1] == "$", "the prompt is empty, not '$ ~': \(lines[exitLine + 1])")
        try expectUsableTerminal(tmux, exit: 0)
    }

    @Test("NO_COLOR gives shade characters instead of gray levels; without it the ink is in grays", arguments: [true, false])
    func noColor(_ noColor: Bool) throws {
        let tmux = try start(environment: noColor ? "NO_COLOR=1" : "")
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        for _ in 0..<6 { try tmux.keys(["Space", "l"]) }
        _ = try tmux.waitFor { $0.contains("painted") }
        let screen = try tmux.coloredScreen()
        // The pad's gray levels are 256-color pairs; tmux writes them back as 38;5 / 48;5 sequences.
        #expect(screen.contains("8;5;") != noColor, "\(screen)")
        if noColor { #expect(screen.contains("██"), "ink drawn in shade characters") }
        try tmux.keys(["q"])
        try expectUsableTerminal(tmux, exit: 0)
    }

    @Test("a mouse stroke (X10 reports, as tmux sends) draws a 7; q quits without a guess")
    func mouseX10() throws {
        let tmux = try start()
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        // Large layout: pixel (x, y) is at line 2 + y, column 1 + 2x.
        var reports = MouseBytes.x10(code: 0, line: 2 + 5, column: 1 + 2 * 6)
        for x in stride(from: 8, through: 21, by: 3) { reports += MouseBytes.x10(code: 32, line: 2 + 5, column: 1 + 2 * x) }
        for step in 1...9 { reports += MouseBytes.x10(code: 32, line: 2 + 5 + 2 * step, column: 1 + 2 * (21 - step)) }
        reports += MouseBytes.x10(code: 3, line: 2 + 23, column: 1 + 2 * 12)
        try tmux.literal(reports)
        let screen = try tmux.waitFor { PadScreen.guess($0) == 7 }
        #expect(PadScreen.guess(screen) == 7, "\(screen)")
        try tmux.keys(["q"])
        try expectUsableTerminal(tmux, exit: 0)
        #expect(result().isEmpty)
    }

    @Test("in the compact layout of an 80×24 xterm, SGR mouse reports draw a 1 and Enter prints it")
    func compactSGR() throws {
        let tmux = try start(columns: 80, lines: 24, term: "xterm-256color")
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        #expect(try tmux.screen().contains("compact layout"))
        // Compact layout: pixel (x, y) is at line 2 + y / 2, column 1 + x.
        var reports = MouseBytes.sgr(code: 0, line: 2 + 2, column: 1 + 14)
        for line in 3...12 { reports += MouseBytes.sgr(code: 32, line: 2 + line, column: 1 + 14) }
        reports += MouseBytes.sgr(code: 0, line: 2 + 12, column: 1 + 14, release: true)
        try tmux.literal(reports)
        let screen = try tmux.waitFor { PadScreen.guess($0) == 1 }
        #expect(PadScreen.guess(screen) == 1, "\(screen)")
        try tmux.keys(["Enter"])
        try expectUsableTerminal(tmux, exit: 0)
        #expect(result().hasPrefix("1 ("))
    }

    @Test("with the built-in strong model, which answers not a digit, a filled block shows the cross and Enter prints not a digit, exit status 2")
    func notADigit() throws {
        let tmux = try start(columns: 80, lines: 24, term: "xterm-256color")
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        // Compact layout: pixel (x, y) is at line 2 + y / 2, column 1 + x. Rows of ink, one below the other.
        var reports = ""
        for y in stride(from: 6, through: 22, by: 2) {
            reports += MouseBytes.sgr(code: 0, line: 2 + y / 2, column: 1 + 5)
            for x in 6...22 { reports += MouseBytes.sgr(code: 32, line: 2 + y / 2, column: 1 + x) }
            reports += MouseBytes.sgr(code: 0, line: 2 + y / 2, column: 1 + 22, release: true)
        }
        try tmux.literal(reports)
        let screen = try tmux.waitFor { $0.contains("not a digit") }
        #expect(screen.contains("not a digit"), "\(screen)")
        try tmux.keys(["Enter"])
        try expectUsableTerminal(tmux, exit: 2)
        #expect(result().range(of: #"^not a digit \(\d+\.\d%\)\n$"#, options: .regularExpression) != nil, "stdout: \(result())")
    }

    @Test("--number in an 80×24 xterm: strokes across the wide canvas read live as 171, each guess under its digit; Enter prints the number")
    func number() throws {
        let tmux = try start(columns: 80, lines: 24, term: "xterm-256color", options: "--number")
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        #expect(try tmux.screen().contains("draw a number"))
        // Compact canvas: pixel (x, y) is at line 2 + y / 2, column 1 + x.
        func cell(_ x: Int, _ y: Int) -> (line: Int, column: Int) { (2 + y / 2, 1 + x) }
        func stroke(_ points: [(Int, Int)]) -> String {
            var reports = ""
            for (index, point) in points.enumerated() {
                let at = cell(point.0, point.1)
                reports += MouseBytes.sgr(code: index == 0 ? 0 : 32, line: at.line, column: at.column)
            }
            let last = cell(points[points.count - 1].0, points[points.count - 1].1)
            return reports + MouseBytes.sgr(code: 0, line: last.line, column: last.column, release: true)
        }
        try tmux.literal(stroke(stride(from: 4, through: 24, by: 2).map { (12, $0) }))
        try tmux.literal(stroke(stride(from: 30, through: 44, by: 2).map { ($0, 5) } + stride(from: 7, through: 23, by: 2).map { (44 - ($0 - 5) * 7 / 19, $0) }))
        try tmux.literal(stroke(stride(from: 4, through: 24, by: 2).map { (62, $0) }))
        let screen = try tmux.waitFor { $0.contains("number: 171") }
        #expect(screen.contains("number: 171"), "\(screen)")
        // The guesses' line sits under the canvas, each digit near its own column.
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let guesses = try #require(lines.first { $0.range(of: #"^\s+1\s+7\s+1\s*$"#, options: .regularExpression) != nil }, "\(screen)")
        let columns = guesses.indices.filter { guesses[$0] != " " }.map { guesses.distance(from: guesses.startIndex, to: $0) }
        #expect(abs(columns[0] - 13) <= 3 && abs(columns[1] - 38) <= 6 && abs(columns[2] - 63) <= 3, "\(guesses)")
        try tmux.keys(["Enter"])
        try expectUsableTerminal(tmux, exit: 0)
        #expect(result().range(of: #"^171 \(1 \d+\.\d%, 7 \d+\.\d%, 1 \d+\.\d%\)\n$"#, options: .regularExpression) != nil, "stdout: \(result())")
    }

    @Test("--number with nothing drawn: Enter says no digit found, exit code 1")
    func numberEmpty() throws {
        let tmux = try start(columns: 80, lines: 24, options: "--number")
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        try tmux.keys(["Enter"])
        try expectUsableTerminal(tmux, exit: 1)
        #expect(result().isEmpty)
    }

    @Test("too small a terminal says how large it must be, and the pad appears on resize (screen-256color)")
    func resize() throws {
        let tmux = try start(columns: 60, lines: 15, term: "screen-256color")
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        let need = PadLayout.minimumSize(.compact)
        #expect(try tmux.screen().contains("enlarge the terminal to \(need.columns)×\(need.lines)"))
        try tmux.resize(columns: 100, lines: 40)
        let screen = try tmux.waitFor { $0.contains("large layout") }
        #expect(screen.contains("large layout"))
        try tmux.resize(columns: 80, lines: 24)
        #expect(try tmux.waitFor { $0.contains("compact layout") }.contains("compact layout"))
        try tmux.keys(["Escape"])
        try expectUsableTerminal(tmux, exit: 0)
    }

    @Test("Ctrl-C, SIGTERM and SIGHUP end the pad and restore the terminal", arguments: ["C-c", "TERM", "HUP"])
    func signals(_ signal: String) throws {
        let tmux = try start()
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: output) }
        try tmux.keys(["Space"])
        let expected: Int
        switch signal {
        case "C-c":
            try tmux.keys(["C-c"])
            expected = 130
        default:
            let pid = try #require(try tmux.foregroundPID())
            kill(pid, signal == "TERM" ? SIGTERM : SIGHUP)
            expected = signal == "TERM" ? 143 : 129
        }
        try expectUsableTerminal(tmux, exit: expected)
    }

    @Test("with no terminal at all, a clear error at once, not a hang")
    func noTerminal() throws {
        let start = Date()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["--wait", DigitsBinary.path, "draw"]
        let errors = Pipe()
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("digits draw needs a terminal"))
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test("s saves the drawing as a PGM and says where; the file reads as the digit drawn")
    func save() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        let tmux = try Tmux(columns: 100, lines: 40, term: "tmux-256color")
        defer { tmux.kill(); try? FileManager.default.removeItem(atPath: directory) }
        try tmux.type("'\(DigitsBinary.path)' draw --save-directory '\(directory)' > '\(output)'; echo \"EXIT=$?\"")
        try tmux.waitFor { $0.contains("digits draw ·") }
        try tmux.keys(Array(repeating: "k", count: 10))
        for _ in 0..<19 { try tmux.keys(["Space", "j"]) }
        try tmux.keys(["s"])
        let screen = try tmux.waitFor { $0.contains("saved ") }
        let saved = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(saved.count == 1 && saved[0].hasPrefix("digit-") && saved[0].hasSuffix(".pgm"))
        #expect(screen.contains("\(saved.first ?? "?")"), "the status line names the file")
        let classified = try DigitsBinary.run(["classify", directory + "/" + (saved.first ?? "")])
        #expect(classified.stdout.contains(": 1 ("), "\(classified.stdout)")
        try tmux.keys(["q"])
        try expectUsableTerminal(tmux, exit: 0)
        try? FileManager.default.removeItem(atPath: output)
    }

    @Test("a terminal type ncurses does not know gives a clear error")
    func unknownTerminal() throws {
        let tmux = try Tmux(columns: 100, lines: 30, term: "tmux-256color")
        defer { tmux.kill() }
        try tmux.type("TERM=no-such-terminal '\(DigitsBinary.path)' draw; echo \"EXIT=$?\"")
        let screen = try tmux.waitFor { $0.firstMatch(of: /EXIT=\d/) != nil }
        #expect(screen.contains("cannot drive the terminal type \"no-such-terminal\""))
        #expect(screen.contains("EXIT=1"))
    }
}
