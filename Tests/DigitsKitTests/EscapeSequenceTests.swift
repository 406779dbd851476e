import DigitsKit
import Testing

/// The pad's reading of what follows ESC: only Escape pressed alone quits, every sequence is read
/// to its end, and mouse reports that came in two reads are still mouse reports.
@Suite struct EscapeSequenceTests {
    /// Reads `bytes` (what follows ESC) as the terminal would deliver them, nil once they run out.
    static func read(_ bytes: String) -> (EscapeSequence, left: Int) {
        var rest = Array(bytes.utf8).map(Int32.init)[...]
        let sequence = EscapeSequence.read { rest.popFirst() }
        return (sequence, rest.count)
    }

    @Test("sequences the pad does not use are read whole and ignored", arguments: [
        "[25~",  // F13, missing from most terminfo entries
        "[I", "[O",  // focus in and out
        "x", "q",  // Alt+x, Alt+q
        "OP",  // F1 in SS3 form
        "[1;5C",  // Ctrl+Right
        "]0;title\u{7}",  // an OSC string
    ])
    func ignored(bytes: String) {
        let (sequence, left) = Self.read(bytes)
        #expect(sequence == .ignored)
        #expect(left == 0, "the whole sequence is consumed, so none of it is typed afterwards")
    }

    @Test("ESC with nothing after it is Escape pressed alone")
    func alone() {
        #expect(Self.read("").0 == .alone)
    }

    @Test("a mouse report whose ESC came in an earlier read is decoded, SGR and X10")
    func splitMouse() {
        #expect(Self.read("[<0;20;10M").0 == .mouse(MouseReport(action: .press, button: 0, line: 9, column: 19)))
        #expect(Self.read("[<0;21;10m").0 == .mouse(MouseReport(action: .release, button: 0, line: 9, column: 20)))
        #expect(Self.read("[M !!").0 == .mouse(MouseReport(action: .press, button: 0, line: 0, column: 0)))
    }

    @Test("bracketed paste marks are recognised, and the text after a mark is left for the caller to skip")
    func paste() {
        let (start, left) = Self.read("[200~cq")
        #expect(start == .pasteStart && left == 2)
        #expect(Self.read("[201~").0 == .pasteEnd)
    }

    @Test("a sequence cut off or broken by a key code is ignored, never read without bound")
    func broken() {
        #expect(Self.read("[12").0 == .ignored)
        var calls = 0
        let endless = EscapeSequence.read {
            calls += 1
            return 0x31  // '1' for ever: parameters with no final byte
        }
        #expect(endless == .ignored && calls < 100)
        var codes: [Int32] = [0x102, 0x5B]
        #expect(EscapeSequence.read { codes.popLast() } == .ignored)
    }
}
