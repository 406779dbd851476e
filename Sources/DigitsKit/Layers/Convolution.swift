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

    /// The unrolled patches.
    public func workspaceFloats(input: Shape, output: Shape) -> Int { output.height * output.width * kernel * kernel * input.channels }

    var initialization: InitializationHint { .other }

    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer {
        ConvolutionLayer(input: context.input, output: context.output, kernel: kernel, stride: stride, padding: padding,
                         capacity: context.capacity, workers: context.workers)
    }
}

/// A square convolution with bias over every input channel, with stride and zero padding, computed
/// as the notes derive it: the input patches unrolled into rows (im2col), then one matrix product
/// with the filters for the whole batch.
///
/// Weights are `[ky][kx][input channel][filter]`: a k·k·C × F matrix whose rows match a patch row.
final class ConvolutionLayer: BatchLayer {
    let inputShape: Shape
    let outputShape: Shape
    let kernel: Int, stride: Int, padding: Int
    let weights: FloatBuffer, biases: FloatBuffer
    let weightGradient: FloatBuffer, biasGradient: FloatBuffer
    /// The unrolled patches of the last batch, `count · outputPixels` rows of `patchSize`; reused
    /// for dL/d(patches) in backward once the weight gradient has been taken from it.
    private let columns: FloatBuffer
    private let workers: Workers

    var tensors: [FloatBuffer] { [weights, biases] }
    var gradients: [FloatBuffer] { [weightGradient, biasGradient] }

    private var patchSize: Int { kernel * kernel * inputShape.channels }
    private var outputPixels: Int { outputShape.height * outputShape.width }

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
        columns = FloatBuffer(count: capacity * output.height * output.width * kernel * kernel * input.channels)
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let rows = count * outputPixels, filters = outputShape.channels
        workers.forEachRange(count) { samples in
            for sample in samples { unroll(sample: sample, input) }
        }
        fillRows(output, rows: rows, columns: filters, with: biases.pointer)
        matrixProduct(m: rows, n: filters, k: patchSize, columns.pointer, weights.pointer, into: output, accumulate: true)
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        let rows = count * outputPixels, filters = outputShape.channels
        matrixProduct(m: patchSize, n: filters, k: rows, columns.pointer, transposeA: true, outputGradient, into: weightGradient.pointer)
        sumRows(outputGradient, rows: rows, columns: filters, into: biasGradient.pointer, workers: workers)
        guard let inputGradient else { return }
        matrixProduct(m: rows, n: patchSize, k: filters, outputGradient, weights.pointer, transposeB: true, into: columns.pointer)
        workers.forEachRange(count) { samples in
            for sample in samples { fold(sample: sample, into: inputGradient) }
        }
    }

    /// Copies the patches of one sample into its rows of `columns`, zeros where the padding is.
    /// A kernel row that lies inside the image is one contiguous run of k·C values.
    private func unroll(sample: Int, _ input: UnsafePointer<Float>) {
        let channels = inputShape.channels, height = inputShape.height, width = inputShape.width
        let run = kernel * channels
        let image = input + sample * inputShape.count
        var row = columns.pointer + sample * outputPixels * patchSize
        for outRow in 0..<outputShape.height {
            for outColumn in 0..<outputShape.width {
                let left = outColumn * stride - padding
                let inside = left >= 0 && left + kernel <= width
                for kernelRow in 0..<kernel {
                    let y = outRow * stride - padding + kernelRow
                    if y < 0 || y >= height {
                        for index in 0..<run { row[index] = 0 }
                    } else if inside {
                        let from = image + (y * width + left) * channels
                        for index in 0..<run { row[index] = from[index] }
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
    private func fold(sample: Int, into inputGradient: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, height = inputShape.height, width = inputShape.width
        let run = kernel * channels
        let image = inputGradient + sample * inputShape.count
        image.update(repeating: 0, count: inputShape.count)
        var row = UnsafePointer(columns.pointer + sample * outputPixels * patchSize)
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
