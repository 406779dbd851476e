/// A boundary between two pieces of a group, from its top row to its bottom: in each row, the first
/// column of the right piece. Touching digits lean and overlap, so the boundary between them is
/// seldom one straight column: a seam bends around a slanted 1 where a straight cut would slice it.
struct CutSeam: Equatable {
    /// The column the seam was sought near, which orders the pieces.
    let column: Int
    let top: Int
    /// The first column of the right piece in each row from `top`; empty for a straight seam.
    let columns: [Int]

    static func straight(at column: Int) -> CutSeam { CutSeam(column: column, top: 0, columns: []) }

    func column(atRow row: Int) -> Int {
        columns.isEmpty ? column : columns[min(max(row - top, 0), columns.count - 1)]
    }

    var leftmost: Int { columns.min() ?? column }
    var rightmost: Int { columns.max() ?? column }

    /// How far a seam may bend away from its column, as a share of a digit's height.
    static let reachShare = 0.15
    /// What a row of the seam costs for each column it lies away from its column, in rows of ink
    /// crossed: a seam bends only to cross less ink.
    static let bendCost: Float = 1

    /// The seam near `column` through `ink` that crosses the fewest strokes (the fewest rows where
    /// ink touches ink across it, side by side or diagonally), moving at most one column a row, never
    /// left of `after` and inside the group, with how many rows it crosses; nil when no seam fits. Found by dynamic programming over the
    /// rows: its cost is rows × (2 × reach + 1) × 3.
    static func seam(near column: Int, through ink: GroupInk, reach: Int, after: CutSeam) -> (seam: CutSeam, crossed: Int)? {
        let box = ink.box
        let first = column - reach, span = 2 * reach + 1
        func allowed(_ row: Int, _ candidate: Int) -> Bool {
            candidate >= after.column(atRow: row) && candidate > box.left && candidate <= box.right
        }
        func crossing(_ row: Int, _ candidate: Int) -> Float { ink[row, candidate - 1] && ink[row, candidate] ? 1 : 0 }
        // Whether ink in `row - 1` touches ink in `row` across the seam as it moves from `above` to `candidate`.
        func crossing(_ row: Int, from above: Int, to candidate: Int) -> Float {
            for upper in (min(above, candidate) - 2)...(max(above, candidate) + 1) where ink[row - 1, upper] {
                for lower in (upper - 1)...(upper + 1) where ink[row, lower] && (upper < above) != (lower < candidate) { return 1 }
            }
            return 0
        }
        func bend(_ candidate: Int) -> Float { Float(abs(candidate - column)) * bendCost }
        var cost = [Float](repeating: .infinity, count: span)
        var from = [Int8](repeating: 0, count: box.height * span)
        for offset in 0..<span where allowed(box.top, first + offset) {
            cost[offset] = crossing(box.top, first + offset) + bend(first + offset)
        }
        var next = cost
        for row in stride(from: box.top + 1, through: box.bottom, by: 1) {
            for offset in 0..<span {
                next[offset] = .infinity
                guard allowed(row, first + offset) else { continue }
                let across = crossing(row, first + offset)
                var best = Float.infinity, step: Int8 = 0
                for move in -1...1 where (0..<span).contains(offset + move) && cost[offset + move] < .infinity {
                    let total = cost[offset + move] + max(across, crossing(row, from: first + offset + move, to: first + offset))
                    if total < best { (best, step) = (total, Int8(move)) }
                }
                guard best < .infinity else { continue }
                next[offset] = best + bend(first + offset)
                from[(row - box.top) * span + offset] = step
            }
            swap(&cost, &next)
        }
        guard let end = cost.indices.min(by: { cost[$0] < cost[$1] }), cost[end] < .infinity else { return nil }
        var columns = [Int](repeating: 0, count: box.height)
        var offset = end
        for row in stride(from: box.bottom, through: box.top, by: -1) {
            columns[row - box.top] = first + offset
            offset += Int(from[(row - box.top) * span + offset])
        }
        let crossed = (box.top...box.bottom).filter { row in
            crossing(row, columns[row - box.top]) > 0
                || (row > box.top && crossing(row, from: columns[row - box.top - 1], to: columns[row - box.top]) > 0)
        }.count
        return (CutSeam(column: column, top: box.top, columns: columns), crossed)
    }
}
