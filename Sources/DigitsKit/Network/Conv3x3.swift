/// A 3×3 valid convolution of a one-channel image with `filters` filters and no bias.
///
/// Filters are stored tap-major, `[tap 0..<9][filter]`, so that the filters of one tap are
/// contiguous: each group of eight is one `SIMD8<Float>` and a whole output pixel is one vector op
/// per tap and group. The filter count must therefore be a multiple of 8.
public final class Conv3x3: Layer {
    public static let taps = 9
    public let inputShape: Shape
    public let outputShape: Shape
    public var kind: LayerKind { .conv3x3(filters: filterCount) }

    let filterCount: Int
    let filters: FloatBuffer

    /// - Parameters:
    ///   - generator: Fills the filters with N(0, 1) / 9, as the classic network does.
    public init(input: Shape, filters: Int, generator: inout SplitMix64) {
        precondition(input.channels == 1, "Conv3x3 reads a one-channel image")
        precondition(input.height >= 3 && input.width >= 3, "Conv3x3 needs at least 3×3 pixels")
        precondition(filters > 0 && filters % 8 == 0, "the filter count must be a positive multiple of 8")
        inputShape = input
        outputShape = Shape(height: input.height - 2, width: input.width - 2, channels: filters)
        filterCount = filters
        self.filters = FloatBuffer(count: Self.taps * filters)
        for index in 0..<self.filters.count {
            self.filters.pointer[index] = Float(generator.nextNormal() / 9)
        }
    }

    public var parameters: [[Float]] { [filters.array] }

    public func setParameters(_ tensors: [[Float]]) {
        precondition(tensors.count == 1, "Conv3x3 has one tensor")
        filters.assign(tensors[0])
    }

    public func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let width = inputShape.width
        let outHeight = outputShape.height, outWidth = outputShape.width
        let stride = filterCount
        for group in Swift.stride(from: 0, to: filterCount, by: 8) {
            let f = filters.pointer + group
            let f0 = load8(f), f1 = load8(f + stride), f2 = load8(f + 2 * stride)
            let f3 = load8(f + 3 * stride), f4 = load8(f + 4 * stride), f5 = load8(f + 5 * stride)
            let f6 = load8(f + 6 * stride), f7 = load8(f + 7 * stride), f8 = load8(f + 8 * stride)
            let below = width, twoBelow = 2 &* width
            for row in 0..<outHeight {
                let inputRow = input + row &* width
                var out = output + (row &* outWidth &* stride &+ group)
                for column in 0..<outWidth {
                    let x = inputRow + column
                    // Three partial sums keep the FMA chains short.
                    var s0 = f0 * SIMD8(repeating: x[0])
                    var s1 = f1 * SIMD8(repeating: x[1])
                    var s2 = f2 * SIMD8(repeating: x[2])
                    s0.addProduct(f3, SIMD8(repeating: x[below]))
                    s1.addProduct(f4, SIMD8(repeating: x[below &+ 1]))
                    s2.addProduct(f5, SIMD8(repeating: x[below &+ 2]))
                    s0.addProduct(f6, SIMD8(repeating: x[twoBelow]))
                    s1.addProduct(f7, SIMD8(repeating: x[twoBelow &+ 1]))
                    s2.addProduct(f8, SIMD8(repeating: x[twoBelow &+ 2]))
                    store8(s0 + s1 + s2, out)
                    out += stride
                }
            }
        }
    }

    public func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, learningRate: Float
    ) {
        let width = inputShape.width
        let outHeight = outputShape.height, outWidth = outputShape.width
        let stride = filterCount
        if let inputGradient {
            inputGradient.update(repeating: 0, count: inputShape.count)
            for row in 0..<outHeight {
                for column in 0..<outWidth {
                    let gradient = outputGradient + (row * outWidth + column) * stride
                    for tap in 0..<Self.taps {
                        var sum: Float = 0
                        for filter in 0..<filterCount { sum += filters.pointer[tap * stride + filter] * gradient[filter] }
                        inputGradient[(row + tap / 3) * width + column + tap % 3] += sum
                    }
                }
            }
        }
        let step = SIMD8<Float>(repeating: -learningRate)
        for group in Swift.stride(from: 0, to: filterCount, by: 8) {
            var d0 = SIMD8<Float>(), d1 = SIMD8<Float>(), d2 = SIMD8<Float>()
            var d3 = SIMD8<Float>(), d4 = SIMD8<Float>(), d5 = SIMD8<Float>()
            var d6 = SIMD8<Float>(), d7 = SIMD8<Float>(), d8 = SIMD8<Float>()
            let below = width, twoBelow = 2 &* width
            for row in 0..<outHeight {
                let inputRow = input + row &* width
                var gradient = outputGradient + (row &* outWidth &* stride &+ group)
                for column in 0..<outWidth {
                    let g = load8(gradient)
                    gradient += stride
                    let x = inputRow + column
                    d0.addProduct(g, SIMD8(repeating: x[0]))
                    d1.addProduct(g, SIMD8(repeating: x[1]))
                    d2.addProduct(g, SIMD8(repeating: x[2]))
                    d3.addProduct(g, SIMD8(repeating: x[below]))
                    d4.addProduct(g, SIMD8(repeating: x[below &+ 1]))
                    d5.addProduct(g, SIMD8(repeating: x[below &+ 2]))
                    d6.addProduct(g, SIMD8(repeating: x[twoBelow]))
                    d7.addProduct(g, SIMD8(repeating: x[twoBelow &+ 1]))
                    d8.addProduct(g, SIMD8(repeating: x[twoBelow &+ 2]))
                }
            }
            let f = filters.pointer + group
            func descend(_ tap: Int, _ gradient: SIMD8<Float>) {
                store8(load8(f + tap * stride).addingProduct(step, gradient), f + tap * stride)
            }
            descend(0, d0); descend(1, d1); descend(2, d2)
            descend(3, d3); descend(4, d4); descend(5, d5)
            descend(6, d6); descend(7, d7); descend(8, d8)
        }
    }
}
