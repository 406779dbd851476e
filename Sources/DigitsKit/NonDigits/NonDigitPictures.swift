/// Pictures that are not digits, made from a seed and preprocessed as `classify` preprocesses a
/// picture, so that the "not a digit" output learns from what it will be shown. Labelled
/// `NonDigitPictures.label`, the output after the ten digits.
public enum NonDigitPictures {
    public static let label: UInt8 = 10
    /// The side of the square canvas that letters, scribbles, shapes, textures and noise are drawn on.
    static let side = 40

    /// `count` pictures, 28×28, each from its own stream of `seed`; pairs and fragments are made
    /// from `digits` (MNIST's training digits, labels 0–9).
    public static func make(_ count: Int, seed: UInt64, digits: LabelledImages) -> LabelledImages {
        precondition(digits.count > 0 && digits.rows == 28 && digits.columns == 28, "pairs and fragments need 28×28 digits")
        var pixels: [UInt8] = []
        pixels.reserveCapacity(count * 28 * 28)
        let preprocessor = DigitPreprocessor(polarity: .lightInk)
        for index in 0..<count {
            var generator = SplitMix64(seed: SeedStreams.nonDigit(seed, picture: index))
            pixels += picture(NonDigitKind.of(index), generator: &generator, digits: digits, preprocessor: preprocessor)
        }
        return LabelledImages(rows: 28, columns: 28, pixels: pixels, labels: [UInt8](repeating: label, count: count))
    }

    /// `count` training digits drawn by `seed`, re-drawn with the pad's pen (`DigitStyle.strokes`)
    /// and keeping their labels. Most non-digits are pen-drawn, so without these the pen's look
    /// alone would come to mean "not a digit", and digits drawn on the pad would be rejected.
    public static func penDrawnDigits(_ count: Int, seed: UInt64, digits: LabelledImages) -> LabelledImages {
        var generator = SplitMix64(seed: SeedStreams.penDrawnDigits(seed))
        let chosen = (0..<count).map { _ in Int(generator.next() % UInt64(digits.count)) }
        return DigitStyle.strokes.restyle(digits.subset(chosen))
    }

    /// `count` typeset digits (`TypesetGlyphs`), each from its own stream of `seed`, placed as
    /// the typeset non-digits are and keeping their labels: without them print itself would come
    /// to mean "not a digit", and a typeset number would be rejected.
    public static func typesetDigits(_ count: Int, seed: UInt64) -> LabelledImages {
        let glyphs = TypesetGlyphs.digits, preprocessor = DigitPreprocessor(polarity: .lightInk)
        var pixels: [UInt8] = [], labels: [UInt8] = []
        pixels.reserveCapacity(count * 28 * 28)
        for index in 0..<count {
            var generator = SplitMix64(seed: SeedStreams.typesetDigit(seed, picture: index))
            let glyph = Int(generator.next() % UInt64(glyphs.count))
            var canvas = Canvas(width: side, height: side)
            TypesetGlyphs.place(glyphs, glyph, on: &canvas, &generator)
            // A glyph fitted to 32 pixels and drawn at least 18 tall always leaves ink.
            pixels += (try? preprocessor.prepare(ink: canvas.ink, width: side, height: side))
                ?? [UInt8](repeating: 0, count: DigitPreprocessor.side * DigitPreprocessor.side)
            labels.append(glyphs.labels[glyph])
        }
        return LabelledImages(rows: 28, columns: 28, pixels: pixels, labels: labels)
    }

    /// A drawing of `kind`, preprocessed. A drawing can leave no ink above the noise floor (a faint
    /// texture), so it is drawn again a few times, the last time as noise; a blank picture only
    /// when not even that passes the preprocessor's noise floor.
    @_spi(Testing) public static func picture(
        _ kind: NonDigitKind, generator: inout SplitMix64, digits: LabelledImages, preprocessor: DigitPreprocessor
    ) -> [UInt8] {
        for attempt in 0..<redrawLimit {
            let (ink, width, height) = draw(attempt < redrawLimit - 1 ? kind : .noise, generator: &generator, digits: digits)
            if let picture = try? preprocessor.prepare(ink: ink, width: width, height: height) { return picture }
        }
        return [UInt8](repeating: 0, count: DigitPreprocessor.side * DigitPreprocessor.side)
    }

    static let redrawLimit = 4

    static func draw(_ kind: NonDigitKind, generator: inout SplitMix64, digits: LabelledImages) -> (ink: [Float], width: Int, height: Int) {
        switch kind {
        case .pair: return pair(&generator, digits: digits)
        case .fragment: return fragment(&generator, digits: digits)
        case .letter, .typeset, .scribble, .shape, .texture, .noise: break
        }
        var canvas = Canvas(width: side, height: side)
        switch kind {
        case .letter: letter(on: &canvas, &generator)
        case .typeset:
            let glyphs = TypesetGlyphs.nonDigits
            TypesetGlyphs.place(glyphs, Int(generator.next() % UInt64(glyphs.count)), on: &canvas, &generator)
        case .scribble: scribble(on: &canvas, &generator)
        case .shape: shape(on: &canvas, &generator)
        case .texture: texture(on: &canvas, &generator)
        case .noise, .pair, .fragment: noise(on: &canvas, &generator)
        }
        return (canvas.ink, side, side)
    }

    private static func pen(_ generator: inout SplitMix64) -> Brush { Brush(size: 1 + Int(generator.next() % 4)) }

    /// A glyph in a box of random size, aspect, slant and rotation, each point shaken a little.
    private static func letter(on canvas: inout Canvas, _ generator: inout SplitMix64) {
        let glyph = StrokeLetters.glyphs[Int(generator.next() % UInt64(StrokeLetters.glyphs.count))]
        let height = generator.next(in: 18...30), width = height * generator.next(in: 0.55...1.1)
        let shear = generator.next(in: -0.35...0.35), angle = generator.next(in: -0.25...0.25)
        // Up to the broadest brush: typeset letters are often bold.
        let shake = generator.next(in: 0...0.05), brush = Brush(size: 1 + Int(generator.next() % 5))
        let (c, s) = (cos(angle), sin(angle)), middle = Float(side) / 2
        for stroke in glyph {
            let points = stroke.map { point -> (x: Float, y: Float) in
                let u = point.x - 0.5 + generator.next(in: -shake...shake), v = point.y - 0.5 + generator.next(in: -shake...shake)
                let x = (u + shear * v) * width, y = v * height
                return (middle + c * x - s * y, middle + s * x + c * y)
            }
            canvas.stroke(through: points, brush: brush)
        }
    }

    /// One to three long strokes that wander with a turning heading: tangled, unlike a digit's
    /// few strokes.
    private static func scribble(on canvas: inout Canvas, _ generator: inout SplitMix64) {
        let brush = pen(&generator)
        for _ in 0..<(1 + Int(generator.next() % 3)) {
            var point = (x: generator.next(in: 8...32), y: generator.next(in: 8...32))
            var heading = generator.next(in: 0...(2 * .pi)), turn = generator.next(in: -0.6...0.6)
            var points = [point]
            for _ in 0..<(18 + Int(generator.next() % 30)) {
                turn = max(-1.2, min(1.2, turn + generator.next(in: -0.5...0.5)))
                heading += turn
                let step = generator.next(in: 2...5)
                point = (max(2, min(38, point.x + step * cos(heading))), max(2, min(38, point.y + step * sin(heading))))
                points.append(point)
            }
            canvas.stroke(through: points, brush: brush)
        }
    }

    /// A filled polygon, star or ellipse, or an outlined polygon or cross. Outlined ellipses are
    /// left out: a ring is how a zero is written.
    private static func shape(on canvas: inout Canvas, _ generator: inout SplitMix64) {
        let centre = (x: generator.next(in: 17...23), y: generator.next(in: 17...23))
        let radius = generator.next(in: 8...17), aspect = generator.next(in: 0.5...1.6)
        let turn = generator.next(in: 0...(2 * .pi))
        let style = generator.next() % 5
        if style == 0 { return canvas.fill(ellipse: centre, rx: radius, ry: min(radius * aspect, 18)) }
        // An outline of many sides is a ring.
        let sides = 3 + Int(generator.next() % (style == 3 ? 3 : 6)), star = style == 1
        let corners = (0..<(star ? 2 * sides : sides)).map { corner -> (x: Float, y: Float) in
            let angle = turn + 2 * .pi * Float(corner) / Float(star ? 2 * sides : sides)
            let reach = star && corner % 2 == 1 ? radius * 0.45 : radius
            return (centre.x + reach * cos(angle), centre.y + min(reach * aspect, 18) * sin(angle))
        }
        switch style {
        case 1, 2: canvas.fill(polygon: corners)
        case 3: canvas.stroke(through: corners + corners.prefix(1), brush: pen(&generator))
        default:
            let brush = pen(&generator)
            for corner in corners { canvas.stroke(through: [centre, corner], brush: brush) }
        }
    }

    /// A random coarse grid smoothly enlarged: a gray field, or blobs where it passes a level.
    private static func texture(on canvas: inout Canvas, _ generator: inout SplitMix64) {
        let cells = 3 + Int(generator.next() % 6)
        let grid = (0..<(cells * cells)).map { _ in Float(generator.nextUniform()) }
        let threshold: Float? = generator.next() % 2 == 0 ? generator.next(in: 0.4...0.65) : nil
        let scale = Float(cells - 1) / Float(side - 1)
        for row in 0..<side {
            for column in 0..<side {
                let gy = Float(row) * scale, gx = Float(column) * scale
                let y0 = min(Int(gy), cells - 2), x0 = min(Int(gx), cells - 2)
                let fy = gy - Float(y0), fx = gx - Float(x0)
                let top = grid[y0 * cells + x0] * (1 - fx) + grid[y0 * cells + x0 + 1] * fx
                let bottom = grid[(y0 + 1) * cells + x0] * (1 - fx) + grid[(y0 + 1) * cells + x0 + 1] * fx
                let value = top * (1 - fy) + bottom * fy
                canvas.ink[row * side + column] = threshold.map { min(1, max(0, (value - $0) * 8)) } ?? value
            }
        }
    }

    /// Each pixel inked with a chance of 3–60%, at full or random strength.
    private static func noise(on canvas: inout Canvas, _ generator: inout SplitMix64) {
        let density = generator.next(in: 0.03...0.6), graded = generator.next() % 2 == 0
        for index in canvas.ink.indices where generator.nextUniform() < Double(density) {
            canvas.ink[index] = graded ? Float(generator.nextUniform()) : 1
        }
    }

    /// Two or three training digits in a row, from 8 pixels overlapping to 4 apart.
    private static func pair(_ generator: inout SplitMix64, digits: LabelledImages) -> (ink: [Float], width: Int, height: Int) {
        let count = 2 + Int(generator.next() % 2)
        let offsets = (0..<count).map { _ in Int(generator.next() % 13) - 8 }
        let width = 28 * count + offsets.dropFirst().reduce(0, +)
        var ink = [Float](repeating: 0, count: width * 28)
        var left = 0
        for (place, offset) in offsets.enumerated() {
            if place > 0 { left += 28 + offset }
            let image = digits.image(Int(generator.next() % UInt64(digits.count)))
            for (index, value) in image.enumerated() where left + index % 28 < width && left + index % 28 >= 0 {
                let target = (index / 28) * width + left + index % 28
                ink[target] = max(ink[target], Float(value) / 255)
            }
        }
        return (ink, width, 28)
    }

    /// The left, right, top or bottom 30–55% of a digit's ink box. A tall thin piece, as a one is
    /// written, is drawn again (a few times at most).
    private static func fragment(_ generator: inout SplitMix64, digits: LabelledImages) -> (ink: [Float], width: Int, height: Int) {
        var ink: [Float] = []
        for _ in 0..<8 {
            var index = Int(generator.next() % UInt64(digits.count))
            for _ in 0..<8 where digits.labels[index] == 1 { index = Int(generator.next() % UInt64(digits.count)) }
            ink = digits.image(index).map { Float($0) / 255 }
            guard let box = InkBox(ink, width: 28, height: 28, isInk: { $0 > 0.1 }) else { continue }
            let share = generator.next(in: 0.3...0.55), side = generator.next() % 4
            let keep = Int((Float(side < 2 ? box.width : box.height) * share).rounded())
            for row in 0..<28 {
                for column in 0..<28 {
                    let kept = switch side {
                    case 0: column < box.left + keep
                    case 1: column > box.right - keep
                    case 2: row < box.top + keep
                    default: row > box.bottom - keep
                    }
                    if !kept { ink[row * 28 + column] = 0 }
                }
            }
            if let piece = InkBox(ink, width: 28, height: 28, isInk: { $0 > 0.1 }), piece.width * 2 >= piece.height { break }
        }
        return (ink, 28, 28)
    }
}
