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
        matrixProduct(m: rows, n: filters, k: patchSize, columns.pointer, weights.pointer, into: output)
        addBias(output, rows: rows, columns: filters, bias: biases.pointer)
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        let rows = count * outputPixels, filters = outputShape.channels
        matrixProduct(m: patchSize, n: filters, k: rows, columns.pointer, transposeA: true, outputGradient, into: weightGradient.pointer)
        sumRows(outputGradient, rows: rows, columns: filters, into: biasGradient.pointer)
        guard let inputGradient else { return }
        matrixProduct(m: rows, n: patchSize, k: filters, outputGradient, weights.pointer, transposeB: true, into: columns.pointer)
        workers.forEachRange(count) { samples in
            for sample in samples { fold(sample: sample, into: inputGradient) }
        }
    }

    /// Copies the patches of one sample into its rows of `columns`, zeros where the padding is.
    private func unroll(sample: Int, _ input: UnsafePointer<Float>) {
        let channels = inputShape.channels, height = inputShape.height, width = inputShape.width
        let image = input + sample * inputShape.count
        var row = columns.pointer + sample * outputPixels * patchSize
        for outRow in 0..<outputShape.height {
            for outColumn in 0..<outputShape.width {
                for kernelRow in 0..<kernel {
                    let y = outRow * stride - padding + kernelRow
                    for kernelColumn in 0..<kernel {
                        let x = outColumn * stride - padding + kernelColumn
                        if y >= 0 && y < height && x >= 0 && x < width {
                            row.update(from: image + (y * width + x) * channels, count: channels)
                        } else {
                            row.update(repeating: 0, count: channels)
                        }
                        row += channels
                    }
                }
            }
        }
    }

    /// Adds one sample's rows of dL/d(patches) back onto the pixels they were copied from (col2im).
    private func fold(sample: Int, into inputGradient: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, height = inputShape.height, width = inputShape.width
        let image = inputGradient + sample * inputShape.count
        image.update(repeating: 0, count: inputShape.count)
        var row = UnsafePointer(columns.pointer + sample * outputPixels * patchSize)
        for outRow in 0..<outputShape.height {
            for outColumn in 0..<outputShape.width {
                for kernelRow in 0..<kernel {
                    let y = outRow * stride - padding + kernelRow
                    for kernelColumn in 0..<kernel {
                        let x = outColumn * stride - padding + kernelColumn
                        if y >= 0 && y < height && x >= 0 && x < width {
                            let pixel = image + (y * width + x) * channels
                            for channel in 0..<channels { pixel[channel] += row[channel] }
                        }
                        row += channels
                    }
                }
            }
        }
    }
}

/// Adds `bias` to each of `rows` rows of `columns` values.
func addBias(_ matrix: UnsafeMutablePointer<Float>, rows: Int, columns: Int, bias: UnsafePointer<Float>) {
    for row in 0..<rows {
        let values = matrix + row * columns
        for column in 0..<columns { values[column] += bias[column] }
    }
}

/// Writes the column sums of a `rows`×`columns` matrix.
func sumRows(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
    sums.update(repeating: 0, count: columns)
    for row in 0..<rows {
        let values = matrix + row * columns
        for column in 0..<columns { sums[column] += values[column] }
    }
}
