import COpenBLAS

/// C = A·B (+ C when `accumulate`), row-major, through OpenBLAS's SGEMM.
///
/// `a` is m×k (k×m when `transposeA`), `b` is k×n (n×k when `transposeB`), `c` is m×n. The leading
/// dimensions are those of the stored matrices.
@inline(__always)
func matrixProduct(
    m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, transposeA: Bool = false,
    _ b: UnsafePointer<Float>, transposeB: Bool = false,
    into c: UnsafeMutablePointer<Float>, accumulate: Bool = false
) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if !accumulate { c.update(repeating: 0, count: m * n) }
        return
    }
    cblas_sgemm(
        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), 1, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
        accumulate ? 1 : 0, c, Int32(n)
    )
}

/// How many threads OpenBLAS uses for each product.
func setMatrixThreads(_ threads: Int) {
    openblas_set_num_threads(Int32(max(1, threads)))
}
