/// The transforms of Winograd's minimal filtering F(4×4, 3×3) (Lavin and Gray, "Fast Algorithms for
/// Convolutional Neural Networks", 2016), eight channels or filters at a time.
///
/// A 4×4 block of a 3×3 convolution's outputs depends on the 6×6 inputs under it. With
/// V = Bᵀ d B (the inputs), U = G g Gᵀ (the filter) and Y = Aᵀ (U ⊙ V) A, it takes 36 multiplies
/// per block and channel where the direct sum takes 144; summed over channels, U ⊙ V becomes 36
/// matrix products, one per position ξ of the 6×6 transformed tile.
///
///     Bᵀ = ⎡4  0 −5  0  1  0⎤    G = ⎡ 1/4     0     0⎤    Aᵀ = ⎡1  1  1  1  1  0⎤
///          ⎢0 −4 −4  1  1  0⎥        ⎢−1/6  −1/6  −1/6⎥         ⎢0  1 −1  2 −2  0⎥
///          ⎢0  4 −4 −1  1  0⎥        ⎢−1/6   1/6  −1/6⎥         ⎢0  1  1  4  4  0⎥
///          ⎢0 −2 −1  2  1  0⎥        ⎢1/24  1/12   1/6⎥         ⎣0  1 −1  8 −8  1⎦
///          ⎢0  2 −1 −2  1  0⎥        ⎢1/24 −1/12   1/6⎥
///          ⎣0  4  0 −5  0  1⎦        ⎣   0     0     1⎦
///
/// F(2×2, 3×3) needs 64 multiplies per 16 outputs to these 36; its smaller coefficients round
/// less, but float32 results here stay within 1e-5 of the direct sum's scale (the tests check).
/// Backward runs each transform's adjoint (its transposed matrix): dM = A dY Aᵀ for the products'
/// gradient, dd = B dV Bᵀ for the inputs', dg = Gᵀ dU G for the filter's. Each 2-D transform is its
/// 1-D step along every row, then down every column; the layer takes the data's transforms one
/// output column at a time, each row's element of that column from the elements it needs.
enum WinogradTransforms {
    typealias Vector = SIMD8<Float>
    typealias Three = (Vector, Vector, Vector)
    typealias Six = (Vector, Vector, Vector, Vector, Vector, Vector)
    /// A 6×6 tile as six rows (or six columns) of six.
    typealias Tile = (Six, Six, Six, Six, Six, Six)

    /// Outputs a block has along each side, inputs under it, and transformed positions ξ.
    static let block = 4, span = 6, positions = 36

    /// Element `j` of Bᵀ x and of its adjoint B x, reading only the elements of x it needs. The 2-D
    /// transforms go column by column through these: a dozen vectors stay live, where a whole 6×6
    /// tile would spill the sixteen AVX2 registers.
    @inline(__always) static func input(_ j: Int, _ x: (Int) -> Vector) -> Vector {
        switch j {
        case 0: return 4 * x(0) - 5 * x(2) + x(4)
        case 1: return (x(4) - 4 * x(2)) + (x(3) - 4 * x(1))
        case 2: return (x(4) - 4 * x(2)) - (x(3) - 4 * x(1))
        case 3: return (x(4) - x(2)) + 2 * (x(3) - x(1))
        case 4: return (x(4) - x(2)) - 2 * (x(3) - x(1))
        default: return 4 * x(1) - 5 * x(3) + x(5)
        }
    }
    @inline(__always) static func inputAdjoint(_ j: Int, _ x: (Int) -> Vector) -> Vector {
        switch j {
        case 0: return 4 * x(0)
        case 1: return 4 * (x(5) - (x(1) - x(2))) - 2 * (x(3) - x(4))
        case 2: return -5 * x(0) - 4 * (x(1) + x(2)) - x(3) - x(4)
        case 3: return (x(1) - x(2)) + 2 * (x(3) - x(4)) - 5 * x(5)
        case 4: return x(0) + x(1) + x(2) + x(3) + x(4)
        default: return x(5)
        }
    }

    /// G x, and its adjoint Gᵀ x.
    @inline(__always) static func filter(_ x: Three) -> Six {
        let outer = x.0 + x.2, quarterOuter = x.0 / 24 + x.2 / 6
        return (x.0 / 4, -(outer + x.1) / 6, (x.1 - outer) / 6, quarterOuter + x.1 / 12, quarterOuter - x.1 / 12, x.2)
    }
    @inline(__always) static func filterAdjoint(_ x: Six) -> Three {
        let sum = x.1 + x.2, difference = x.3 - x.4, high = x.3 + x.4
        return (x.0 / 4 - sum / 6 + high / 24, (x.2 - x.1) / 6 + difference / 12, high / 6 - sum / 6 + x.5)
    }

    /// Element `q` of Aᵀ x, and element `j` of its adjoint A x (x of four).
    @inline(__always) static func output(_ q: Int, _ x: (Int) -> Vector) -> Vector {
        switch q {
        case 0: return x(0) + (x(1) + x(2)) + (x(3) + x(4))
        case 1: return (x(1) - x(2)) + 2 * (x(3) - x(4))
        case 2: return (x(1) + x(2)) + 4 * (x(3) + x(4))
        default: return (x(1) - x(2)) + 8 * (x(3) - x(4)) + x(5)
        }
    }
    @inline(__always) static func outputAdjoint(_ j: Int, _ x: (Int) -> Vector) -> Vector {
        switch j {
        case 0: return x(0)
        case 1: return x(0) + x(2) + (x(1) + x(3))
        case 2: return x(0) + x(2) - (x(1) + x(3))
        case 3: return (x(0) + 4 * x(2)) + (2 * x(1) + 8 * x(3))
        case 4: return (x(0) + 4 * x(2)) - (2 * x(1) + 8 * x(3))
        default: return x(3)
        }
    }

    /// The six outputs of a 1-D transform of `x`.
    @inline(__always) static func six(_ step: (Int, (Int) -> Vector) -> Vector, of x: Six) -> Six {
        func at(_ j: Int) -> Vector { step(j) { element(x, $0) } }
        return (at(0), at(1), at(2), at(3), at(4), at(5))
    }

    /// Element `j` of six.
    @inline(__always) static func element(_ x: Six, _ j: Int) -> Vector {
        switch j {
        case 0: x.0
        case 1: x.1
        case 2: x.2
        case 3: x.3
        case 4: x.4
        default: x.5
        }
    }

    /// U = G g Gᵀ for the channel-filter pairs `vectors` (in eights): `weights` is
    /// `[ky][kx][channel][filter]`, `transformed` is `[ξ][channel][filter]` with its planes
    /// `plane` floats apart. Filters come in eights.
    static func transformFilters(
        _ weights: UnsafePointer<Float>, channels: Int, filters: Int, vectors: Range<Int>, into transformed: UnsafeMutablePointer<Float>, plane: Int
    ) {
        let pairs = channels * filters
        for offset in stride(from: 8 * vectors.lowerBound, to: 8 * vectors.upperBound, by: 8) {
            func kernelRow(_ ky: Int) -> Six {
                let start = weights + 3 * ky * pairs + offset
                return filter((load8(start), load8(start + pairs), load8(start + 2 * pairs)))
            }
            // G along each kernel row's three taps, then G down each of the six columns.
            let rows = (kernelRow(0), kernelRow(1), kernelRow(2))
            let columns = (filter((rows.0.0, rows.1.0, rows.2.0)), filter((rows.0.1, rows.1.1, rows.2.1)),
                           filter((rows.0.2, rows.1.2, rows.2.2)), filter((rows.0.3, rows.1.3, rows.2.3)),
                           filter((rows.0.4, rows.1.4, rows.2.4)), filter((rows.0.5, rows.1.5, rows.2.5)))
            store(columns: columns, into: transformed + offset, plane: plane)
        }
    }

    /// dg = Gᵀ dU G: the weight gradient of the pairs `vectors` from the gradient of the
    /// transformed filters, in the layouts of `transformFilters`.
    static func filterGradient(
        _ transformed: UnsafePointer<Float>, plane: Int, channels: Int, filters: Int, vectors: Range<Int>, into weights: UnsafeMutablePointer<Float>
    ) {
        let pairs = channels * filters
        for offset in stride(from: 8 * vectors.lowerBound, to: 8 * vectors.upperBound, by: 8) {
            let tile = load(transformed + offset, plane: plane)
            let rows = (filterAdjoint(tile.0), filterAdjoint(tile.1), filterAdjoint(tile.2),
                        filterAdjoint(tile.3), filterAdjoint(tile.4), filterAdjoint(tile.5))
            func put(_ kx: Int, _ column: Six) {
                let taps = filterAdjoint(column)
                store8(taps.0, weights + kx * pairs + offset)
                store8(taps.1, weights + (3 + kx) * pairs + offset)
                store8(taps.2, weights + (6 + kx) * pairs + offset)
            }
            put(0, (rows.0.0, rows.1.0, rows.2.0, rows.3.0, rows.4.0, rows.5.0))
            put(1, (rows.0.1, rows.1.1, rows.2.1, rows.3.1, rows.4.1, rows.5.1))
            put(2, (rows.0.2, rows.1.2, rows.2.2, rows.3.2, rows.4.2, rows.5.2))
        }
    }

    /// The 36 vectors `plane` floats apart at `start`, as six rows of six.
    @inline(__always) static func load(_ start: UnsafePointer<Float>, plane: Int) -> Tile {
        func row(_ i: Int) -> Six {
            let first = start + 6 * i * plane
            return (load8(first), load8(first + plane), load8(first + 2 * plane),
                    load8(first + 3 * plane), load8(first + 4 * plane), load8(first + 5 * plane))
        }
        return (row(0), row(1), row(2), row(3), row(4), row(5))
    }

    /// Stores a 6×6 tile given as its six columns, position ξ = 6·row + column at `start + ξ · plane`.
    @inline(__always) static func store(columns: Tile, into start: UnsafeMutablePointer<Float>, plane: Int) {
        store(column: columns.0, 0, into: start, plane: plane); store(column: columns.1, 1, into: start, plane: plane)
        store(column: columns.2, 2, into: start, plane: plane); store(column: columns.3, 3, into: start, plane: plane)
        store(column: columns.4, 4, into: start, plane: plane); store(column: columns.5, 5, into: start, plane: plane)
    }

    /// Stores column `j` of a 6×6 tile: its element i at position ξ = 6·i + j, `start + ξ · plane`.
    @inline(__always) static func store(column: Six, _ j: Int, into start: UnsafeMutablePointer<Float>, plane: Int) {
        store8(column.0, start + j * plane)
        store8(column.1, start + (6 + j) * plane)
        store8(column.2, start + (12 + j) * plane)
        store8(column.3, start + (18 + j) * plane)
        store8(column.4, start + (24 + j) * plane)
        store8(column.5, start + (30 + j) * plane)
    }
}
