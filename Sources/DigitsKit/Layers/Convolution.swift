/// `conv<k>:<filters>[:s<stride>][:p<padding>]`: a square convolution with bias over every input
/// channel, with a stride and zero padding on each side.
public struct Convolution: LayerKind, GeneralLayerKind {
    public let kernel: Int, filters: Int, stride: Int, padding: Int

    public init(kernel: Int, filters: Int, stride: Int = 1, padding: Int = 0) {
        self.kernel = kernel
        self.filters = filters
        self.stride = stride
        self.padding = padding
    }

    public static let code: UInt8 = 10
    public static let firstVersion = 2
    static let name = "conv"
    static let syntax = "conv<k>:<filters>[:s<stride>][:p<padding>]"
    static let examples = "conv3:32 or conv5:16:s2:p2"

    static func parse(_ token: LayerToken) -> Convolution? {
        guard let kernel = token.size(after: name), let first = token.options.first, let filters = Int(first), filters > 0,
              let lettered = token.lettered(from: 1, letters: ["s", "p"])
        else { return nil }
        return Convolution(kernel: kernel, filters: filters, stride: lettered["s"] ?? 1, padding: lettered["p"] ?? 0)
    }

    public init?(arguments: [UInt32]) {
        self.init(kernel: Int(arguments[0]), filters: Int(arguments[1]), stride: Int(arguments[2]), padding: Int(arguments[3]))
    }

    public var arguments: [UInt32] { [kernel, filters, stride, padding].map { UInt32(truncatingIfNeeded: $0) } }

    public var token: String {
        "conv\(kernel):\(filters)" + (stride == 1 ? "" : ":s\(stride)") + (padding == 0 ? "" : ":p\(padding)")
    }

    public func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> {
        guard (1...LayerLimits.kernel).contains(kernel) else { return .failure("a kernel of 1 to \(LayerLimits.kernel)") }
        guard (1...LayerLimits.filters).contains(filters) else { return .failure("1 to \(LayerLimits.filters) filters") }
        guard (1...LayerLimits.stride).contains(stride) else { return .failure("a stride of 1 to \(LayerLimits.stride)") }
        guard (0..<kernel).contains(padding) else { return .failure("a padding of 0 to \(kernel - 1) (less than the kernel)") }
        let paddedHeight = input.height + 2 * padding, paddedWidth = input.width + 2 * padding
        guard paddedHeight >= kernel, paddedWidth >= kernel else {
            return .failure("an input of at least \(kernel)×\(kernel) with its padding")
        }
        return .success(Shape(height: (paddedHeight - kernel) / stride + 1, width: (paddedWidth - kernel) / stride + 1, channels: filters))
    }

    public func tensors(for input: Shape) -> [LayerTensor] {
        let patch = kernel * kernel * input.channels
        return [.weights(patch * filters, fanIn: patch, fanOut: kernel * kernel * filters), .biases(filters)]
    }

    public func multiplyAdds(input: Shape, output: Shape) -> Int { output.count * kernel * kernel * input.channels }

    /// The unrolled patches, a bound: each thread unrolls a tile of a few samples at a time (at most
    /// 4 MB), whatever the batch.
    public func workspaceFloats(input: Shape, output: Shape) -> Int { output.height * output.width * kernel * kernel * input.channels }

    var initialization: InitializationHint { .other }

    /// Conv with bias; digits's weights are `[ky][kx][channel][filter]`.
    public func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder) {
        let (weights, channels, filters, kernel) = (tensors[0], graph.shape.channels, filters, kernel)
        graph.convolution(kernel: kernel, filters: filters, stride: stride, padding: padding, biases: tensors[1]) { y, x, channel, filter in
            weights[((y * kernel + x) * channels + channel) * filters + filter]
        }
    }

    /// Whether the layer runs as `WinogradConvolutionLayer`: 3×3 and stride 1, channels and filters
    /// in eights (its vectors), and at least 16 channels (oneDNN and NNPACK find the transforms cost
    /// more than they save with few).
    @_spi(Testing) public func runsWinograd(on input: Shape) -> Bool {
        kernel == 3 && stride == 1 && input.channels >= 16 && input.channels % 8 == 0 && filters % 8 == 0
    }

    /// Whether the layer runs as `PolyphaseConvolutionLayer`: 5×5 and stride 2, with the 3×3
    /// convolution over its four components one that Winograd's method takes, and an output of at
    /// least 8×8 (measured on the deep network: 21% less time at 12×12, 30% more at 4×4, where
    /// each sample is one Winograd block).
    @_spi(Testing) public func runsPolyphase(on input: Shape) -> Bool {
        guard kernel == PolyphaseConvolutionLayer.kernel, stride == PolyphaseConvolutionLayer.stride,
              case let .success(output) = outputShape(for: input), output.height >= 8, output.width >= 8
        else { return false }
        return Convolution(kernel: 3, filters: filters).runsWinograd(on: Shape(height: 1, width: 1, channels: 4 * input.channels))
    }

    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer {
        if runsPolyphase(on: context.input) {
            return PolyphaseConvolutionLayer(input: context.input, output: context.output, padding: padding,
                                             capacity: context.capacity, workers: context.workers)
        }
        if runsWinograd(on: context.input) {
            return WinogradConvolutionLayer(input: context.input, output: context.output, padding: padding,
                                            capacity: context.capacity, workers: context.workers)
        }
        return ConvolutionLayer(input: context.input, output: context.output, kernel: kernel, stride: stride, padding: padding,
                                capacity: context.capacity, workers: context.workers)
    }
}

/// A square convolution with bias over every input channel, with stride and zero padding, computed
/// as the notes derive it: the input patches unrolled into rows (im2col), then a matrix product
/// with the filters.
///
/// The batch goes through in tiles of a few samples, each thread unrolling its tile into a buffer
/// of its own that stays in cache and multiplying it on one core: one product over the whole
/// batch's patches would stream them through memory and split a narrow product badly across
/// threads. The weight gradient is summed per group of tiles and the groups added in order, both
/// fixed by the shapes alone, so that results do not depend on the thread count.
///
/// Weights are `[ky][kx][input channel][filter]`: a k·k·C × F matrix whose rows match a patch row.
final class ConvolutionLayer: BatchLayer {
    let inputShape: Shape
    let outputShape: Shape
    let kernel: Int, stride: Int, padding: Int
    let weights: FloatBuffer, biases: FloatBuffer
    let weightGradient: FloatBuffer, biasGradient: FloatBuffer
    /// Samples unrolled and multiplied together: enough patch rows for an efficient product, few
    /// enough that they stay in cache.
    private let tile: Int
    /// One buffer of `tile · outputPixels` patch rows per thread; in backward it takes dL/d(patches)
    /// once the weight gradient has been taken from it.
    private let columns: [FloatBuffer]
    private let groupSums: TileGroupSums
    private let workers: Workers

    var tensors: [FloatBuffer] { [weights, biases] }
    var gradients: [FloatBuffer] { [weightGradient, biasGradient] }

    private var patchSize: Int { kernel * kernel * inputShape.channels }
    /// Short patches (a first layer's) go through register-blocked products instead of SGEMM.
    private var narrow: Bool { NarrowPatchProducts.suits(patch: patchSize, filters: outputShape.channels) }
    /// A narrow one-channel layer without padding reads its patches from the image in place.
    private var readsInPlace: Bool { narrow && inputShape.channels == 1 && padding == 0 }
    /// Each patch position's offset: in an unrolled row, and from a pixel's corner in a one-channel image.
    private let unrolledOffsets: [Int], imageOffsets: [Int]
    private var outputPixels: Int { outputShape.height * outputShape.width }

    /// Patch rows a tile aims for, and the most floats of patches it may hold.
    static let tileRows = 512
    static let tileFloats = 1 << 20

    init(input: Shape, output: Shape, kernel: Int, stride: Int, padding: Int, capacity: Int, workers: Workers) {
        inputShape = input
        outputShape = output
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.workers = workers
        let size = kernel * kernel * input.channels * output.channels
        weights = FloatBuffer(count: size)
        biases = FloatBuffer(count: output.channels)
        weightGradient = FloatBuffer(count: size)
        biasGradient = FloatBuffer(count: output.channels)
        let rowsPerSample = output.height * output.width, patch = kernel * kernel * input.channels
        let tile = BatchTiles.samples(capacity: capacity, target: min((Self.tileRows + rowsPerSample - 1) / rowsPerSample, Self.tileFloats / (rowsPerSample * patch)))
        let tiles = (capacity + tile - 1) / tile
        self.tile = tile
        unrolledOffsets = Array(0..<patch)
        imageOffsets = (0..<kernel * kernel).map { ($0 / kernel) * input.width + $0 % kernel }
        columns = (0..<min(workers.threads, tiles)).map { _ in FloatBuffer(count: tile * rowsPerSample * patch) }
        groupSums = TileGroupSums(tiles: tiles, size: size, filters: output.channels)
    }

    /// The samples of tile `index` in a batch of `count`.
    private func samples(ofTile index: Int, count: Int) -> Range<Int> { index * tile..<min((index + 1) * tile, count) }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let filters = outputShape.channels, tiles = (count + tile - 1) / tile
        workers.forEachPart(tiles) { part, range in
            let patches = columns[part].pointer
            for index in range {
                let samples = samples(ofTile: index, count: count), rows = samples.count * outputPixels
                let out = output + samples.lowerBound * outputPixels * filters
                fillRows(out, rows: rows, columns: filters, with: biases.pointer)
                if readsInPlace {
                    forEachImageRow(samples, input) { row, patches in
                        NarrowPatchProducts.forward(rows: outputShape.width, patch: patchSize, filters: filters, patches, weights.pointer,
                                                    into: out + row * outputShape.width * filters)
                    }
                    continue
                }
                for (offset, sample) in samples.enumerated() { unroll(sample: sample, input, into: patches + offset * outputPixels * patchSize) }
                if narrow {
                    unrolledOffsets.withUnsafeBufferPointer { offsets in
                        NarrowPatchProducts.forward(rows: rows, patch: patchSize, filters: filters,
                                                    .init(start: patches, step: patchSize, offsets: offsets.baseAddress!), weights.pointer, into: out)
                    }
                } else {
                    matrixProduct(m: rows, n: filters, k: patchSize, patches, weights.pointer, into: out, accumulate: true)
                }
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        let filters = outputShape.channels, tiles = (count + tile - 1) / tile
        groupSums.sum(tiles: tiles, workers: workers, into: weightGradient, biases: biasGradient) { part, index, sums, biasSums, accumulate in
            let patches = columns[part].pointer
            let samples = samples(ofTile: index, count: count), rows = samples.count * outputPixels
            let gradient = outputGradient + samples.lowerBound * outputPixels * filters
            sumRows(gradient, rows: rows, columns: filters, into: biasSums, accumulate: accumulate)
            if readsInPlace {
                forEachImageRow(samples, input) { row, patches in
                    NarrowPatchProducts.weightGradient(
                        rows: outputShape.width, patch: patchSize, filters: filters, patches,
                        gradient + row * outputShape.width * filters, into: sums, accumulate: accumulate || row > 0
                    )
                }
            } else {
                for (offset, sample) in samples.enumerated() { unroll(sample: sample, input, into: patches + offset * outputPixels * patchSize) }
                if narrow {
                    unrolledOffsets.withUnsafeBufferPointer { offsets in
                        NarrowPatchProducts.weightGradient(
                            rows: rows, patch: patchSize, filters: filters, .init(start: patches, step: patchSize, offsets: offsets.baseAddress!),
                            gradient, into: sums, accumulate: accumulate
                        )
                    }
                } else {
                    matrixProduct(m: patchSize, n: filters, k: rows, patches, transposeA: true, gradient, into: sums, accumulate: accumulate)
                }
            }
            guard let inputGradient else { return }
            matrixProduct(m: rows, n: patchSize, k: filters, gradient, weights.pointer, transposeB: true, into: patches)
            for (offset, sample) in samples.enumerated() {
                fold(patches + offset * outputPixels * patchSize, sample: sample, into: inputGradient)
            }
        }
    }

    /// Calls `body` with each output row of `samples` (counted from the first) and its patches read
    /// from the one-channel image in place.
    private func forEachImageRow(
        _ samples: Range<Int>, _ input: UnsafePointer<Float>, _ body: (Int, NarrowPatchProducts.Patches) -> Void
    ) {
        imageOffsets.withUnsafeBufferPointer { offsets in
            for (offset, sample) in samples.enumerated() {
                let image = input + sample * inputShape.count
                for y in 0..<outputShape.height {
                    body(offset * outputShape.height + y,
                         .init(start: image + y * stride * inputShape.width, step: stride, offsets: offsets.baseAddress!))
                }
            }
        }
    }

    /// Copies the patches of one sample into `rows`, zeros where the padding is. A kernel row that
    /// lies inside the image is one contiguous run of k·C values.
    private func unroll(sample: Int, _ input: UnsafePointer<Float>, into rows: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, height = inputShape.height, width = inputShape.width
        let run = kernel * channels
        let image = input + sample * inputShape.count
        var row = rows
        for outRow in 0..<outputShape.height {
            for outColumn in 0..<outputShape.width {
                let left = outColumn * stride - padding
                let inside = left >= 0 && left + kernel <= width
                for kernelRow in 0..<kernel {
                    let y = outRow * stride - padding + kernelRow
                    if y < 0 || y >= height {
                        row.update(repeating: 0, count: run)
                    } else if inside {
                        row.update(from: image + (y * width + left) * channels, count: run)
                    } else {
                        for kernelColumn in 0..<kernel {
                            let x = left + kernelColumn, to = row + kernelColumn * channels
                            if x >= 0 && x < width {
                                let from = image + (y * width + x) * channels
                                for channel in 0..<channels { to[channel] = from[channel] }
                            } else {
                                for channel in 0..<channels { to[channel] = 0 }
                            }
                        }
                    }
                    row += run
                }
            }
        }
    }

    /// Adds one sample's rows of dL/d(patches) back onto the pixels they were copied from (col2im).
    private func fold(_ rows: UnsafeMutablePointer<Float>, sample: Int, into inputGradient: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, height = inputShape.height, width = inputShape.width
        let run = kernel * channels
        let image = inputGradient + sample * inputShape.count
        image.update(repeating: 0, count: inputShape.count)
        var row = UnsafePointer(rows)
        for outRow in 0..<outputShape.height {
            for outColumn in 0..<outputShape.width {
                let left = outColumn * stride - padding
                let inside = left >= 0 && left + kernel <= width
                for kernelRow in 0..<kernel {
                    let y = outRow * stride - padding + kernelRow
                    if y >= 0 && y < height {
                        if inside {
                            let to = image + (y * width + left) * channels
                            for index in 0..<run { to[index] += row[index] }
                        } else {
                            for kernelColumn in 0..<kernel {
                                let x = left + kernelColumn
                                guard x >= 0 && x < width else { continue }
                                let to = image + (y * width + x) * channels, from = row + kernelColumn * channels
                                for channel in 0..<channels { to[channel] += from[channel] }
                            }
                        }
                    }
                    row += run
                }
            }
        }
    }
}
