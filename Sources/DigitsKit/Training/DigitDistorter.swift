/// Draws one distortion of an `Augmentation` per sample and applies it to a 28×28 digit, then frames
/// the result with `DigitPreprocessor`, the code `classify` and the pad use, so the network trains on
/// exactly the kind of image it will be shown.
///
/// The draw depends only on the seed, the epoch and the sample's index, so a run, a resumed run and a
/// run on another number of threads see the same digits.
struct DigitDistorter {
    let augmentation: Augmentation
    let seed: UInt64
    private let preprocessor = DigitPreprocessor(polarity: .lightInk)
    /// Work happens on a larger canvas, so rotated or enlarged digits are not clipped before framing.
    private static let side = 40, margin = (side - 28) / 2, gridSide = 4
    private var canvas = [Float](repeating: 0, count: side * side)
    private var scratch = [Float](repeating: 0, count: side * side)
    /// The elastic field's control points, (x, y) displacements on a coarse grid over the canvas.
    private var field = [Float](repeating: 0, count: gridSide * gridSide * 2)

    init(augmentation: Augmentation, seed: UInt64) {
        self.augmentation = augmentation
        self.seed = seed
    }

    /// Writes the distorted, re-framed digit to `output` (28×28 bytes). A draw that leaves no ink
    /// (a thin stroke thinned away) gives the digit undistorted.
    mutating func distort(_ pixels: UnsafeBufferPointer<UInt8>, epoch: Int, index: Int, into output: UnsafeMutableBufferPointer<UInt8>) {
        precondition(pixels.count == 28 * 28 && output.count == 28 * 28, "the distorter works on 28×28 digits")
        var random = SplitMix64(seed: SeedStreams.distortion(seed, epoch: epoch, image: index))
        _ = random.next()
        let side = Self.side, margin = Self.margin
        canvas.withUnsafeMutableBufferPointer { canvas in
            canvas.update(repeating: 0)
            for row in 0..<28 {
                for column in 0..<28 { canvas[(row + margin) * side + column + margin] = Float(pixels[row * 28 + column]) / 255 }
            }
        }
        changeThickness(by: draw(augmentation.thickness, &random))
        warp(&random)
        if augmentation.coarsen > 0, Float(random.nextUniform()) < augmentation.coarsen {
            coarsen(toLongSide: 7 + Int(random.next() % 8))
        }
        do {
            let framed = try preprocessor.prepare(ink: scratch, width: side, height: side)
            _ = output.update(fromContentsOf: framed)
        } catch {
            _ = output.update(fromContentsOf: pixels)
        }
    }

    private func draw(_ strength: Float, _ random: inout SplitMix64) -> Float {
        strength == 0 ? 0 : Float(random.nextUniform() * 2 - 1) * strength
    }

    /// Grows (positive) or thins (negative) the strokes: whole steps of gray-level dilation or
    /// erosion by a 3×3 cross, then a blend toward one more step for the fraction.
    private mutating func changeThickness(by amount: Float) {
        var remaining = abs(amount)
        while remaining > 0 {
            let blend = min(remaining, 1)
            morphologyStep(thicker: amount > 0, blend: blend)
            remaining -= blend
        }
    }

    private mutating func morphologyStep(thicker: Bool, blend: Float) {
        let side = Self.side
        canvas.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { target in
                for row in 0..<side {
                    for column in 0..<side {
                        let index = row * side + column
                        let centre = source[index]
                        let up = row > 0 ? source[index - side] : 0, down = row < side - 1 ? source[index + side] : 0
                        let left = column > 0 ? source[index - 1] : 0, right = column < side - 1 ? source[index + 1] : 0
                        let extreme = thicker ? max(centre, up, down, left, right) : min(centre, up, down, left, right)
                        target[index] = centre + blend * (extreme - centre)
                    }
                }
            }
        }
        swap(&canvas, &scratch)
    }

    /// Resamples `canvas` into `scratch` through a random affine map plus a smooth random field.
    private mutating func warp(_ random: inout SplitMix64) {
        let side = Self.side, gridSide = Self.gridSide
        let angle = draw(augmentation.rotation, &random) * .pi / 180
        let scaleX = 1 + draw(augmentation.scale, &random), scaleY = 1 + draw(augmentation.scale, &random)
        let shear = draw(augmentation.shear, &random)
        let shiftX = draw(augmentation.shift, &random), shiftY = draw(augmentation.shift, &random)
        for point in field.indices { field[point] = draw(augmentation.elastic, &random) }
        let field = self.field

        // The map takes the source to the output: scale, then shear, then rotate, then shift, about
        // the centre. Sampling needs its inverse.
        let cosine = cos(angle), sine = sin(angle)
        // (rotation · shear)⁻¹ = shear⁻¹ · rotation⁻¹, then scale⁻¹.
        let a = (cosine + shear * sine) / scaleX, b = (sine - shear * cosine) / scaleX
        let c = -sine / scaleY, d = cosine / scaleY
        let centre = Float(side - 1) / 2
        let cell = Float(side - 1) / Float(gridSide - 1)
        canvas.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { target in
                for row in 0..<side {
                    for column in 0..<side {
                        let (dx, dy) = Self.interpolate(field, x: Float(column) / cell, y: Float(row) / cell)
                        let x = Float(column) - centre - shiftX, y = Float(row) - centre - shiftY
                        let sourceX = a * x + b * y + centre + dx, sourceY = c * x + d * y + centre + dy
                        target[row * side + column] = Self.sample(source, x: sourceX, y: sourceY)
                    }
                }
            }
        }
    }

    /// Reduces the ink's box in `scratch` to `longSide` pixels on its long side by area averaging,
    /// then enlarges it back to its size the same way: the blur and blockiness of a coarse scan.
    private mutating func coarsen(toLongSide longSide: Int) {
        let side = Self.side
        guard let box = InkBox(scratch, width: side, height: side, isInk: { $0 > 0.05 }) else { return }
        let width = box.width, height = box.height
        guard max(width, height) > longSide else { return }
        let scale = Float(longSide) / Float(max(width, height))
        let smallWidth = max(1, Int((Float(width) * scale).rounded())), smallHeight = max(1, Int((Float(height) * scale).rounded()))
        let small = AreaResampler.resample(box.crop(scratch, width: side), width: width, height: height, toWidth: smallWidth, toHeight: smallHeight)
        let restored = AreaResampler.resample(small, width: smallWidth, height: smallHeight, toWidth: width, toHeight: height)
        for row in 0..<height {
            for column in 0..<width { scratch[(box.top + row) * side + box.left + column] = restored[row * width + column] }
        }
    }

    /// Bilinear interpolation of the field's (x, y) displacement at grid coordinates.
    private static func interpolate(_ field: [Float], x: Float, y: Float) -> (Float, Float) {
        let column = min(Int(x), gridSide - 2), row = min(Int(y), gridSide - 2)
        let fx = x - Float(column), fy = y - Float(row)
        func at(_ r: Int, _ c: Int, _ axis: Int) -> Float { field[(r * gridSide + c) * 2 + axis] }
        func mix(_ axis: Int) -> Float {
            let top = at(row, column, axis) * (1 - fx) + at(row, column + 1, axis) * fx
            let bottom = at(row + 1, column, axis) * (1 - fx) + at(row + 1, column + 1, axis) * fx
            return top * (1 - fy) + bottom * fy
        }
        return (mix(0), mix(1))
    }

    /// Bilinear sample with paper (0) outside the canvas.
    private static func sample(_ image: UnsafeBufferPointer<Float>, x: Float, y: Float) -> Float {
        let left = Int(x.rounded(.down)), top = Int(y.rounded(.down))
        let fx = x - Float(left), fy = y - Float(top)
        func at(_ row: Int, _ column: Int) -> Float {
            row >= 0 && row < side && column >= 0 && column < side ? image[row * side + column] : 0
        }
        let upper = at(top, left) * (1 - fx) + at(top, left + 1) * fx
        let lower = at(top + 1, left) * (1 - fx) + at(top + 1, left + 1) * fx
        return upper * (1 - fy) + lower * fy
    }
}
