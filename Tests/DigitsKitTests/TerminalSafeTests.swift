import DigitsKit
import Testing

@Suite struct TerminalSafeTests {
    @Test("control characters in a name are spelled out; other text is unchanged")
    func escapes() {
        #expect("evil\u{1B}]0;pwned\u{7}.png".terminalSafe == "evil\\x1b]0;pwned\\x7.png")
        #expect("a\nb\tc\u{9B}d\u{7F}".terminalSafe == "a\\nb\\tc\\x9bd\\x7f")
        #expect("sept.png ✓ 7".terminalSafe == "sept.png ✓ 7")
        #expect("two\nlines\u{1B}[2J".escapingControls(keepingNewlines: true) == "two\nlines\\x1b[2J")
    }

    @Test("counts and sizes read as people read them")
    func quantities() {
        #expect(Quantity.count(11_400_000_000) == "11.4 G")
        #expect(Quantity.count(2_690_000) == "2.69 M")
        #expect(Quantity.count(512) == "512")
        #expect(Quantity.bytes(256 << 20) == "256 MiB")
        #expect(Quantity.bytes(54_616) == "53.3 KiB")
    }
}
