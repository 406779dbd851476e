/// The products of a convolution whose patches are short — a first layer on a gray image has 9
/// values a patch for a 3×3 kernel — and whose filters come in groups of eight. An SGEMM blocks
/// for long inner dimensions and wastes most of its work on k = 9; these keep a block of outputs
/// in registers instead: three patch rows by 32 filters forward, three patch positions by 32
/// filters for the weight gradient.
///
/// A patch row is read through `Patches`: unrolled rows one after another, or, for a one-channel
/// image without padding, one output row's pixels straight from the image, a patch position being
/// a fixed offset from its pixel's corner, so that nothing is unrolled.
@_spi(Testing) public enum NarrowPatchProducts {
    /// Patches at most this long go through these products.
    public static let maximumPatch = 16

    static func suits(patch: Int, filters: Int) -> Bool { patch <= maximumPatch && filters % 8 == 0 }

    /// Where each patch row's values are: row r's position p is `start[r · step + offsets[p]]`.
    public struct Patches {
        let start: UnsafePointer<Float>
        let step: Int
        let offsets: UnsafePointer<Int>

        /// - Parameters:
        ///   - step: `patch` for unrolled rows one after another; for an image read in place, the
        ///     stride between the pixels of one output row.
        ///   - offsets: Each patch position's place from its row's start: 0, 1, 2, … when unrolled.
        public init(start: UnsafePointer<Float>, step: Int, offsets: UnsafePointer<Int>) {
            (self.start, self.step, self.offsets) = (start, step, offsets)
        }

        @inline(__always)
        func row(_ index: Int) -> UnsafePointer<Float> { start + index * step }
    }

    /// `output` (rows × filters) += `patches` (rows × patch) · `weights` (patch × filters).
    public static func forward(
        rows: Int, patch: Int, filters: Int, _ patches: Patches, _ weights: UnsafePointer<Float>,
        into output: UnsafeMutablePointer<Float>
    ) {
        var group = 0
        while group < filters {
            let width = min(4, (filters - group) / 8)
            var row = 0
            while row + 3 <= rows {
                accumulateRows(3, row, group: group, width: width, patch: patch, filters: filters, patches, weights, output)
                row += 3
            }
            if row < rows { accumulateRows(rows - row, row, group: group, width: width, patch: patch, filters: filters, patches, weights, output) }
            group += 8 * width
        }
    }

    /// Up to 3 rows by up to 4 vectors of filters from `group`.
    @inline(__always)
    private static func accumulateRows(
        _ count: Int, _ first: Int, group: Int, width: Int, patch: Int, filters: Int,
        _ patches: Patches, _ weights: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>
    ) {
        var sums = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(),
                    SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        let row0 = patches.row(first), row1 = patches.row(first + (count > 1 ? 1 : 0)), row2 = patches.row(first + (count > 2 ? 2 : 0))
        for position in 0..<patch {
            let offset = patches.offsets[position]
            let line = weights + position * filters + group
            let w0 = load8(line), w1 = width > 1 ? load8(line + 8) : .zero
            let w2 = width > 2 ? load8(line + 16) : .zero, w3 = width > 3 ? load8(line + 24) : .zero
            let x0 = SIMD8(repeating: row0[offset]), x1 = SIMD8(repeating: row1[offset]), x2 = SIMD8(repeating: row2[offset])
            sums.0.addProduct(x0, w0); sums.1.addProduct(x0, w1); sums.2.addProduct(x0, w2); sums.3.addProduct(x0, w3)
            sums.4.addProduct(x1, w0); sums.5.addProduct(x1, w1); sums.6.addProduct(x1, w2); sums.7.addProduct(x1, w3)
            sums.8.addProduct(x2, w0); sums.9.addProduct(x2, w1); sums.10.addProduct(x2, w2); sums.11.addProduct(x2, w3)
        }
        let out = output + first * filters + group
        add((sums.0, sums.1, sums.2, sums.3), to: out, width: width)
        if count > 1 { add((sums.4, sums.5, sums.6, sums.7), to: out + filters, width: width) }
        if count > 2 { add((sums.8, sums.9, sums.10, sums.11), to: out + 2 * filters, width: width) }
    }

    /// `sums` (patch × filters) (+)= `patches`ᵀ (patch × rows) · `gradient` (rows × filters), the
    /// rows added in order.
    public static func weightGradient(
        rows: Int, patch: Int, filters: Int, _ patches: Patches, _ gradient: UnsafePointer<Float>,
        into sums: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        if !accumulate { sums.update(repeating: 0, count: patch * filters) }
        var group = 0
        while group < filters {
            let width = min(4, (filters - group) / 8)
            var position = 0
            while position < patch {
                let count = min(3, patch - position)
                var block = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(),
                             SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                let first = patches.offsets[position]
                let second = patches.offsets[position + (count > 1 ? 1 : 0)], third = patches.offsets[position + (count > 2 ? 2 : 0)]
                for row in 0..<rows {
                    let line = gradient + row * filters + group, values = patches.row(row)
                    let g0 = load8(line), g1 = width > 1 ? load8(line + 8) : .zero
                    let g2 = width > 2 ? load8(line + 16) : .zero, g3 = width > 3 ? load8(line + 24) : .zero
                    let x0 = SIMD8(repeating: values[first]), x1 = SIMD8(repeating: values[second]), x2 = SIMD8(repeating: values[third])
                    block.0.addProduct(x0, g0); block.1.addProduct(x0, g1); block.2.addProduct(x0, g2); block.3.addProduct(x0, g3)
                    block.4.addProduct(x1, g0); block.5.addProduct(x1, g1); block.6.addProduct(x1, g2); block.7.addProduct(x1, g3)
                    block.8.addProduct(x2, g0); block.9.addProduct(x2, g1); block.10.addProduct(x2, g2); block.11.addProduct(x2, g3)
                }
                let out = sums + position * filters + group
                add((block.0, block.1, block.2, block.3), to: out, width: width)
                if count > 1 { add((block.4, block.5, block.6, block.7), to: out + filters, width: width) }
                if count > 2 { add((block.8, block.9, block.10, block.11), to: out + 2 * filters, width: width) }
                position += count
            }
            group += 8 * width
        }
    }

    /// Adds the first `width` of four vectors to the values at `out`.
    @inline(__always)
    private static func add(_ vectors: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>), to out: UnsafeMutablePointer<Float>, width: Int) {
        store8(load8(out) + vectors.0, out)
        if width > 1 { store8(load8(out + 8) + vectors.1, out + 8) }
        if width > 2 { store8(load8(out + 16) + vectors.2, out + 16) }
        if width > 3 { store8(load8(out + 24) + vectors.3, out + 24) }
    }
}
