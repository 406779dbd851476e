import Foundation

/// A tmux session running a shell, for driving `digits draw` as a person at a terminal would.
struct Tmux {
    let name: String
    let socket: String

    /// Starts a session of `columns` × `lines` running bash with `environment` set.
    init(columns: Int, lines: Int, term: String) throws {
        name = "digits-" + UUID().uuidString.prefix(8)
        socket = NSTemporaryDirectory() + name + ".sock"
        try run(["new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(lines)",
                 "env -u NO_COLOR TERM=\(term) LANG=C.UTF-8 PS1='$ ' bash --norc --noprofile"])
        try run(["set-option", "-t", name, "status", "off"])
    }

    /// Types a command line and Enter.
    func type(_ line: String) throws {
        try run(["send-keys", "-t", name, "-l", line])
        try run(["send-keys", "-t", name, "Enter"])
    }

    /// Sends tmux key names (e.g. "Space", "Enter", "C-c").
    func keys(_ names: [String]) throws {
        try run(["send-keys", "-t", name] + names)
    }

    /// Sends bytes literally, as a terminal would for mouse reports.
    func literal(_ text: String) throws {
        try run(["send-keys", "-t", name, "-l", text])
    }

    /// Sends raw bytes, whatever they are (ESC alone, a partial sequence).
    func bytes(_ bytes: [UInt8]) throws {
        try run(["send-keys", "-t", name, "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    func resize(columns: Int, lines: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(columns)", "-y", "\(lines)"])
    }

    /// The screen with its color and attribute escape sequences.
    func coloredScreen() throws -> String {
        String(decoding: try run(["capture-pane", "-e", "-p", "-t", name]), as: UTF8.self)
    }

    func screen() throws -> String {
        String(decoding: try run(["capture-pane", "-p", "-t", name]), as: UTF8.self)
    }

    /// Polls the screen until `predicate` holds, for up to `seconds`; returns the last screen.
    @discardableResult
    func waitFor(seconds: Double = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return last
    }

    /// The process ID of the program running in the shell (the shell's child).
    func foregroundPID() throws -> Int32? {
        let shell = String(decoding: try run(["list-panes", "-t", name, "-F", "#{pane_pid}"]), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children?.split(separator: " ").first.flatMap { Int32($0) }
    }

    func kill() {
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
    }

    /// Runs tmux through popen, which waits only for the tmux client: the server that
    /// `new-session` starts lives on holding whatever it inherited, which makes Foundation's
    /// `Process.waitUntilExit` wait for it too.
    @discardableResult
    private func run(_ arguments: [String]) throws -> Data {
        let quoted = (["/usr/bin/tmux", "-S", socket] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        guard let pipe = popen(quoted.joined(separator: " ") + " 2>/dev/null", "r") else {
            throw CocoaError(.fileReadUnknown)
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        pclose(pipe)
        return data
    }
}

/// Reads the prediction panel off a captured screen: the percentage on each digit's bar.
enum PadScreen {
    static func probabilities(_ screen: String) -> [Int: Double] {
        var result: [Int: Double] = [:]
        for line in screen.split(separator: "\n") {
            guard let match = line.firstMatch(of: /([0-9]) [█░#.]{14} +([0-9.]+)%/) else { continue }
            result[Int(match.1)!] = Double(match.2)
        }
        return result
    }

    /// The digit with the largest percentage; nil unless all ten are shown and one is largest (a
    /// panel of ten 0.0% bars, when the pad says "not a digit", names no digit).
    static func guess(_ screen: String) -> Int? {
        let probabilities = probabilities(screen)
        guard probabilities.count == 10, let top = probabilities.values.max(),
              probabilities.values.filter({ $0 == top }).count == 1 else { return nil }
        return probabilities.first { $0.value == top }?.key
    }
}

/// Mouse reports as a terminal sends them.
enum MouseBytes {
    /// X10: ESC [ M, 32 + code, 33 + column, 33 + line (code 0 press, 32 drag with button 1, 3 release).
    static func x10(code: Int, line: Int, column: Int) -> String {
        "\u{1B}[M" + String(UnicodeScalar(UInt8(32 + code))) + String(UnicodeScalar(UInt8(33 + column))) + String(UnicodeScalar(UInt8(33 + line)))
    }

    /// SGR: ESC [ < code ; column ; line M (m for release), 1-based.
    static func sgr(code: Int, line: Int, column: Int, release: Bool = false) -> String {
        "\u{1B}[<\(code);\(column + 1);\(line + 1)" + (release ? "m" : "M")
    }
}
