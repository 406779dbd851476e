/// Row-wise helpers for batches stored as matrices, one sample or position per row.

/// Sets each of `rows` rows of `columns` values to `bias`, for a product to add onto.
func fillRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, with bias: UnsafePointer<Float>) {
    // A plain loop, not memcpy per row: rows are often only 32 values.
    for row in 0..<rows {
        let values = matrix + row * columns
        for column in 0..<columns { values[column] = bias[column] }
    }
}

/// Writes the column sums of a `rows`×`columns` matrix, or adds them to `sums` when `accumulate`.
func sumRows(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
    if !accumulate { sums.update(repeating: 0, count: columns) }
    var column = 0
    // Eight columns at a time down the rows, in a register.
    while column + 8 <= columns {
        var sum = SIMD8<Float>()
        for row in 0..<rows { sum += load8(matrix + row * columns + column) }
        store8(load8(sums + column) + sum, sums + column)
        column += 8
    }
    for row in 0..<rows {
        let values = matrix + row * columns
        for rest in column..<columns { sums[rest] += values[rest] }
    }
}
