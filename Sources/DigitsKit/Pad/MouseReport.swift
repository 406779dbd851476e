/// A mouse report from an xterm-compatible terminal, decoded.
///
/// Two encodings exist: X10/normal, `ESC [ M` then three bytes (32 + code, 33 + column,
/// 33 + line), used by screen and tmux; and SGR, `ESC [ <` then `code;column;line` and `M` (press,
/// motion) or `m` (release), 1-based, used by xterm. In the code the low two bits are the button
/// (3: released, in X10), 32 marks motion and 64 the wheel.
public struct MouseReport: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        case press, drag, release
        /// Motion with no button held (any-motion tracking reports it too).
        case hover
    }

    public let action: Action
    /// 0 left, 1 middle, 2 right; nil when the report does not say (an X10 release).
    public let button: Int?
    /// 0-based terminal cell.
    public let line: Int
    public let column: Int

    public init(action: Action, button: Int?, line: Int, column: Int) {
        self.action = action
        self.button = button
        self.line = line
        self.column = column
    }

    /// The three bytes that follow `ESC [ M`.
    public static func x10(_ bytes: [Int32]) -> MouseReport? {
        guard bytes.count == 3, bytes.allSatisfy({ (32...255).contains($0) }), bytes[1] >= 33, bytes[2] >= 33 else { return nil }
        return decode(code: Int(bytes[0] - 32), released: false, line: Int(bytes[2] - 33), column: Int(bytes[1] - 33))
    }

    /// The text between `ESC [ <` and the final `M` or `m`.
    public static func sgr(_ parameters: String, final: Character) -> MouseReport? {
        let fields = parameters.split(separator: ";").compactMap { Int($0) }
        guard fields.count == 3, final == "M" || final == "m", fields[1] >= 1, fields[2] >= 1 else { return nil }
        return decode(code: fields[0], released: final == "m", line: fields[2] - 1, column: fields[1] - 1)
    }

    private static func decode(code: Int, released: Bool, line: Int, column: Int) -> MouseReport? {
        guard code & 64 == 0 else { return nil }  // the wheel: not drawing
        let button = code & 3
        let action: Action
        if released {
            action = .release
        } else if code & 32 != 0 {
            action = button == 3 ? .hover : .drag
        } else {
            action = button == 3 ? .release : .press
        }
        return MouseReport(action: action, button: button == 3 ? nil : button, line: line, column: column)
    }
}
