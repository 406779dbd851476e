/// How well a reader reads a set of numbers: whole numbers right, digits right, time per picture.
public struct NumberCheck: Sendable {
    public let pictures: Int
    /// Pictures whose every digit was read, and nothing else.
    public let wholeNumbersRight: Int
    public let digits: Int
    /// Digits read right, after aligning what was read with the truth (edit distance), so that one
    /// digit missed or split does not count every digit after it wrong.
    public let digitsRight: Int
    public let seconds: Double

    public var wholeNumberAccuracy: Double { Double(wholeNumbersRight) / Double(max(pictures, 1)) }
    public var digitAccuracy: Double { Double(digitsRight) / Double(max(digits, 1)) }
    public var millisecondsPerPicture: Double { seconds * 1000 / Double(max(pictures, 1)) }

    /// Reads each picture and compares it with its number.
    public static func run(_ reader: NumberReader, on samples: [ComposedNumbers.Sample]) -> NumberCheck {
        var whole = 0, digits = 0, digitsRight = 0
        let start = ContinuousClock.now
        for sample in samples {
            let read = (try? reader.read(sample.picture).number) ?? ""
            if read == sample.number { whole += 1 }
            digits += sample.number.count
            digitsRight += max(0, sample.number.count - editDistance(Array(sample.number), Array(read)))
        }
        return NumberCheck(pictures: samples.count, wholeNumbersRight: whole, digits: digits, digitsRight: digitsRight,
                           seconds: start.secondsElapsed)
    }

    /// Levenshtein distance: the fewest insertions, deletions and substitutions from `a` to `b`.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1]
            for (j, right) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
