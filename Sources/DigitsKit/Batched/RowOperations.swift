/// Row-wise helpers for batches stored as matrices, one sample or position per row.

/// Sets each of `rows` rows of `columns` values to `bias`, for a product to add onto.
func fillRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, with bias: UnsafePointer<Float>) {
    for row in 0..<rows { (matrix + row * columns).update(from: bias, count: columns) }
}

/// Writes the column sums of a `rows`×`columns` matrix.
func sumRows(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
    sums.update(repeating: 0, count: columns)
    var column = 0
    // Eight columns at a time down the rows, in a register.
    while column + 8 <= columns {
        var sum = SIMD8<Float>()
        for row in 0..<rows { sum += load8(matrix + row * columns + column) }
        store8(sum, sums + column)
        column += 8
    }
    for row in 0..<rows {
        let values = matrix + row * columns
        for rest in column..<columns { sums[rest] += values[rest] }
    }
}

/// `sumRows` with groups of eight columns shared among threads; each column is summed by one
/// thread in the same order, so the result does not depend on the thread count.
func sumRows(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>, workers: Workers) {
    guard columns % 8 == 0, columns >= 16 else { return sumRows(matrix, rows: rows, columns: columns, into: sums) }
    workers.forEachRange(columns / 8) { groups in
        for group in groups {
            var sum = SIMD8<Float>()
            for row in 0..<rows { sum += load8(matrix + row * columns + group * 8) }
            store8(sum, sums + group * 8)
        }
    }
}
