extension String {
    /// The string with every control character spelled out (`\x1b`, `\n`, `\t`), so that a file
    /// name printed to a terminal cannot move the cursor, retitle the window or clear the screen.
    public var terminalSafe: String { escapingControls(keepingNewlines: false) }

    /// As `terminalSafe`, but line breaks stay: for messages of several lines.
    public func escapingControls(keepingNewlines: Bool) -> String {
        guard unicodeScalars.contains(where: { Self.isControl($0) }) else { return self }
        var result = ""
        for scalar in unicodeScalars {
            if keepingNewlines && scalar == "\n" || !Self.isControl(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                let escaped = switch scalar {
                case "\n": "\\n"
                case "\t": "\\t"
                case "\r": "\\r"
                default: "\\x" + String(scalar.value, radix: 16)
                }
                result += escaped
            }
        }
        return result
    }

    /// C0 controls, DEL and the C1 controls, which terminals also obey.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
