/// Row-wise helpers for batches stored as matrices, one sample or position per row.

/// Sets each of `rows` rows of `columns` values to `bias`, for a product to add onto.
func fillRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, with bias: UnsafePointer<Float>) {
    for row in 0..<rows { (matrix + row * columns).update(from: bias, count: columns) }
}

/// Writes the column sums of a `rows`×`columns` matrix.
func sumRows(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
    sums.update(repeating: 0, count: columns)
    for row in 0..<rows {
        let values = matrix + row * columns
        for column in 0..<columns { sums[column] += values[column] }
    }
}
