/// 2×2 max pooling with stride 2, channel by channel.
///
/// Backward sends each window's gradient to one position: the first maximum in reading order
/// (top-left, top-right, bottom-left, bottom-right), as PyTorch and Keras do. Ties are common —
/// MNIST's background is a constant −0.5, so a window of background gives four equal values — and
/// giving the gradient to every tied position, as the classic tutorial does, multiplies the
/// background's share of the filter gradient by up to four; one position is a true subgradient.
@_spi(Testing) public final class MaxPool2: Layer, LayerKernels {
    public let inputShape: Shape
    public let outputShape: Shape
    public var kind: any LayerKind { ClassicMaxPool() }

    public init(input: Shape) {
        precondition(input.channels % 8 == 0, "MaxPool2 works on channels in groups of 8")
        precondition(input.height >= 2 && input.width >= 2, "MaxPool2 needs at least 2×2 values")
        inputShape = input
        outputShape = Shape(height: input.height / 2, width: input.width / 2, channels: input.channels)
    }

    public var parameters: [[Float]] { [] }

    public func setParameters(_ tensors: [[Float]]) {
        precondition(tensors.isEmpty, "MaxPool2 has no parameters")
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels
        let rowStride = inputShape.width * channels
        for row in 0..<outputShape.height {
            for column in 0..<outputShape.width {
                let topLeft = input + (2 * row * inputShape.width + 2 * column) * channels
                let out = output + (row * outputShape.width + column) * channels
                for group in stride(from: 0, to: channels, by: 8) {
                    let top = larger(load8(topLeft + group), load8(topLeft + channels + group))
                    let bottom = larger(load8(topLeft + rowStride + group), load8(topLeft + rowStride + channels + group))
                    store8(larger(top, bottom), out + group)
                }
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, learningRate: Float
    ) {
        guard let inputGradient else { return }
        let channels = inputShape.channels
        let rowStride = inputShape.width * channels
        // Odd sizes leave a last row or column that no window covers: its gradient is zero.
        if inputShape.height % 2 != 0 || inputShape.width % 2 != 0 {
            inputGradient.update(repeating: 0, count: inputShape.count)
        }
        for row in 0..<outputShape.height {
            for column in 0..<outputShape.width {
                let offset = (2 * row * inputShape.width + 2 * column) * channels
                let cell = (row * outputShape.width + column) * channels
                for group in stride(from: 0, to: channels, by: 8) {
                    var router = FirstMaxRouter(maximum: load8(output + cell + group), gradient: load8(outputGradient + cell + group))
                    func route(_ position: Int) {
                        store8(router.gradient(for: load8(input + offset + position + group)), inputGradient + offset + position + group)
                    }
                    route(0)
                    route(channels)
                    route(rowStride)
                    route(rowStride + channels)
                }
            }
        }
    }
}

/// Lane-wise maximum. The standard library's `pointwiseMax` is generic over NaN handling and is not
/// inlined into a single vector instruction; activations here are never NaN.
@inline(__always)
func larger(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: a .< b)
}

/// Sends a pooling window's gradient to the first of its values, in the order they are offered,
/// that equals the window's maximum: lane by lane, for eight channels at once.
struct FirstMaxRouter {
    let maximum: SIMD8<Float>
    let windowGradient: SIMD8<Float>
    private var taken = SIMDMask<SIMD8<Int32>>(repeating: false)

    init(maximum: SIMD8<Float>, gradient: SIMD8<Float>) {
        self.maximum = maximum
        windowGradient = gradient
    }

    /// The gradient for the next value of the window: the window's where this value is the first
    /// maximum, zero elsewhere.
    @inline(__always)
    mutating func gradient(for value: SIMD8<Float>) -> SIMD8<Float> {
        let isFirstMax = (value .== maximum) .& .!taken
        taken .|= isFirstMax
        return SIMD8<Float>().replacing(with: windowGradient, where: isFirstMax)
    }
}
