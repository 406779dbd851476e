import CNCurses
import DigitsKit
import Synchronization

/// An ncurses session on the controlling terminal, so that standard output stays free for the
/// result (`guess=$(digits draw)` works).
///
/// `close()` restores the terminal and is safe to call more than once; the owner calls it with
/// `defer`, and signals only set flags that the event loop checks, so every path out of the pad,
/// Ctrl-C, SIGTERM and SIGHUP included, goes through it.
public final class TerminalSession {
    public enum Failure: Error, CustomStringConvertible {
        case noTerminal(reason: String)
        case unknownTerminal(name: String)

        public var description: String {
            switch self {
            case let .noTerminal(reason): "digits draw needs a terminal: cannot open /dev/tty: \(reason)"
            case let .unknownTerminal(name): "digits draw cannot drive the terminal type \"\(name)\"; set TERM to e.g. xterm-256color"
            }
        }
    }

    public enum Event {
        case key(Int32)
        case mouse(MouseReport)
        case resize
        case signal(Int32)
        case idle
    }

    /// The last of SIGINT, SIGTERM, SIGHUP received, or 0.
    private static let pendingSignal = Atomic<Int32>(0)

    private let tty: UnsafeMutablePointer<FILE>
    private let screen: OpaquePointer
    private var isOpen = true
    public let supportsColor: Bool
    public let unicode: Bool
    /// The terminal reports the mouse in SGR form (`ESC [ <`) rather than X10 (`ESC [ M`); nil
    /// when the terminal description has no mouse at all.
    private let sgrMouse: Bool?

    /// - Parameter color: Whether color may be used (off with `NO_COLOR` or `--color never`).
    public init(unicode: Bool, color: Bool = true) throws(Failure) {
        guard let tty = fopen("/dev/tty", "r+") else { throw .noTerminal(reason: String(cString: strerror(errno))) }
        // Set before ncurses starts, so that it keeps our handlers and installs only its own for
        // SIGWINCH (which becomes KEY_RESIZE). The flag is a lazily initialised global: it is
        // touched here first, so that no handler ever runs its one-time initialiser.
        Self.pendingSignal.store(0, ordering: .relaxed)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number) { TerminalSession.pendingSignal.store($0, ordering: .relaxed) }
        }
        setlocale(LC_ALL, "")
        let name = getenv("TERM").map { String(cString: $0) } ?? ""
        guard let screen = newterm(nil, tty, tty) else {
            fclose(tty)
            for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
            throw .unknownTerminal(name: name)
        }
        self.tty = tty
        self.screen = screen
        self.unicode = unicode
        set_term(screen)
        cbreak()
        noecho()
        keypad(cn_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        wtimeout(cn_stdscr(), 100)
        supportsColor = color && has_colors() && start_color() == OK && cn_colors() >= 256 && cn_color_pairs() >= 300
        if supportsColor { use_default_colors() }
        // Mouse reports are decoded here rather than by ncurses, whose decoder drops a button
        // press that arrives in one read with the motion after it, as fast strokes do. The
        // terminal's mouse key (kmous) tells the encoding; with keypad on, ncurses returns
        // KEY_MOUSE for it and leaves the report's body to us.
        let mouseKey = tigetstr("kmous").flatMap { Int(bitPattern: $0) == -1 ? nil : String(cString: $0) }
        sgrMouse = mouseKey.map { $0.hasSuffix("[<") }
        // Button and any-motion tracking (xterm 1000 and 1003), so a drag reports every cell it crosses.
        if let sgrMouse { write("\u{1B}[?1000h\u{1B}[?1003h" + (sgrMouse ? "\u{1B}[?1006h" : "")) }
        // Bracketed paste: a pasted text arrives marked, so its letters are not taken for commands.
        write("\u{1B}[?2004h")
    }

    /// Restores the terminal: mouse tracking off, curses ended. Idempotent.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        write("\u{1B}[?2004l")
        if let sgrMouse { write((sgrMouse ? "\u{1B}[?1006l" : "") + "\u{1B}[?1003l\u{1B}[?1000l") }
        // Whatever is still unread (the rest of a sequence, keys typed while quitting) belongs
        // to the pad, not to the shell that gets the terminal back.
        flushinp()
        endwin()
        tcflush(fileno(tty), TCIFLUSH)
        delscreen(screen)
        fclose(tty)
        for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
    }

    public var size: (columns: Int, lines: Int) { (Int(cn_cols()), Int(cn_lines())) }

    /// The next key, mouse report, resize or signal; `.idle` after `milliseconds` with none.
    public func nextEvent(waiting milliseconds: Int32 = 100) -> Event {
        let pending = Self.pendingSignal.exchange(0, ordering: .relaxed)
        if pending != 0 { return .signal(pending) }
        wtimeout(cn_stdscr(), milliseconds)
        let key = wgetch(cn_stdscr())
        wtimeout(cn_stdscr(), 100)
        switch key {
        case ERR:
            let late = Self.pendingSignal.exchange(0, ordering: .relaxed)
            return late != 0 ? .signal(late) : .idle
        case KEY_RESIZE:
            return .resize
        case KEY_MOUSE:
            // The terminal's mouse key prefix has been read; the report's body follows.
            return withSequenceTimeout { readMouseReport() }.map(Event.mouse) ?? .idle
        case 27:
            // ncurses gives ESC alone when what follows is no key it knows, or comes late.
            switch withSequenceTimeout({ EscapeSequence.read(nextByte) }) {
            case .alone: return .key(27)
            case let .mouse(report): return .mouse(report)
            case .pasteStart:
                skipPaste()
                return .idle
            case .pasteEnd, .ignored: return .idle
            }
        default:
            return .key(key)
        }
    }

    /// How long the rest of a sequence may take to arrive: a slow link splits one into reads
    /// tens of milliseconds apart, and a lone Escape press only has to wait this long to count.
    private static let sequenceTimeout: Int32 = 150

    private func withSequenceTimeout<T>(_ body: () -> T) -> T {
        wtimeout(cn_stdscr(), Self.sequenceTimeout)
        defer { wtimeout(cn_stdscr(), 100) }
        return body()
    }

    private func nextByte() -> Int32? {
        let key = wgetch(cn_stdscr())
        return key == ERR ? nil : key
    }

    /// Discards a pasted text up to its end mark, or until the input pauses for a second.
    private func skipPaste() {
        defer { wtimeout(cn_stdscr(), 100) }
        while true {
            wtimeout(cn_stdscr(), 1000)
            guard let key = nextByte() else { return }
            if key == 27, withSequenceTimeout({ EscapeSequence.read(nextByte) }) == .pasteEnd { return }
        }
    }

    private func readMouseReport() -> MouseReport? {
        guard let sgrMouse else { return nil }
        if !sgrMouse {
            var bytes: [Int32] = []
            for _ in 0..<3 { bytes.append(wgetch(cn_stdscr())) }
            return MouseReport.x10(bytes)
        }
        var parameters = ""
        for _ in 0..<16 {
            let key = wgetch(cn_stdscr())
            guard key >= 0, key < 128 else { return nil }
            let character = Character(UnicodeScalar(UInt8(key)))
            if character == "M" || character == "m" { return MouseReport.sgr(parameters, final: character) }
            parameters.append(character)
        }
        return nil
    }

    private func write(_ sequence: String) {
        fputs(sequence, tty)
        fflush(tty)
    }
}
