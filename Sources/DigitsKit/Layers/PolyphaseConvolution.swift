/// A 5×5 stride-2 convolution computed as a 3×3 stride-1 one by Winograd's method: the same
/// function as `ConvolutionLayer`'s, with about a third of its multiplies.
///
/// Splitting the padded input by the parity of its rows and columns gives four images of half the
/// size (the polyphase components, "space to depth"), stacked as 4C channels. The 5×5 kernel splits
/// the same way into four kernels of at most 3×3, so the strided convolution is the sum over the
/// four components of stride-1 3×3 convolutions: one 3×3 convolution over the 4C channels, whose
/// weights are the 5×5 weights rearranged, zero where a 3×3 position has no 5×5 tap. That
/// convolution runs as a `WinogradConvolutionLayer`. Both rearrangements are permutations, so the
/// gradients go back through them exactly.
///
/// Weights are stored as `ConvolutionLayer` stores them, `[ky][kx][input channel][filter]`.
final class PolyphaseConvolutionLayer: BatchLayer {
    let inputShape: Shape
    let outputShape: Shape
    let padding: Int
    let weights: FloatBuffer, biases: FloatBuffer
    let weightGradient: FloatBuffer, biasGradient: FloatBuffer
    /// The 3×3 convolution over the stacked components.
    private let inner: WinogradConvolutionLayer
    /// The batch's components, `inner`'s input; in backward, their gradient.
    private let components: FloatBuffer, componentGradient: FloatBuffer
    private let workers: Workers

    var tensors: [FloatBuffer] { [weights, biases] }
    var gradients: [FloatBuffer] { [weightGradient, biasGradient] }

    static let kernel = 5, stride = 2

    /// The shape of the stacked components of a padded `input`: half its size, rounded up, and
    /// four times its channels.
    static func componentShape(of input: Shape, padding: Int) -> Shape {
        Shape(height: (input.height + 2 * padding + 1) / 2, width: (input.width + 2 * padding + 1) / 2, channels: 4 * input.channels)
    }

    init(input: Shape, output: Shape, padding: Int, capacity: Int, workers: Workers) {
        inputShape = input
        outputShape = output
        self.padding = padding
        self.workers = workers
        let stacked = Self.componentShape(of: input, padding: padding)
        precondition(stacked.height - 2 == output.height && stacked.width - 2 == output.width, "the components' 3×3 convolution gives the output")
        let size = Self.kernel * Self.kernel * input.channels * output.channels
        weights = FloatBuffer(count: size)
        biases = FloatBuffer(count: output.channels)
        weightGradient = FloatBuffer(count: size)
        biasGradient = FloatBuffer(count: output.channels)
        inner = WinogradConvolutionLayer(input: stacked, output: output, padding: 0, capacity: capacity, workers: workers)
        components = FloatBuffer(count: capacity * stacked.count)
        componentGradient = FloatBuffer(count: capacity * stacked.count)
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        rearrangeWeights()
        split(input, count: count)
        inner.forward(components.pointer, into: output, count: count, mode: mode)
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        inner.backward(input: components.pointer, output: output, outputGradient: outputGradient,
                       inputGradient: inputGradient == nil ? nil : componentGradient.pointer, count: count)
        let filters = outputShape.channels
        forEachTap { tap, stacked, channel in
            (weightGradient.pointer + tap * filters).update(from: inner.weightGradient.pointer + (stacked + channel) * filters, count: filters)
        }
        biasGradient.pointer.update(from: inner.biasGradient.pointer, count: filters)
        if let inputGradient { merge(into: inputGradient, count: count) }
    }

    /// Calls `body` with each 5×5 tap (its index in `weights`' rows, `[ky][kx][channel]`) and its
    /// row in the 3×3 weights: `stacked` is the 3×3 position's first row of that component's
    /// channels, `channel` the channel.
    private func forEachTap(_ body: (_ tap: Int, _ stacked: Int, _ channel: Int) -> Void) {
        let channels = inputShape.channels
        for ky in 0..<Self.kernel {
            for kx in 0..<Self.kernel {
                let component = 2 * (ky % 2) + kx % 2, position = (ky / 2) * 3 + kx / 2
                for channel in 0..<channels {
                    body((ky * Self.kernel + kx) * channels + channel, (position * 4 + component) * channels, channel)
                }
            }
        }
    }

    /// The 3×3 weights over the components: each 5×5 tap in its place, zeros where there is none.
    private func rearrangeWeights() {
        let filters = outputShape.channels
        inner.weights.pointer.update(repeating: 0, count: 9 * 4 * inputShape.channels * filters)
        forEachTap { tap, stacked, channel in
            (inner.weights.pointer + (stacked + channel) * filters).update(from: weights.pointer + tap * filters, count: filters)
        }
        inner.biases.pointer.update(from: biases.pointer, count: filters)
    }

    /// Calls `body` for each pixel of the padded input of one sample that lies in the image: its
    /// offset in the image and in the stacked components, each the first of `channels` values.
    private func forEachPixel(_ body: (_ image: Int, _ stacked: Int) -> Void) {
        let channels = inputShape.channels, stacked = Self.componentShape(of: inputShape, padding: padding)
        for y in 0..<inputShape.height {
            let row = y + padding
            for x in 0..<inputShape.width {
                let column = x + padding, component = 2 * (row % 2) + column % 2
                body((y * inputShape.width + x) * channels, ((row / 2) * stacked.width + column / 2) * stacked.channels + component * channels)
            }
        }
    }

    /// The batch's stacked components, zeros where they fall in the padding.
    private func split(_ input: UnsafePointer<Float>, count: Int) {
        let stackedCount = Self.componentShape(of: inputShape, padding: padding).count, channels = inputShape.channels
        workers.forEachRange(count) { samples in
            for sample in samples {
                let image = input + sample * inputShape.count, stacked = components.pointer + sample * stackedCount
                stacked.update(repeating: 0, count: stackedCount)
                forEachPixel { from, to in (stacked + to).update(from: image + from, count: channels) }
            }
        }
    }

    /// dL/d(input): each pixel's gradient is its component's, the padding's dropped.
    private func merge(into inputGradient: UnsafeMutablePointer<Float>, count: Int) {
        let stackedCount = Self.componentShape(of: inputShape, padding: padding).count, channels = inputShape.channels
        workers.forEachRange(count) { samples in
            for sample in samples {
                let image = inputGradient + sample * inputShape.count, stacked = componentGradient.pointer + sample * stackedCount
                forEachPixel { to, from in (image + to).update(from: stacked + from, count: channels) }
            }
        }
    }
}
