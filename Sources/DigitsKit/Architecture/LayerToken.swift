/// One comma-separated piece of an `--arch` spec, read as a name, the size written right after it,
/// and the colon-separated options: `conv5:16:s2:p2` is `conv`, 5 and `16`, `s2`, `p2`.
struct LayerToken {
    /// The piece as the user wrote it, for errors.
    let raw: String
    let head: String
    let options: [String]

    init(_ raw: String) {
        self.raw = raw
        let fields = String(raw.filter { $0 != " " }).lowercased().split(separator: ":", omittingEmptySubsequences: false)
        head = String(fields[0])
        options = fields.dropFirst().map(String.init)
    }

    /// Whether the head is `name`, or `name` followed by digits.
    func isNamed(_ name: String) -> Bool {
        head.hasPrefix(name) && head.dropFirst(name.count).allSatisfy(\.isASCIIDigit)
    }

    /// The positive number right after `name` in the head, as the 3 of `conv3`.
    func size(after name: String) -> Int? {
        Int(head.dropFirst(name.count)).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Options such as `s2` and `p1` from `position` on: each letter from `letters` at most once,
    /// with a number of 0 or more; nil for anything else.
    func lettered(from position: Int, letters: Set<Character>) -> [Character: Int]? {
        var values: [Character: Int] = [:]
        for option in options.dropFirst(position) {
            guard let letter = option.first, letters.contains(letter), values[letter] == nil,
                  let value = Int(option.dropFirst()), value >= 0
            else { return nil }
            values[letter] = value
        }
        return values
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
