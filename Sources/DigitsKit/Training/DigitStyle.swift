/// MNIST digits shown the way other sources show digits, to measure how a model copes with
/// handwriting that is not MNIST's without touching any held-out set. Each style turns a 28×28
/// MNIST image into a picture, which then goes through `DigitPreprocessor` exactly as
/// `classify` and the pad do.
public enum DigitStyle: String, CaseIterable, Sendable {
    /// MNIST's images as they are, not preprocessed: what `eval` measures by default.
    case mnist
    /// Dark on white paper at 280×280, as a scan or a paint program would give it.
    case paper
    /// Reduced as old scanned-digit databases were: the digit's box fitted to 32×32, thresholded,
    /// then 4×4 blocks counted into an 8×8 picture with 17 gray levels.
    case coarse = "8x8"
    /// Re-drawn as pen strokes: the digit thinned to its centre line, then drawn along it with the
    /// pad's default brush on the pad's canvas, a little larger, as people draw on the pad.
    case strokes

    /// The picture of `pixels` (28×28, 0 background … 255 ink) in this style.
    public func picture(of pixels: some Collection<UInt8>) -> GrayImage {
        let ink = pixels.map { Float($0) / 255 }
        switch self {
        case .mnist: return GrayImage(width: 28, height: 28, brightness: ink.map { 1 - $0 })
        case .paper: return Self.paper(ink)
        case .coarse: return Self.coarse(ink)
        case .strokes: return Self.strokes(ink)
        }
    }

    /// The images in this style and preprocessed as `classify` does; a picture with no ink left
    /// becomes a blank image, which the model will most likely misread, as it should count.
    public func restyle(_ set: LabelledImages) -> LabelledImages {
        guard self != .mnist else { return set }
        precondition(set.rows == 28 && set.columns == 28, "styles work on MNIST's 28×28 images")
        let preprocessor = DigitPreprocessor()
        var pixels: [UInt8] = []
        pixels.reserveCapacity(set.pixels.count)
        for index in 0..<set.count {
            pixels += (try? preprocessor.prepare(picture(of: set.image(index)))) ?? [UInt8](repeating: 0, count: 28 * 28)
        }
        return LabelledImages(rows: 28, columns: 28, pixels: pixels, labels: set.labels)
    }

    /// Enlarged ten times by bilinear interpolation (pixel centres aligned), dark on white.
    private static func paper(_ ink: [Float]) -> GrayImage {
        let factor = 10, side = 28 * factor
        var brightness = [Float](repeating: 1, count: side * side)
        func at(_ row: Int, _ column: Int) -> Float { ink[min(max(row, 0), 27) * 28 + min(max(column, 0), 27)] }
        for row in 0..<side {
            let y = (Float(row) + 0.5) / Float(factor) - 0.5, top = Int(y.rounded(.down)), fy = y - Float(top)
            for column in 0..<side {
                let x = (Float(column) + 0.5) / Float(factor) - 0.5, left = Int(x.rounded(.down)), fx = x - Float(left)
                let upper = at(top, left) * (1 - fx) + at(top, left + 1) * fx
                let lower = at(top + 1, left) * (1 - fx) + at(top + 1, left + 1) * fx
                brightness[row * side + column] = 1 - (upper * (1 - fy) + lower * fy)
            }
        }
        return GrayImage(width: side, height: side, brightness: brightness)
    }

    private static func coarse(_ ink: [Float]) -> GrayImage {
        guard let box = InkBox(ink, width: 28, height: 28, isInk: { $0 >= 0.5 }) else {
            return GrayImage(width: 8, height: 8, brightness: .init(repeating: 1, count: 64))
        }
        let boxWidth = box.width, boxHeight = box.height
        let cropped = box.crop(ink, width: 28)
        let scale = 32 / Float(max(boxWidth, boxHeight))
        let width = max(1, min(32, Int((Float(boxWidth) * scale).rounded())))
        let height = max(1, min(32, Int((Float(boxHeight) * scale).rounded())))
        let scaled = AreaResampler.resample(cropped, width: boxWidth, height: boxHeight, toWidth: width, toHeight: height)
        var bitmap = [Bool](repeating: false, count: 32 * 32)
        let top = (32 - height) / 2, left = (32 - width) / 2
        for row in 0..<height {
            for column in 0..<width { bitmap[(row + top) * 32 + column + left] = scaled[row * width + column] >= 0.5 }
        }
        var brightness = [Float](repeating: 1, count: 64)
        for block in 0..<64 {
            let blockRow = block / 8, blockColumn = block % 8
            var count = 0
            for row in 0..<4 {
                for column in 0..<4 where bitmap[(blockRow * 4 + row) * 32 + blockColumn * 4 + column] { count += 1 }
            }
            brightness[block] = 1 - Float(count) / 16
        }
        return GrayImage(width: 8, height: 8, brightness: brightness)
    }

    private static func strokes(_ ink: [Float]) -> GrayImage {
        let skeleton = Skeleton.thin(ink.map { $0 >= 0.5 }, width: 28, height: 28)
        var canvas = Canvas()
        let brush = Brush()
        let enlargement: Float = 1.2, centre: Float = 14
        func point(_ index: Int) -> (x: Float, y: Float) {
            ((Float(index % 28) + 0.5 - centre) * enlargement + centre, (Float(index / 28) + 0.5 - centre) * enlargement + centre)
        }
        for index in skeleton.indices where skeleton[index] {
            let row = index / 28, column = index % 28
            canvas.stamp(x: point(index).x, y: point(index).y, brush: brush)
            // Join each pixel to its neighbours to the east and below, as a pen moving through them.
            for (dr, dc) in [(0, 1), (1, -1), (1, 0), (1, 1)] {
                let r = row + dr, c = column + dc
                guard r < 28, c >= 0, c < 28, skeleton[r * 28 + c] else { continue }
                canvas.stroke(from: point(index), to: point(r * 28 + c), brush: brush)
            }
        }
        return GrayImage(width: 28, height: 28, brightness: canvas.ink.map { 1 - $0 })
    }
}
