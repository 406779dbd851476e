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

    /// A cross: the answer "not a digit".
    private static let notADigit = ["#  #", " ## ", " ## ", " ## ", "#  #"]

    /// The lines of `digit`, or of the cross for nil, each glyph column doubled so the strokes look square.
    static func lines(_ digit: Int?, unicode: Bool) -> [String] {
        (digit.map { glyphs[$0] } ?? notADigit).map { row in
            String(row.flatMap { character -> [Character] in
                character == "#" ? Array(repeating: unicode ? "█" : "#", count: 2) : [" ", " "]
            })
        }
    }
}
