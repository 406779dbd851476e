/// The weight and bias gradients of a convolution whose batch runs in tiles of samples: each of a
/// few groups of consecutive tiles, fixed by the shapes alone, sums its own on one thread, and the
/// groups are added in group order, so that the result does not depend on the thread count.
struct TileGroupSums {
    /// The most floats the groups' weight sums take together.
    static let partialFloats = 1 << 21

    private let maximumGroups: Int
    private let partials: FloatBuffer, biasPartials: FloatBuffer

    /// For batches of up to `tiles` tiles, weights of `size` floats and `filters` biases.
    init(tiles: Int, size: Int, filters: Int) {
        maximumGroups = max(1, min(tiles, Self.partialFloats / size))
        partials = FloatBuffer(count: maximumGroups > 1 ? maximumGroups * size : 1)
        biasPartials = FloatBuffer(count: maximumGroups * filters)
    }

    /// Calls `body` for each of `tiles` tiles in order within its group, on the group's thread
    /// (`part`, below the thread count), with the group's sums to write (`accumulate` false, the
    /// group's first tile) or add to; then sets `weights` and `biases` to the groups' totals.
    func sum(
        tiles: Int, workers: Workers, into weights: FloatBuffer, biases: FloatBuffer,
        _ body: (_ part: Int, _ tile: Int, _ sums: UnsafeMutablePointer<Float>, _ biasSums: UnsafeMutablePointer<Float>, _ accumulate: Bool) -> Void
    ) {
        let groups = min(tiles, maximumGroups), size = weights.count, filters = biases.count
        workers.forEachPart(groups) { part, range in
            for group in range {
                let sums = groups == 1 ? weights.pointer : partials.pointer + group * size
                let biasSums = groups == 1 ? biases.pointer : biasPartials.pointer + group * filters
                let first = tiles * group / groups
                for tile in first..<tiles * (group + 1) / groups { body(part, tile, sums, biasSums, tile > first) }
            }
        }
        guard groups > 1 else { return }
        Self.add(groups, partials: partials.pointer, into: weights, workers: workers)
        Self.add(groups, partials: biasPartials.pointer, into: biases, workers: workers)
    }

    /// `total` as the groups' sums added in group order, its values shared among threads.
    private static func add(_ groups: Int, partials: UnsafeMutablePointer<Float>, into total: FloatBuffer, workers: Workers) {
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
}
