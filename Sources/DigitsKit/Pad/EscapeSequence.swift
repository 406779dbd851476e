/// What follows an ESC byte that the terminal library did not take for a key it knows: a lone
/// Escape press, a mouse report whose bytes came in two reads, the marks around a paste, or a
/// sequence the pad has no use for (Alt+key, an F-key missing from terminfo, a focus report).
///
/// Reading the whole sequence matters: were the pad to quit on its ESC, the rest of it would be
/// typed into the user's shell.
public enum EscapeSequence: Equatable, Sendable {
    case alone
    case mouse(MouseReport)
    /// Bracketed paste (`ESC [ 200 ~` … `ESC [ 201 ~`): what lies between is text, not keys.
    case pasteStart, pasteEnd
    case ignored

    /// Reads the rest of a sequence after ESC. `next` gives the next byte, or nil when none comes
    /// in time; a key code outside 0…255 (one the library decoded itself) ends the sequence.
    public static func read(_ next: () -> Int32?) -> EscapeSequence {
        guard let first = next() else { return .alone }
        switch first {
        case 0x5B: return controlSequence(next)  // [
        case 0x4F:  // O: SS3, one more byte (F1–F4, the keypad)
            _ = next()
            return .ignored
        case 0x5D, 0x50, 0x5F, 0x5E:  // ] P _ ^: a string, ended by BEL or ESC \
            for _ in 0..<maximumString {
                guard let byte = next(), byte != 0x07 else { break }
                if byte == 0x1B {
                    _ = next()
                    break
                }
            }
            return .ignored
        default:
            return .ignored  // Alt+key: ESC, then the key
        }
    }

    /// `ESC [`, then parameters (0x30–0x3F) and intermediates (0x20–0x2F) up to a final byte
    /// (0x40–0x7E); mouse reports have their own shapes.
    private static func controlSequence(_ next: () -> Int32?) -> EscapeSequence {
        guard let first = next() else { return .ignored }
        if first == 0x4D {  // M: X10 mouse, three bytes
            var bytes: [Int32] = []
            for _ in 0..<3 {
                guard let byte = next() else { return .ignored }
                bytes.append(byte)
            }
            return MouseReport.x10(bytes).map(EscapeSequence.mouse) ?? .ignored
        }
        var body = [first]
        while body.count < maximumControl {
            let last = body[body.count - 1]
            guard (0x20...0x3F).contains(last) else { break }
            guard let byte = next() else { return .ignored }
            body.append(byte)
        }
        guard let final = body.last, (0x40...0x7E).contains(final), body.dropLast().allSatisfy({ (0x20...0x3F).contains($0) }) else {
            return .ignored
        }
        let text = String(decoding: body.map { UInt8($0) }, as: UTF8.self)
        if text.hasPrefix("<"), final == 0x4D || final == 0x6D {
            return MouseReport.sgr(String(text.dropFirst().dropLast()), final: final == 0x4D ? "M" : "m").map(EscapeSequence.mouse) ?? .ignored
        }
        return switch text {
        case "200~": .pasteStart
        case "201~": .pasteEnd
        default: .ignored
        }
    }

    private static let maximumControl = 64
    private static let maximumString = 4096
}
