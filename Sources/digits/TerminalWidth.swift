import DigitsKit

/// The terminal's width in columns: its own report, else `COLUMNS`, else 80.
enum TerminalWidth {
    static var current: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) }.map { max($0, 40) } ?? 80
    }
}
