/// Max or average pooling over square windows with a stride, channel by channel.
///
/// Max pooling sends each window's gradient to its first maximum in reading order, as the classic
/// `MaxPool2` does; windows may overlap (3/2), so gradients add up.
final class Pooling: BatchLayer {
    enum Operation { case maximum, average }

    let inputShape: Shape
    let outputShape: Shape
    let operation: Operation
    let window: Int, stride: Int
    /// For max pooling, the input position (within its sample) each output took its value from.
    private let sources: UnsafeMutableBufferPointer<Int32>
    private let workers: Workers

    var kind: LayerKind {
        operation == .maximum ? .maxPool(window: window, stride: stride) : .averagePool(window: window, stride: stride)
    }

    init(input: Shape, output: Shape, operation: Operation, window: Int, stride: Int, capacity: Int, workers: Workers) {
        inputShape = input
        outputShape = output
        self.operation = operation
        self.window = window
        self.stride = stride
        self.workers = workers
        sources = .allocate(capacity: operation == .maximum ? capacity * output.count : 0)
        sources.initialize(repeating: 0)
    }

    deinit { sources.deallocate() }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let channels = inputShape.channels, width = inputShape.width
        let scale = 1 / Float(window * window)
        workers.forEachRange(count) { samples in
            for sample in samples {
                let image = input + sample * inputShape.count
                var out = output + sample * outputShape.count
                var source = operation == .maximum ? sources.baseAddress! + sample * outputShape.count : nil
                for outRow in 0..<outputShape.height {
                    for outColumn in 0..<outputShape.width {
                        let corner = (outRow * stride * width + outColumn * stride) * channels
                        // The window's positions in reading order, each a run of channels, so the
                        // innermost loop runs over contiguous channels.
                        out.update(from: image + corner, count: channels)
                        if let source { for channel in 0..<channels { source[channel] = Int32(corner + channel) } }
                        for position in 1..<window * window {
                            let offset = corner + ((position / window) * width + position % window) * channels
                            let values = image + offset
                            if let source {
                                for channel in 0..<channels where values[channel] > out[channel] {
                                    out[channel] = values[channel]
                                    source[channel] = Int32(offset + channel)
                                }
                            } else {
                                for channel in 0..<channels { out[channel] += values[channel] }
                            }
                        }
                        if operation == .average { for channel in 0..<channels { out[channel] *= scale } }
                        out += channels
                        source = source.map { $0 + channels }
                    }
                }
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        guard let inputGradient else { return }
        let channels = inputShape.channels, width = inputShape.width
        let scale = 1 / Float(window * window)
        workers.forEachRange(count) { samples in
            for sample in samples {
                let image = inputGradient + sample * inputShape.count
                image.update(repeating: 0, count: inputShape.count)
                let gradient = outputGradient + sample * outputShape.count
                if operation == .maximum {
                    let source = sources.baseAddress! + sample * outputShape.count
                    for index in 0..<outputShape.count { image[Int(source[index])] += gradient[index] }
                    continue
                }
                for outRow in 0..<outputShape.height {
                    for outColumn in 0..<outputShape.width {
                        let corner = (outRow * stride * width + outColumn * stride) * channels
                        let cell = gradient + (outRow * outputShape.width + outColumn) * channels
                        for row in 0..<window {
                            for column in 0..<window {
                                let pixel = image + corner + (row * width + column) * channels
                                for channel in 0..<channels { pixel[channel] += cell[channel] * scale }
                            }
                        }
                    }
                }
            }
        }
    }
}
