/// A 3×3 stride-1 convolution over many channels, computed by Winograd's F(4×4, 3×3)
/// (`WinogradTransforms`): the same function as `ConvolutionLayer`'s, with 4× fewer multiplies.
///
/// Each thread takes a tile of a few samples at a time. Forward: the tile's 6×6 input blocks
/// transformed into 36 planes (block × channel), each multiplied by its plane of transformed
/// filters (channel × filter) in one SGEMM, the 36 products transformed back into 4×4 output
/// blocks. Backward runs the same steps' adjoints, so its gradients are exactly those of the
/// function computed. Blocks on the bottom and right edges read zeros past the image and drop the
/// outputs past its edge. As in `ConvolutionLayer`, the weight gradient is summed per group of
/// tiles fixed by the shapes, the groups added in order: results do not depend on the thread count.
///
/// Weights are stored as `ConvolutionLayer` stores them, `[ky][kx][input channel][filter]`.
final class WinogradConvolutionLayer: BatchLayer {
    let inputShape: Shape
    let outputShape: Shape
    let padding: Int
    let weights: FloatBuffer, biases: FloatBuffer
    let weightGradient: FloatBuffer, biasGradient: FloatBuffer
    /// U = G g Gᵀ of the weights `forward` last saw, `[ξ][channel][filter]`; backward uses it too.
    private let transformedWeights: FloatBuffer
    /// The weights `transformedWeights` was made from at inference, when they have not changed
    /// since: a network that only infers transforms its filters once, not at every batch.
    private let inferenceWeights: FloatBuffer
    private var inferenceWeightsAreCurrent = false
    /// The gradient of the transformed weights, summed over the batch.
    private let transformedGradient: FloatBuffer
    private let blockRows: Int, blockColumns: Int
    /// Samples per tile.
    private let tile: Int
    /// Per thread: the transformed inputs (then, in backward, their gradient), 36 planes of
    /// blocks × channels; and the products (then their gradient), 36 planes of blocks × filters.
    private let inputPlanes: [FloatBuffer], productPlanes: [FloatBuffer]
    /// Floats from one plane to the next in `inputPlanes` and `productPlanes`, and in the
    /// transformed weights and their gradient.
    private let inputPlane: Int, productPlane: Int, weightPlane: Int
    private let groupSums: TileGroupSums
    private let workers: Workers

    var tensors: [FloatBuffer] { [weights, biases] }
    var gradients: [FloatBuffer] { [weightGradient, biasGradient] }

    /// Blocks a tile aims for (measured: 72 to 288 are within noise, 36 and 1152 slower).
    static let tileBlocks = 144
    private var block: Int { WinogradTransforms.block }
    private var span: Int { WinogradTransforms.span }
    private var positions: Int { WinogradTransforms.positions }

    init(input: Shape, output: Shape, padding: Int, capacity: Int, workers: Workers) {
        inputShape = input
        outputShape = output
        self.padding = padding
        self.workers = workers
        let channels = input.channels, filters = output.channels, size = 9 * channels * filters
        let positions = WinogradTransforms.positions, block = WinogradTransforms.block
        weights = FloatBuffer(count: size)
        biases = FloatBuffer(count: filters)
        weightGradient = FloatBuffer(count: size)
        biasGradient = FloatBuffer(count: filters)
        weightPlane = Self.planeStride(channels * filters)
        transformedWeights = FloatBuffer(count: positions * weightPlane)
        inferenceWeights = FloatBuffer(count: size)
        transformedGradient = FloatBuffer(count: positions * weightPlane)
        blockRows = (output.height + block - 1) / block
        blockColumns = (output.width + block - 1) / block
        let blocksPerSample = blockRows * blockColumns
        let tile = BatchTiles.samples(capacity: capacity, target: (Self.tileBlocks + blocksPerSample - 1) / blocksPerSample)
        let tiles = (capacity + tile - 1) / tile
        self.tile = tile
        let threads = min(workers.threads, tiles)
        inputPlane = Self.planeStride(tile * blocksPerSample * channels)
        productPlane = Self.planeStride(tile * blocksPerSample * filters)
        inputPlanes = (0..<threads).map { [inputPlane] _ in FloatBuffer(count: positions * inputPlane) }
        productPlanes = (0..<threads).map { [productPlane] _ in FloatBuffer(count: positions * productPlane) }
        groupSums = TileGroupSums(tiles: tiles, size: positions * weightPlane, filters: filters)
    }

    /// The distance between planes for `floats` of them: an odd count of 64-byte lines. The
    /// transforms touch all 36 planes at once, and at a multiple of 4 KB apart (a tile of 144
    /// blocks of 128 channels is 72 KB) they would all fall in one set of the L1 cache.
    static func planeStride(_ floats: Int) -> Int { ((floats + 15) / 16 | 1) * 16 }

    private var blocksPerSample: Int { blockRows * blockColumns }
    private var outputPixels: Int { outputShape.height * outputShape.width }

    /// The samples of tile `index` in a batch of `count`.
    private func samples(ofTile index: Int, count: Int) -> Range<Int> { index * tile..<min((index + 1) * tile, count) }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let channels = inputShape.channels, filters = outputShape.channels, tiles = (count + tile - 1) / tile
        transformFilters(for: mode)
        let transformed = UnsafePointer(transformedWeights.pointer)
        workers.forEachPart(tiles) { part, range in
            let inputs = inputPlanes[part].pointer, products = productPlanes[part].pointer
            for index in range {
                let samples = samples(ofTile: index, count: count), blocks = samples.count * blocksPerSample
                transformInputs(samples, input, into: inputs)
                for position in 0..<positions {
                    matrixProduct(m: blocks, n: filters, k: channels, inputs + position * inputPlane,
                                  transformed + position * weightPlane, into: products + position * productPlane)
                }
                transformProducts(products, samples, into: output)
            }
        }
    }

    /// U of the current weights. Training changes them after every step, and anything may write
    /// them between batches, so at inference they are compared with the ones last transformed.
    private func transformFilters(for mode: BatchMode) {
        let bytes = weights.count * MemoryLayout<Float>.size
        if !mode.isTraining && inferenceWeightsAreCurrent && memcmp(weights.pointer, inferenceWeights.pointer, bytes) == 0 { return }
        let channels = inputShape.channels, filters = outputShape.channels
        workers.forEachRange(channels * filters / 8) { vectors in
            WinogradTransforms.transformFilters(weights.pointer, channels: channels, filters: filters, vectors: vectors,
                                                into: transformedWeights.pointer, plane: weightPlane)
        }
        inferenceWeightsAreCurrent = !mode.isTraining
        if inferenceWeightsAreCurrent { inferenceWeights.pointer.update(from: weights.pointer, count: weights.count) }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        let channels = inputShape.channels, filters = outputShape.channels, tiles = (count + tile - 1) / tile
        let transformed = UnsafePointer(transformedWeights.pointer)
        groupSums.sum(tiles: tiles, workers: workers, into: transformedGradient, biases: biasGradient) { part, index, sums, biasSums, accumulate in
            let inputs = inputPlanes[part].pointer, products = productPlanes[part].pointer
            let samples = samples(ofTile: index, count: count), blocks = samples.count * blocksPerSample
            let gradient = outputGradient + samples.lowerBound * outputPixels * filters
            sumRows(gradient, rows: samples.count * outputPixels, columns: filters, into: biasSums, accumulate: accumulate)
            transformInputs(samples, input, into: inputs)
            transformOutputGradient(gradient, samples: samples.count, into: products)
            for position in 0..<positions {
                matrixProduct(m: channels, n: filters, k: blocks, inputs + position * inputPlane, transposeA: true,
                              products + position * productPlane, into: sums + position * weightPlane, accumulate: accumulate)
            }
            guard let inputGradient else { return }
            for position in 0..<positions {
                matrixProduct(m: blocks, n: channels, k: filters, products + position * productPlane,
                              transformed + position * weightPlane, transposeB: true, into: inputs + position * inputPlane)
            }
            foldInputGradient(inputs, samples, into: inputGradient)
        }
        workers.forEachRange(channels * filters / 8) { vectors in
            WinogradTransforms.filterGradient(transformedGradient.pointer, plane: weightPlane, channels: channels, filters: filters,
                                              vectors: vectors, into: weightGradient.pointer)
        }
    }

    /// Calls `body` with each block of `samples`: its index in the tile and its top-left input pixel
    /// (which may lie in the padding).
    @inline(__always)
    private func forEachBlock(_ samples: Int, _ body: (_ block: Int, _ sample: Int, _ y: Int, _ x: Int) -> Void) {
        var index = 0
        for sample in 0..<samples {
            for row in 0..<blockRows {
                for column in 0..<blockColumns {
                    body(index, sample, block * row - padding, block * column - padding)
                    index += 1
                }
            }
        }
    }

    /// V = Bᵀ d B of every 6×6 input block of `samples`, zeros outside the image.
    private func transformInputs(_ samples: Range<Int>, _ input: UnsafePointer<Float>, into planes: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, plane = inputPlane
        withUnsafeTemporaryAllocation(of: Float.self, capacity: positions * channels) { scratch in
            forEachBlock(samples.count) { block, sample, top, left in
                let image = input + (samples.lowerBound + sample) * inputShape.count
                let (source, rowStep) = blockPixels(image, top, left, copyingEdgesInto: scratch.baseAddress!)
                for channel in stride(from: 0, to: channels, by: 8) {
                    let to = planes + block * channels + channel
                    // Column j of V = Bᵀ (d B): element j of Bᵀ along each row of d, then Bᵀ down the column.
                    func column(_ j: Int) {
                        func along(_ i: Int) -> WinogradTransforms.Vector {
                            let start = source + i * rowStep + channel
                            return WinogradTransforms.input(j) { load8(start + $0 * channels) }
                        }
                        let down = (along(0), along(1), along(2), along(3), along(4), along(5))
                        WinogradTransforms.store(column: WinogradTransforms.six(WinogradTransforms.input, of: down), j, into: to, plane: plane)
                    }
                    column(0); column(1); column(2); column(3); column(4); column(5)
                }
            }
        }
    }

    /// Whether the 6×6 block at (`top`, `left`) lies inside the image.
    @inline(__always)
    private func isInterior(_ top: Int, _ left: Int) -> Bool {
        top >= 0 && left >= 0 && top + span <= inputShape.height && left + span <= inputShape.width
    }

    /// Where a block's pixels are, and the step between its rows: in the image when the block lies
    /// inside it, else copied into `scratch` (6×6 pixels) with zeros outside the image.
    @inline(__always)
    private func blockPixels(
        _ image: UnsafePointer<Float>, _ top: Int, _ left: Int, copyingEdgesInto scratch: UnsafeMutablePointer<Float>
    ) -> (UnsafePointer<Float>, Int) {
        let channels = inputShape.channels, width = inputShape.width
        if isInterior(top, left) { return (image + (top * width + left) * channels, width * channels) }
        for i in 0..<span {
            for j in 0..<span {
                let y = top + i, x = left + j, to = scratch + (span * i + j) * channels
                if y >= 0 && y < inputShape.height && x >= 0 && x < width {
                    to.update(from: image + (y * width + x) * channels, count: channels)
                } else {
                    to.update(repeating: 0, count: channels)
                }
            }
        }
        return (UnsafePointer(scratch), span * channels)
    }

    /// Y = Aᵀ M A plus the bias for every block, the outputs past the image's edge dropped.
    private func transformProducts(_ planes: UnsafePointer<Float>, _ samples: Range<Int>, into output: UnsafeMutablePointer<Float>) {
        let filters = outputShape.channels, height = outputShape.height, width = outputShape.width
        let plane = productPlane
        forEachBlock(samples.count) { block, sample, top, left in
            let image = output + (samples.lowerBound + sample) * outputPixels * filters
            let y = top + padding, x = left + padding
            let rows = min(self.block, height - y), columns = min(self.block, width - x)
            for filter in stride(from: 0, to: filters, by: 8) {
                let from = planes + block * filters + filter
                let bias = load8(biases.pointer + filter), at = image + (y * width + x) * filters + filter
                // Column q of Y = Aᵀ (M A): element q of Aᵀ along each row of M, then Aᵀ down the column.
                func column(_ q: Int) {
                    guard q < columns else { return }
                    func along(_ i: Int) -> WinogradTransforms.Vector {
                        WinogradTransforms.output(q) { load8(from + (6 * i + $0) * plane) }
                    }
                    let down = (along(0), along(1), along(2), along(3), along(4), along(5))
                    let start = at + q * filters
                    for p in 0..<rows {
                        store8(WinogradTransforms.output(p) { WinogradTransforms.element(down, $0) } + bias, start + p * width * filters)
                    }
                }
                column(0); column(1); column(2); column(3)
            }
        }
    }

    /// dM = A dY Aᵀ for every block of a tile's output gradient, zeros past the image's edge.
    private func transformOutputGradient(_ gradient: UnsafePointer<Float>, samples: Int, into planes: UnsafeMutablePointer<Float>) {
        let filters = outputShape.channels, height = outputShape.height, width = outputShape.width
        let plane = productPlane
        forEachBlock(samples) { block, sample, top, left in
            let image = gradient + sample * outputPixels * filters
            let y = top + padding, x = left + padding
            let rows = min(self.block, height - y), columns = min(self.block, width - x)
            for filter in stride(from: 0, to: filters, by: 8) {
                let to = planes + block * filters + filter
                // Column j of dM = A (dY Aᵀ): element j of A along each row of dY, then A down the column.
                func column(_ j: Int) {
                    func along(_ p: Int) -> WinogradTransforms.Vector {
                        guard p < rows else { return .zero }
                        let start = image + ((y + p) * width + x) * filters + filter
                        return WinogradTransforms.outputAdjoint(j) { $0 < columns ? load8(start + $0 * filters) : .zero }
                    }
                    // A's columns have four elements; the last two of `down` are never read.
                    let down = (along(0), along(1), along(2), along(3), WinogradTransforms.Vector.zero, WinogradTransforms.Vector.zero)
                    WinogradTransforms.store(column: WinogradTransforms.six(WinogradTransforms.outputAdjoint, of: down), j, into: to, plane: plane)
                }
                column(0); column(1); column(2); column(3); column(4); column(5)
            }
        }
    }

    /// dd = B dV Bᵀ for every block, added onto the input pixels under it (blocks overlap by two).
    private func foldInputGradient(_ planes: UnsafePointer<Float>, _ samples: Range<Int>, into inputGradient: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, height = inputShape.height, width = inputShape.width
        let plane = inputPlane
        (inputGradient + samples.lowerBound * inputShape.count).update(repeating: 0, count: samples.count * inputShape.count)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: positions * channels) { scratch in
            let scratch = scratch.baseAddress!
            forEachBlock(samples.count) { block, sample, top, left in
                let image = inputGradient + (samples.lowerBound + sample) * inputShape.count
                let interior = isInterior(top, left)
                // An edge block's gradient goes to the scratch block first, then onto the pixels inside.
                let target = interior ? image + (top * width + left) * channels : scratch
                let rowStep = interior ? width * channels : span * channels
                if !interior { scratch.update(repeating: 0, count: positions * channels) }
                for channel in stride(from: 0, to: channels, by: 8) {
                    let from = planes + block * channels + channel
                    // Column j of dd = B (dV Bᵀ): element j of B along each row of dV, then B down
                    // the column, added onto the pixels of column j.
                    func column(_ j: Int) {
                        func along(_ i: Int) -> WinogradTransforms.Vector {
                            WinogradTransforms.inputAdjoint(j) { load8(from + (6 * i + $0) * plane) }
                        }
                        let down = (along(0), along(1), along(2), along(3), along(4), along(5))
                        let start = target + j * channels + channel
                        for i in 0..<span {
                            let value = WinogradTransforms.inputAdjoint(i) { WinogradTransforms.element(down, $0) }
                            store8(load8(start + i * rowStep) + value, start + i * rowStep)
                        }
                    }
                    column(0); column(1); column(2); column(3); column(4); column(5)
                }
                guard !interior else { return }
                for i in 0..<span {
                    for j in 0..<span {
                        let y = top + i, x = left + j
                        guard y >= 0 && y < height && x >= 0 && x < width else { continue }
                        let to = image + (y * width + x) * channels, from = scratch + (span * i + j) * channels
                        for channel in 0..<channels { to[channel] += from[channel] }
                    }
                }
            }
        }
    }
}
