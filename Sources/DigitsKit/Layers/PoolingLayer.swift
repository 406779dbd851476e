/// Max or average pooling over square windows with a stride, channel by channel.
///
/// Max pooling sends each window's gradient to its first maximum in reading order, as the classic
/// `MaxPool2` does; windows may overlap (3/2), so gradients add up.
final class PoolingLayer: BatchLayer {
    enum Operation { case maximum, average }

    let inputShape: Shape
    let outputShape: Shape
    let operation: Operation
    let window: Int, stride: Int
    /// For max pooling, the input position (within its sample) each output took its value from.
    private let sources: UnsafeMutableBufferPointer<Int32>
    /// Each window position's offset from the window's corner, in reading order.
    private let offsets: UnsafeMutableBufferPointer<Int>
    private let workers: Workers

    init(input: Shape, output: Shape, operation: Operation, window: Int, stride: Int, capacity: Int, workers: Workers) {
        inputShape = input
        outputShape = output
        self.operation = operation
        self.window = window
        self.stride = stride
        self.workers = workers
        sources = .allocate(capacity: operation == .maximum ? capacity * output.count : 0)
        sources.initialize(repeating: 0)
        offsets = .allocate(capacity: window * window)
        for position in 0..<window * window {
            offsets[position] = ((position / window) * input.width + position % window) * input.channels
        }
    }

    deinit {
        sources.deallocate()
        offsets.deallocate()
    }

    /// Whether the windows tile the input exactly (no overlap, nothing left over), so that backward
    /// can write every input position once instead of clearing and scattering.
    private var tiles: Bool {
        stride == window && inputShape.height == outputShape.height * window && inputShape.width == outputShape.width * window
    }

    /// Max-pool backward for tiling windows: each position of a window gets the window's gradient
    /// if it was the maximum, else 0.
    private func routeTiled(_ gradient: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>, sources: UnsafePointer<Int32>) {
        let channels = inputShape.channels, width = inputShape.width
        for outRow in 0..<outputShape.height {
            for outColumn in 0..<outputShape.width {
                let corner = (outRow * window * width + outColumn * window) * channels
                let cell = (outRow * outputShape.width + outColumn) * channels
                for position in 0..<offsets.count {
                    let offset = corner + offsets[position]
                    var channel = 0
                    while channel + 8 <= channels {
                        let here = SIMD8<Int32>(repeating: Int32(offset + channel)) &+ SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
                        let source = UnsafeRawPointer(sources + cell + channel).loadUnaligned(as: SIMD8<Int32>.self)
                        store8(SIMD8<Float>().replacing(with: load8(gradient + cell + channel), where: source .== here), image + offset + channel)
                        channel += 8
                    }
                    while channel < channels {
                        image[offset + channel] = Int(sources[cell + channel]) == offset + channel ? gradient[cell + channel] : 0
                        channel += 1
                    }
                }
            }
        }
    }

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
                        if let current = source {
                            maximum(image, corner: corner, into: out, source: current)
                            source = current + channels
                        } else {
                            average(image, corner: corner, into: out, scale: scale)
                        }
                        out += channels
                    }
                }
            }
        }
    }

    /// One window's maximum per channel and where it was, eight channels at a time where they come
    /// in groups of eight. A later position wins only when strictly larger: the first maximum.
    @inline(__always)
    private func maximum(_ image: UnsafePointer<Float>, corner: Int, into out: UnsafeMutablePointer<Float>, source: UnsafeMutablePointer<Int32>) {
        let channels = inputShape.channels
        var channel = 0
        while channel + 8 <= channels {
            var best = load8(image + corner + channel)
            var where8 = SIMD8<Int32>(repeating: Int32(corner + channel)) &+ SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
            for position in 1..<offsets.count {
                let offset = corner + offsets[position] + channel
                let values = load8(image + offset)
                let larger = best .< values
                best.replace(with: values, where: larger)
                where8.replace(with: SIMD8<Int32>(repeating: Int32(offset)) &+ SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7), where: larger)
            }
            store8(best, out + channel)
            UnsafeMutableRawPointer(source + channel).storeBytes(of: where8, as: SIMD8<Int32>.self)
            channel += 8
        }
        while channel < channels {
            var best = image[corner + channel], bestIndex = corner + channel
            for position in 1..<offsets.count {
                let index = corner + offsets[position] + channel
                if image[index] > best { best = image[index]; bestIndex = index }
            }
            out[channel] = best
            source[channel] = Int32(bestIndex)
            channel += 1
        }
    }

    @inline(__always)
    private func average(_ image: UnsafePointer<Float>, corner: Int, into out: UnsafeMutablePointer<Float>, scale: Float) {
        let channels = inputShape.channels, width = inputShape.width
        out.update(repeating: 0, count: channels)
        for position in 0..<window * window {
            let values = image + corner + ((position / window) * width + position % window) * channels
            for channel in 0..<channels { out[channel] += values[channel] }
        }
        for channel in 0..<channels { out[channel] *= scale }
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
                let gradient = outputGradient + sample * outputShape.count
                if operation == .maximum && tiles {
                    routeTiled(gradient, into: image, sources: sources.baseAddress! + sample * outputShape.count)
                    continue
                }
                image.update(repeating: 0, count: inputShape.count)
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
