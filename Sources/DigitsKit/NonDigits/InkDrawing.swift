/// Drawing on a canvas in the canvas's pixel coordinates: pen strokes through points, and filled
/// polygons and ellipses, a quarter-pixel grid sampled in each pixel so that edges are gray.
extension Canvas {
    /// The brush along each segment of `points`.
    mutating func stroke(through points: [(x: Float, y: Float)], brush: Brush) {
        guard let first = points.first else { return }
        stamp(x: first.x, y: first.y, brush: brush)
        for (start, end) in zip(points, points.dropFirst()) { stroke(from: start, to: end, brush: brush) }
    }

    /// Fills the polygon through `corners` (even–odd rule).
    mutating func fill(polygon corners: [(x: Float, y: Float)]) {
        fill { x, y in
            var inside = false
            for (a, b) in zip(corners, corners.dropFirst() + corners.prefix(1))
            where (a.y > y) != (b.y > y) && x < a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y) {
                inside.toggle()
            }
            return inside
        }
    }

    /// Fills the ellipse centred at `centre` with radii `rx`, `ry`.
    mutating func fill(ellipse centre: (x: Float, y: Float), rx: Float, ry: Float) {
        fill { x, y in
            let dx = (x - centre.x) / rx, dy = (y - centre.y) / ry
            return dx * dx + dy * dy <= 1
        }
    }

    /// Ink in each pixel as the share of its 4×4 sample points that `isInside` accepts, kept where darker.
    private mutating func fill(_ isInside: (Float, Float) -> Bool) {
        for row in 0..<height {
            for column in 0..<width {
                var covered = 0
                for sy in 0..<4 {
                    for sx in 0..<4 where isInside(Float(column) + (Float(sx) + 0.5) / 4, Float(row) + (Float(sy) + 0.5) / 4) {
                        covered += 1
                    }
                }
                let index = row * width + column
                if covered > 0 { ink[index] = max(ink[index], Float(covered) / 16) }
            }
        }
    }
}
