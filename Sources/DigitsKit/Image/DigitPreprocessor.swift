/// Turns a picture of a digit into what MNIST's images look like, the way MNIST itself was made:
/// light ink on black, the ink's bounding box scaled to fit 20×20 keeping its aspect ratio with
/// area averaging (so edges are gray, anti-aliased), then placed in 28×28 with its centre of mass
/// at the centre.
public struct DigitPreprocessor: Sendable {
    public enum Polarity: Sendable, Equatable {
        /// Decide from the image: a light border means dark ink on light paper.
        case automatic
        /// Dark ink on light paper: inverted to MNIST's light-on-dark.
        case darkInk
        /// Light ink on a dark background, as MNIST itself.
        case lightInk
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noInk
        public var description: String { "no digit found" }
    }

    public static let side = 28
    public static let box = 20

    public var polarity: Polarity
    /// Ink at or below this level (0…1) does not widen the bounding box, so specks and paper grain
    /// do not shrink the digit; ink below half of it counts as paper and is dropped.
    public var noiseFloor: Float

    public init(polarity: Polarity = .automatic, noiseFloor: Float = 0.1) {
        self.polarity = polarity
        self.noiseFloor = noiseFloor
    }

    /// The 28×28 MNIST-style image, 0 background … 255 ink, row-major.
    public func prepare(_ image: GrayImage) throws(Failure) -> [UInt8] {
        try prepare(ink: ink(of: image), width: image.width, height: image.height)
    }

    /// The same for ink levels (0 paper … 1 full ink) given directly, as the drawing pad has them.
    public func prepare(ink: [Float], width: Int, height: Int) throws(Failure) -> [UInt8] {
        precondition(ink.count == width * height, "ink count does not match the size")
        // The bounding box of the ink that is not noise.
        let noiseFloor = noiseFloor
        guard let box = InkBox(ink, width: width, height: height, isInk: { $0 > noiseFloor }) else { throw .noInk }
        let boxWidth = box.width, boxHeight = box.height
        // MNIST's strokes reach full ink; a pencil's gray or a blurred scan is stretched to match.
        let inside = box.crop(ink, width: width)
        let strongest = inside.max() ?? 1
        let cropped = inside.map { $0 > noiseFloor / 2 ? $0 / strongest : 0 }

        let scale = Float(Self.box) / Float(max(boxWidth, boxHeight))
        let scaledWidth = max(1, min(Self.box, Int((Float(boxWidth) * scale).rounded())))
        let scaledHeight = max(1, min(Self.box, Int((Float(boxHeight) * scale).rounded())))
        let scaled = AreaResampler.resample(cropped, width: boxWidth, height: boxHeight, toWidth: scaledWidth, toHeight: scaledHeight)

        // Centre of mass of the scaled digit, by pixel index. MNIST puts it at index 14 of 0…27
        // (measured over its images: 13.99 and 14.00), half a pixel past the frame's middle.
        var mass: Float = 0, rowMoment: Float = 0, columnMoment: Float = 0
        for row in 0..<scaledHeight {
            for column in 0..<scaledWidth {
                let value = scaled[row * scaledWidth + column]
                mass += value
                rowMoment += value * Float(row)
                columnMoment += value * Float(column)
            }
        }
        guard mass > 0 else { throw .noInk }
        let centre = Float(Self.side / 2)
        // Integer shifts, as MNIST used, kept inside the frame.
        let rowOffset = min(max(Int((centre - rowMoment / mass).rounded()), 0), Self.side - scaledHeight)
        let columnOffset = min(max(Int((centre - columnMoment / mass).rounded()), 0), Self.side - scaledWidth)

        var output = [UInt8](repeating: 0, count: Self.side * Self.side)
        for row in 0..<scaledHeight {
            for column in 0..<scaledWidth {
                let value = min(max(scaled[row * scaledWidth + column], 0), 1)
                output[(row + rowOffset) * Self.side + column + columnOffset] = UInt8((value * 255).rounded())
            }
        }
        return output
    }

    /// Ink levels: brightness turned around when the ink is dark.
    public func ink(of image: GrayImage) -> [Float] {
        let darkInk: Bool
        switch polarity {
        case .darkInk: darkInk = true
        case .lightInk: darkInk = false
        case .automatic: darkInk = Self.borderBrightness(image) > 0.5
        }
        return darkInk ? image.brightness.map { 1 - $0 } : image.brightness
    }

    /// The mean brightness of the outermost rows and columns: the paper, in almost every picture.
    static func borderBrightness(_ image: GrayImage) -> Float {
        var sum: Float = 0, count = 0
        for row in 0..<image.height {
            for column in 0..<image.width where row == 0 || row == image.height - 1 || column == 0 || column == image.width - 1 {
                sum += image[row, column]
                count += 1
            }
        }
        return sum / Float(max(count, 1))
    }
}

/// Resizes by area averaging: each output pixel is the mean of the input area it covers, with
/// partial pixels weighted by how much of them it covers.
enum AreaResampler {
    static func resample(_ input: [Float], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [Float] {
        let horizontal = weights(from: width, to: toWidth)
        let vertical = weights(from: height, to: toHeight)
        var rows = [Float](repeating: 0, count: toWidth * height)
        for row in 0..<height {
            for (column, taps) in horizontal.enumerated() {
                var sum: Float = 0
                for (source, weight) in taps { sum += input[row * width + source] * weight }
                rows[row * toWidth + column] = sum
            }
        }
        var output = [Float](repeating: 0, count: toWidth * toHeight)
        for (row, taps) in vertical.enumerated() {
            for column in 0..<toWidth {
                var sum: Float = 0
                for (source, weight) in taps { sum += rows[source * toWidth + column] * weight }
                output[row * toWidth + column] = sum
            }
        }
        return output
    }

    /// For each output index, the input indices it covers and their weights (summing to 1).
    static func weights(from size: Int, to newSize: Int) -> [[(Int, Float)]] {
        let step = Double(size) / Double(newSize)
        return (0..<newSize).map { index in
            let start = Double(index) * step, end = Double(index + 1) * step
            var taps: [(Int, Float)] = []
            var source = Int(start)
            while Double(source) < end && source < size {
                let overlap = min(end, Double(source + 1)) - max(start, Double(source))
                if overlap > 1e-9 { taps.append((source, Float(overlap / step))) }
                source += 1
            }
            return taps
        }
    }
}
