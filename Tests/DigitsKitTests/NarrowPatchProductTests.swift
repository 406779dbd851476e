@_spi(Testing) import DigitsKit
import Testing

/// The register-blocked products of short-patch convolutions against plain triple loops.
@Suite struct NarrowPatchProductTests {
    static let shapes: [(rows: Int, patch: Int, filters: Int)] = [(7, 9, 32), (1, 1, 8), (5, 16, 40), (11, 4, 64), (3, 2, 24)]

    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(generator.nextUniform() * 2 - 1) }
    }

    /// Unrolled rows one after another, as a convolution with padding or several channels keeps them.
    static func withPatches(_ patches: [Float], patch: Int, _ body: (NarrowPatchProducts.Patches) -> Void) {
        let offsets = Array(0..<patch)
        patches.withUnsafeBufferPointer { values in
            offsets.withUnsafeBufferPointer { offsets in body(.init(start: values.baseAddress!, step: patch, offsets: offsets.baseAddress!)) }
        }
    }

    @Test("forward adds patches · weights onto the output", arguments: shapes.indices)
    func forward(_ index: Int) {
        let (rows, patch, filters) = Self.shapes[index]
        let patches = Self.values(rows * patch, seed: 1), weights = Self.values(patch * filters, seed: 2)
        var output = Self.values(rows * filters, seed: 3)
        var expected = output
        for row in 0..<rows {
            for filter in 0..<filters {
                for position in 0..<patch { expected[row * filters + filter] += patches[row * patch + position] * weights[position * filters + filter] }
            }
        }
        Self.withPatches(patches, patch: patch) { NarrowPatchProducts.forward(rows: rows, patch: patch, filters: filters, $0, weights, into: &output) }
        let error = zip(output, expected).map { abs($0 - $1) }.max() ?? 1
        #expect(error < 1e-5, "rows \(rows), patch \(patch), filters \(filters): error \(error)")
    }

    @Test("the weight gradient is patchesᵀ · gradient, added or written", arguments: shapes.indices)
    func weightGradient(_ index: Int) {
        let (rows, patch, filters) = Self.shapes[index]
        let patches = Self.values(rows * patch, seed: 4), gradient = Self.values(rows * filters, seed: 5)
        let start = Self.values(patch * filters, seed: 6)
        var product = [Float](repeating: 0, count: patch * filters)
        for position in 0..<patch {
            for filter in 0..<filters {
                for row in 0..<rows { product[position * filters + filter] += patches[row * patch + position] * gradient[row * filters + filter] }
            }
        }
        for accumulate in [false, true] {
            var sums = start
            Self.withPatches(patches, patch: patch) {
                NarrowPatchProducts.weightGradient(rows: rows, patch: patch, filters: filters, $0, gradient, into: &sums, accumulate: accumulate)
            }
            let expected = accumulate ? zip(start, product).map(+) : product
            let error = zip(sums, expected).map { abs($0 - $1) }.max() ?? 1
            #expect(error < 1e-5, "rows \(rows), patch \(patch), filters \(filters), accumulate \(accumulate): error \(error)")
        }
    }
}
