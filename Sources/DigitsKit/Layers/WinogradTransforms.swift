/// The transforms of Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, "Fast Algorithms for
/// Convolutional Neural Networks", 2016), eight channels or filters at a time.
///
/// A 2×2 block of a 3×3 convolution's outputs depends on the 4×4 inputs under it. With
/// V = Bᵀ d B (the inputs), U = G g Gᵀ (the filter) and Y = Aᵀ (U ⊙ V) A, it takes 16 multiplies
/// per block and channel where the direct sum takes 36; summed over channels, U ⊙ V becomes 16
/// matrix products, one per position ξ of the 4×4 transformed tile.
///
///     Bᵀ = ⎡1  0 −1  0⎤    G = ⎡ 1   0   0⎤    Aᵀ = ⎡1 1  1  0⎤
///          ⎢0  1  1  0⎥        ⎢ ½   ½   ½⎥         ⎣0 1 −1 −1⎦
///          ⎢0 −1  1  0⎥        ⎢ ½  −½   ½⎥
///          ⎣0  1  0 −1⎦        ⎣ 0   0   1⎦
///
/// Backward runs each transform's adjoint (its transposed matrices): dM = A dY Aᵀ for the products'
/// gradient, dd = B dV Bᵀ for the inputs', dg = Gᵀ dU G for the filter's. Each 2-D transform is its
/// 1-D step along every row, then along every column.
enum WinogradTransforms {
    typealias Vector = SIMD8<Float>
    typealias Two = (Vector, Vector)
    typealias Three = (Vector, Vector, Vector)
    typealias Four = (Vector, Vector, Vector, Vector)

    /// Bᵀ x, and its adjoint B x.
    @inline(__always) static func input(_ x: Four) -> Four { (x.0 - x.2, x.1 + x.2, x.2 - x.1, x.1 - x.3) }
    @inline(__always) static func inputAdjoint(_ x: Four) -> Four { (x.0, x.1 - x.2 + x.3, x.1 + x.2 - x.0, -x.3) }

    /// G x, and its adjoint Gᵀ x.
    @inline(__always) static func filter(_ x: Three) -> Four {
        let half = 0.5 * (x.0 + x.2)
        return (x.0, half + 0.5 * x.1, half - 0.5 * x.1, x.2)
    }
    @inline(__always) static func filterAdjoint(_ x: Four) -> Three {
        let sum = 0.5 * (x.1 + x.2)
        return (x.0 + sum, 0.5 * (x.1 - x.2), sum + x.3)
    }

    /// Aᵀ x, and its adjoint A x.
    @inline(__always) static func output(_ x: Four) -> Two { (x.0 + x.1 + x.2, x.1 - x.2 - x.3) }
    @inline(__always) static func outputAdjoint(_ x: Two) -> Four { (x.0, x.0 + x.1, x.0 - x.1, -x.1) }

    /// U = G g Gᵀ for every channel and filter: `weights` is `[ky][kx][channel][filter]`,
    /// `transformed` is `[ξ][channel][filter]`. Filters come in eights.
    static func transformFilters(_ weights: UnsafePointer<Float>, channels: Int, filters: Int, into transformed: UnsafeMutablePointer<Float>) {
        let plane = channels * filters
        for offset in stride(from: 0, to: plane, by: 8) {
            func tap(_ ky: Int, _ kx: Int) -> Vector { load8(weights + (ky * 3 + kx) * plane + offset) }
            // G along each kernel row's three taps, then G down each of the four columns.
            let rows = (filter((tap(0, 0), tap(0, 1), tap(0, 2))), filter((tap(1, 0), tap(1, 1), tap(1, 2))),
                        filter((tap(2, 0), tap(2, 1), tap(2, 2))))
            let columns = (filter((rows.0.0, rows.1.0, rows.2.0)), filter((rows.0.1, rows.1.1, rows.2.1)),
                           filter((rows.0.2, rows.1.2, rows.2.2)), filter((rows.0.3, rows.1.3, rows.2.3)))
            store(columns: columns, into: transformed + offset, plane: plane)
        }
    }

    /// dg = Gᵀ dU G: the weight gradient from the gradient of the transformed filters, in the
    /// layouts of `transformFilters`.
    static func filterGradient(_ transformed: UnsafePointer<Float>, channels: Int, filters: Int, into weights: UnsafeMutablePointer<Float>) {
        let plane = channels * filters
        for offset in stride(from: 0, to: plane, by: 8) {
            let tile = load(transformed + offset, plane: plane)
            let rows = (filterAdjoint(tile.0), filterAdjoint(tile.1), filterAdjoint(tile.2), filterAdjoint(tile.3))
            func put(_ kx: Int, _ column: Four) {
                let taps = filterAdjoint(column)
                store8(taps.0, weights + kx * plane + offset)
                store8(taps.1, weights + (3 + kx) * plane + offset)
                store8(taps.2, weights + (6 + kx) * plane + offset)
            }
            put(0, (rows.0.0, rows.1.0, rows.2.0, rows.3.0))
            put(1, (rows.0.1, rows.1.1, rows.2.1, rows.3.1))
            put(2, (rows.0.2, rows.1.2, rows.2.2, rows.3.2))
        }
    }

    /// The 16 vectors `plane` floats apart at `start`, as four rows of four.
    @inline(__always) static func load(_ start: UnsafePointer<Float>, plane: Int) -> (Four, Four, Four, Four) {
        func row(_ i: Int) -> Four {
            let first = start + 4 * i * plane
            return (load8(first), load8(first + plane), load8(first + 2 * plane), load8(first + 3 * plane))
        }
        return (row(0), row(1), row(2), row(3))
    }

    /// Stores a 4×4 tile given as its four columns, position ξ = 4·row + column at `start + ξ · plane`.
    @inline(__always) static func store(columns: (Four, Four, Four, Four), into start: UnsafeMutablePointer<Float>, plane: Int) {
        func put(_ column: Four, _ j: Int) {
            store8(column.0, start + j * plane)
            store8(column.1, start + (4 + j) * plane)
            store8(column.2, start + (8 + j) * plane)
            store8(column.3, start + (12 + j) * plane)
        }
        put(columns.0, 0); put(columns.1, 1); put(columns.2, 2); put(columns.3, 3)
    }

    /// `step` along each of the four rows, then down each of the four columns; the result by columns.
    @inline(__always) static func square(_ tile: (Four, Four, Four, Four), _ step: (Four) -> Four) -> (Four, Four, Four, Four) {
        let rows = (step(tile.0), step(tile.1), step(tile.2), step(tile.3))
        return (step((rows.0.0, rows.1.0, rows.2.0, rows.3.0)), step((rows.0.1, rows.1.1, rows.2.1, rows.3.1)),
                step((rows.0.2, rows.1.2, rows.2.2, rows.3.2)), step((rows.0.3, rows.1.3, rows.2.3, rows.3.3)))
    }
}
