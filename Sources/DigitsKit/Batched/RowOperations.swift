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

/// `total` as the sums of `groups` groups, each `total.count` floats, added in group order so that
/// the result does not depend on how threads shared the groups; the values are shared among threads.
func addGroups(_ groups: Int, partials: UnsafeMutablePointer<Float>, into total: FloatBuffer, workers: Workers) {
    let size = total.count, sums = UnsafePointer(partials), total = total.pointer
    workers.forEachRange((size + 7) / 8) { vectors in
        let range = vectors.lowerBound * 8..<min(vectors.upperBound * 8, size)
        for index in range { total[index] = sums[index] }
        for group in 1..<groups {
            let values = sums + group * size
            for index in range { total[index] += values[index] }
        }
    }
}
