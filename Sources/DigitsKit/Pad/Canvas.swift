/// The drawing pad's picture: ink from 0 (paper) to 1 (full ink), row-major. A digit's canvas is
/// 28×28, MNIST's size; a number's is as tall and as wide as several digits.
public struct Canvas: Sendable, Equatable {
    public static let side = 28

    public let width: Int, height: Int
    public internal(set) var ink: [Float]

    public init(width: Int = side, height: Int = side) {
        precondition(width > 0 && height > 0, "a canvas has pixels")
        self.width = width
        self.height = height
        ink = [Float](repeating: 0, count: width * height)
    }

    public var isEmpty: Bool { !ink.contains { $0 > 0 } }

    public subscript(row: Int, column: Int) -> Float { ink[row * width + column] }

    /// Lays the brush at a point in pixel coordinates (pixel centres are at integer + 0.5).
    /// Painting keeps the darker of old and new ink; erasing keeps the lighter of old ink and the
    /// brush's complement.
    public mutating func stamp(x: Float, y: Float, brush: Brush, erasing: Bool = false) {
        let reach = brush.radius + 0.5
        let top = max(0, Int((y - reach).rounded(.down))), bottom = min(height - 1, Int((y + reach).rounded(.down)))
        let left = max(0, Int((x - reach).rounded(.down))), right = min(width - 1, Int((x + reach).rounded(.down)))
        guard top <= bottom, left <= right else { return }
        for row in top...bottom {
            for column in left...right {
                let dx = Float(column) + 0.5 - x, dy = Float(row) + 0.5 - y
                let coverage = brush.coverage(distance: (dx * dx + dy * dy).squareRoot())
                guard coverage > 0 else { continue }
                let index = row * width + column
                ink[index] = erasing ? min(ink[index], 1 - coverage) : max(ink[index], coverage)
            }
        }
    }

    /// Stamps along the segment from `start` to `end`, a quarter pixel apart, so that a fast mouse
    /// stroke whose reports are far apart still leaves a continuous line.
    public mutating func stroke(from start: (x: Float, y: Float), to end: (x: Float, y: Float), brush: Brush, erasing: Bool = false) {
        let length = ((end.x - start.x) * (end.x - start.x) + (end.y - start.y) * (end.y - start.y)).squareRoot()
        let steps = max(1, Int((length * 4).rounded(.up)))
        for step in 0...steps {
            let t = Float(step) / Float(steps)
            stamp(x: start.x + (end.x - start.x) * t, y: start.y + (end.y - start.y) * t, brush: brush, erasing: erasing)
        }
    }

    public mutating func clear() {
        ink = [Float](repeating: 0, count: width * height)
    }

    /// Brightness bytes, dark ink on white paper.
    public var gray: [UInt8] { ink.map { UInt8(((1 - $0) * 255).rounded()) } }

    /// As a PGM picture: dark ink on white paper.
    public func pgm() -> [UInt8] {
        NetpbmWriter.pgm(gray, width: width, height: height, comment: "drawn with digits draw")
    }
}
