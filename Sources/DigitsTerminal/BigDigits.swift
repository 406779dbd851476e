/// Five-line glyphs for the top guess, drawn large beside the canvas.
enum BigDigits {
    static let height = 5
    static let width = 8

    private static let glyphs: [[String]] = [
        ["####", "#  #", "#  #", "#  #", "####"],
        ["  # ", " ## ", "  # ", "  # ", " ###"],
        ["####", "   #", "####", "#   ", "####"],
        ["####", "   #", " ###", "   #", "####"],
        ["#  #", "#  #", "####", "   #", "   #"],
        ["####", "#   ", "####", "   #", "####"],
        ["####", "#   ", "####", "#  #", "####"],
        ["####", "   #", "  # ", " #  ", " #  "],
        ["####", "#  #", "####", "#  #", "####"],
        ["####", "#  #", "####", "   #", "####"],
    ]

    /// The lines of `digit`, each glyph column doubled so the strokes look square.
    static func lines(_ digit: Int, unicode: Bool) -> [String] {
        glyphs[digit].map { row in
            String(row.flatMap { character -> [Character] in
                character == "#" ? Array(repeating: unicode ? "█" : "#", count: 2) : [" ", " "]
            })
        }
    }
}
