import DigitsKit
import Testing

@Suite struct ShadeRendererTests {
    @Test("UTF-8 is read from LC_ALL, then LC_CTYPE, then LANG, in any spelling")
    func locale() {
        #expect(ShadeRenderer.localeIsUTF8(environment: ["LANG": "en_US.UTF-8"]))
        #expect(ShadeRenderer.localeIsUTF8(environment: ["LC_CTYPE": "C.utf8", "LANG": "C"]))
        #expect(!ShadeRenderer.localeIsUTF8(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"]))
        #expect(ShadeRenderer.localeIsUTF8(environment: ["LC_ALL": "", "LANG": "de_DE.UTF-8"]))
        #expect(!ShadeRenderer.localeIsUTF8(environment: [:]))
    }

    @Test("two characters per pixel, darkest shade for full ink, ASCII without UTF-8")
    func render() {
        let unicode = ShadeRenderer(unicode: true).render([0, 255, 128, 0], rows: 2, columns: 2).split(separator: "\n")
        #expect(unicode == ["┌────┐", "│  ██│", "│▒▒  │", "└────┘"])
        let ascii = ShadeRenderer(unicode: false).render([0, 255], rows: 1, columns: 2).split(separator: "\n")
        #expect(ascii == ["+----+", "|  @@|", "+----+"])
    }
}
