/// Pictures of whole numbers made of MNIST digits, to measure reading numbers without any
/// held-out set: 2 to 7 digits side by side, dark on white, each at its own height.
public enum ComposedNumbers: String, CaseIterable, Sendable {
    /// 28×28 digits with clear gaps between their ink, from 3 to 12 pixels.
    case spaced
    /// 28×28 digits whose ink touches or overlaps by up to 3 pixels.
    case touching
    /// Digits reduced to 8×8 with 17 gray levels, as old scan databases hold them, 1 to 3 pixels apart.
    case coarse

    public struct Sample: Sendable {
        public let picture: GrayImage
        public let number: String
    }

    /// `count` numbers drawn with `seed` from `digits` (28×28, 0 background … 255 ink).
    public func samples(_ count: Int, from digits: LabelledImages, seed: UInt64) -> [Sample] {
        precondition(digits.rows == 28 && digits.columns == 28 && digits.count > 0, "numbers are made of MNIST's 28×28 images")
        var random = SplitMix64(seed: seed ^ 0x4E55_4D42_4552)
        return (0..<count).map { _ in
            let length = 2 + Int(random.next() % 6)
            let pictures = (0..<length).map { _ in
                let index = Int(random.next() % UInt64(digits.count))
                return (label: digits.labels[index], ink: inkColumns(of: digits.image(index)))
            }
            return compose(pictures, random: &random)
        }
    }

    /// A digit's picture in this kind's resolution, cut to its ink's columns: ink levels, row-major.
    private func inkColumns(of pixels: ArraySlice<UInt8>) -> (width: Int, height: Int, ink: [Float]) {
        let picture = self == .coarse ? DigitStyle.coarse.picture(of: pixels) : DigitStyle.mnist.picture(of: pixels)
        let ink = picture.brightness.map { 1 - $0 }
        let (width, height) = (picture.width, picture.height)
        guard let box = InkBox(ink, width: width, height: height, isInk: { $0 > 0.1 }) else {
            return (1, height, [Float](repeating: 0, count: height))
        }
        let (left, right, cropWidth) = (box.left, box.right, box.width)
        var cropped: [Float] = []
        for row in 0..<height { cropped += ink[(row * width + left)...(row * width + right)] }
        return (cropWidth, height, cropped)
    }

    private func compose(_ digits: [(label: UInt8, ink: (width: Int, height: Int, ink: [Float]))], random: inout SplitMix64) -> Sample {
        let (gaps, shift, margin) = switch self {
        case .spaced: (3...12, 3, 6)
        case .touching: (-3...0, 3, 6)
        case .coarse: (1...3, 1, 2)
        }
        func draw(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
        let height = (digits.map(\.ink.height).max() ?? 0) + 2 * shift + 2 * margin
        var placements: [(x: Int, y: Int)] = []
        var x = margin
        for (index, digit) in digits.enumerated() {
            if index > 0 { x += draw(gaps) }
            placements.append((x, margin + shift + draw(-shift...shift)))
            x += digit.ink.width
        }
        let width = x + margin
        var ink = [Float](repeating: 0, count: width * height)
        for (digit, place) in zip(digits, placements) {
            for row in 0..<digit.ink.height {
                for column in 0..<digit.ink.width {
                    let index = (place.y + row) * width + place.x + column
                    ink[index] = max(ink[index], digit.ink.ink[row * digit.ink.width + column])
                }
            }
        }
        return Sample(picture: GrayImage(width: width, height: height, brightness: ink.map { 1 - $0 }),
                      number: digits.map { String($0.label) }.joined())
    }
}
