/// Draws a grayscale image as text: two characters per pixel so that pixels look square.
public struct ShadeRenderer: Sendable {
    /// Unicode block shades from background to full ink.
    public static let unicodeRamp: [Character] = [" ", "░", "▒", "▓", "█"]
    /// For terminals whose locale is not UTF-8.
    public static let asciiRamp: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    public let ramp: [Character]

    public init(unicode: Bool) {
        ramp = unicode ? Self.unicodeRamp : Self.asciiRamp
    }

    /// A renderer for this process's locale: Unicode shades when it is UTF-8, ASCII otherwise.
    public static func forCurrentLocale() -> ShadeRenderer {
        ShadeRenderer(unicode: currentLocaleIsUTF8)
    }

    public static var currentLocaleIsUTF8: Bool { localeIsUTF8(environment: ProcessInfo.processInfo.environment) }

    /// True when the locale's character set is UTF-8, judged as the C library does: LC_ALL, then
    /// LC_CTYPE, then LANG.
    public static func localeIsUTF8(environment: [String: String]) -> Bool {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let normalized = String(locale.lowercased().filter { $0 != "-" })
        return normalized.contains("utf8")
    }

    /// The character for an ink level (0 background … 1 full ink).
    public func shade(_ ink: Float) -> Character {
        let clamped = min(max(ink, 0), 1)
        return ramp[min(ramp.count - 1, Int((clamped * Float(ramp.count - 1)).rounded()))]
    }

    /// Renders bytes (0 background … 255 ink) row by row, framed so that the image's extent shows.
    public func render(_ pixels: some Collection<UInt8>, rows: Int, columns: Int) -> String {
        let values = Array(pixels)
        precondition(values.count == rows * columns, "pixel count does not match the size")
        let horizontal = String(repeating: ramp.count == Self.unicodeRamp.count ? "─" : "-", count: columns * 2)
        let (topLeft, topRight, bottomLeft, bottomRight, vertical) =
            ramp.count == Self.unicodeRamp.count ? ("┌", "┐", "└", "┘", "│") : ("+", "+", "+", "+", "|")
        var lines = [topLeft + horizontal + topRight]
        for row in 0..<rows {
            var line = vertical
            for column in 0..<columns {
                let character = shade(Float(values[row * columns + column]) / 255)
                line.append(character)
                line.append(character)
            }
            lines.append(line + vertical)
        }
        lines.append(bottomLeft + horizontal + bottomRight)
        return lines.joined(separator: "\n")
    }
}
