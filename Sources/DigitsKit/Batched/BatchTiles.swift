/// How a convolution cuts a batch into tiles of samples, each tile's work done on one thread.
enum BatchTiles {
    /// The fewest tiles a batch is cut into, so that each thread of a 2- or 4-core machine has one
    /// even where one tile would hold the whole batch (a 1×1 output, a 2×2 block). A constant, not
    /// the thread count: the tiles decide how the weight gradient is summed, and results must not
    /// depend on the threads.
    static let minimum = 4

    /// Samples per tile for batches of up to `capacity`, tiles of at most `target` samples, all
    /// tiles but the last the same size.
    static func samples(capacity: Int, target: Int) -> Int {
        let tiles = max(min(minimum, capacity), (capacity + target - 1) / max(1, target))
        return max(1, (capacity + tiles - 1) / tiles)
    }
}
