/// A square convolution with bias over every input channel, with stride and zero padding, computed
/// as the notes derive it: the input patches unrolled into rows (im2col), then one matrix product
/// with the filters for the whole batch.
///
/// Weights are `[ky][kx][input channel][filter]`: a k·k·C × F matrix whose rows match a patch row.
final class Convolution: BatchLayer {
    let inputShape: Shape
    let outputShape: Shape
    let kernel: Int, stride: Int, padding: Int
    let weights: FloatBuffer, biases: FloatBuffer
    let weightGradient: FloatBuffer, biasGradient: FloatBuffer
    /// The unrolled patches of the last batch, `count · outputPixels` rows of `patchSize`; reused
    /// for dL/d(patches) in backward once the weight gradient has been taken from it.
    private let columns: FloatBuffer
    private let workers: Workers

    var kind: LayerKind { .convolution(kernel: kernel, filters: outputShape.channels, stride: stride, padding: padding) }
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
