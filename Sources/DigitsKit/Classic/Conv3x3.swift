/// A 3×3 valid convolution of a one-channel image with `filters` filters and no bias.
///
/// Filters are stored tap-major, `[tap 0..<9][filter]`, so that the filters of one tap are
/// contiguous: each group of eight is one `SIMD8<Float>` and a whole output pixel is one vector op
/// per tap and group. The filter count must therefore be a multiple of 8.
@_spi(Testing) public final class Conv3x3: Layer, LayerKernels {
    public static let taps = 9
    public let inputShape: Shape
    public let outputShape: Shape
    public var kind: any LayerKind { ClassicConvolution(filters: filterCount) }

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

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let width = inputShape.width, outWidth = outputShape.width, stride = filterCount
        for group in Swift.stride(from: 0, to: filterCount, by: 8) {
            let taps = FilterGroup(filters.pointer + group, stride: stride)
            for row in 0..<outputShape.height {
                let inputRow = input + row &* width
                var out = output + (row &* outWidth &* stride &+ group)
                for column in 0..<outWidth {
                    store8(taps.apply(inputRow + column, width: width), out)
                    out += stride
                }
            }
        }
    }

    func backward(
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
            var gradients = TapGradients()
            for row in 0..<outHeight {
                let inputRow = input + row &* width
                var gradient = outputGradient + (row &* outWidth &* stride &+ group)
                for column in 0..<outWidth {
                    gradients.add(load8(gradient), patch: inputRow + column, width: width)
                    gradient += stride
                }
            }
            gradients.descend(filters.pointer + group, stride: stride, step: step)
        }
    }

    // MARK: Fused with the 2×2 max pool that follows

    /// Whether `forwardPooled` and `backwardPooled` apply: an even output, so that every
    /// position belongs to one pooling window.
    var canFusePool: Bool { outputShape.height % 2 == 0 && outputShape.width % 2 == 0 }

    /// The convolution and the max pool after it in one pass: each window's four outputs are
    /// computed, stored for the backward pass, and reduced while still in registers.
    func forwardPooled(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, pooled: UnsafeMutablePointer<Float>) {
        precondition(canFusePool, "the fused pool needs an even output")
        let width = inputShape.width, outWidth = outputShape.width, stride = filterCount
        for group in Swift.stride(from: 0, to: filterCount, by: 8) {
            let taps = FilterGroup(filters.pointer + group, stride: stride)
            @inline(__always) func convolve(_ row: Int, _ column: Int) -> SIMD8<Float> {
                let value = taps.apply(input + (row &* width &+ column), width: width)
                store8(value, output + ((row &* outWidth &+ column) &* stride &+ group))
                return value
            }
            for poolRow in 0..<outputShape.height / 2 {
                for poolColumn in 0..<outWidth / 2 {
                    let row = 2 &* poolRow, column = 2 &* poolColumn
                    let top = larger(convolve(row, column), convolve(row, column &+ 1))
                    let bottom = larger(convolve(row &+ 1, column), convolve(row &+ 1, column &+ 1))
                    store8(larger(top, bottom), pooled + ((poolRow &* (outWidth / 2) &+ poolColumn) &* stride &+ group))
                }
            }
        }
    }

    /// The backward pass of the max pool and this convolution in one: each window's gradient goes
    /// straight into the filter gradient at its first maximum, with no gradient image in between.
    /// Takes one SGD step; computes no input gradient (this is the first layer).
    func backwardPooled(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, pooled: UnsafePointer<Float>,
        pooledGradient: UnsafePointer<Float>, learningRate: Float
    ) {
        precondition(canFusePool, "the fused pool needs an even output")
        let width = inputShape.width, outWidth = outputShape.width, stride = filterCount
        let step = SIMD8<Float>(repeating: -learningRate)
        for group in Swift.stride(from: 0, to: filterCount, by: 8) {
            var gradients = TapGradients()
            for poolRow in 0..<outputShape.height / 2 {
                for poolColumn in 0..<outWidth / 2 {
                    let cell = (poolRow &* (outWidth / 2) &+ poolColumn) &* stride &+ group
                    var router = FirstMaxRouter(maximum: load8(pooled + cell), gradient: load8(pooledGradient + cell))
                    @inline(__always) func accumulate(_ row: Int, _ column: Int) {
                        let g = router.gradient(for: load8(output + ((row &* outWidth &+ column) &* stride &+ group)))
                        gradients.add(g, patch: input + (row &* width &+ column), width: width)
                    }
                    let row = 2 &* poolRow, column = 2 &* poolColumn
                    accumulate(row, column)
                    accumulate(row, column &+ 1)
                    accumulate(row &+ 1, column)
                    accumulate(row &+ 1, column &+ 1)
                }
            }
            gradients.descend(filters.pointer + group, stride: stride, step: step)
        }
    }
}

/// The nine taps of eight filters, loaded once and kept in registers.
private struct FilterGroup {
    let f0, f1, f2, f3, f4, f5, f6, f7, f8: SIMD8<Float>

    /// - Parameters:
    ///   - filters: Tap 0 of the group's first filter; taps are `stride` floats apart.
    @inline(__always)
    init(_ filters: UnsafePointer<Float>, stride: Int) {
        f0 = load8(filters); f1 = load8(filters + stride); f2 = load8(filters + 2 &* stride)
        f3 = load8(filters + 3 &* stride); f4 = load8(filters + 4 &* stride); f5 = load8(filters + 5 &* stride)
        f6 = load8(filters + 6 &* stride); f7 = load8(filters + 7 &* stride); f8 = load8(filters + 8 &* stride)
    }

    /// The eight filters' outputs for the 3×3 patch whose top-left pixel is `x`, in an image
    /// `width` pixels wide. Three partial sums keep the FMA chains short.
    @inline(__always)
    func apply(_ x: UnsafePointer<Float>, width: Int) -> SIMD8<Float> {
        let twoBelow = 2 &* width
        var s0 = f0 * SIMD8(repeating: x[0])
        var s1 = f1 * SIMD8(repeating: x[1])
        var s2 = f2 * SIMD8(repeating: x[2])
        s0.addProduct(f3, SIMD8(repeating: x[width]))
        s1.addProduct(f4, SIMD8(repeating: x[width &+ 1]))
        s2.addProduct(f5, SIMD8(repeating: x[width &+ 2]))
        s0.addProduct(f6, SIMD8(repeating: x[twoBelow]))
        s1.addProduct(f7, SIMD8(repeating: x[twoBelow &+ 1]))
        s2.addProduct(f8, SIMD8(repeating: x[twoBelow &+ 2]))
        return s0 + s1 + s2
    }
}

/// The gradients of the nine taps of eight filters, summed over output positions.
private struct TapGradients {
    var d0 = SIMD8<Float>(), d1 = SIMD8<Float>(), d2 = SIMD8<Float>()
    var d3 = SIMD8<Float>(), d4 = SIMD8<Float>(), d5 = SIMD8<Float>()
    var d6 = SIMD8<Float>(), d7 = SIMD8<Float>(), d8 = SIMD8<Float>()

    /// Adds output gradient `g` times the 3×3 patch whose top-left pixel is `x`.
    @inline(__always)
    mutating func add(_ g: SIMD8<Float>, patch x: UnsafePointer<Float>, width: Int) {
        let twoBelow = 2 &* width
        d0.addProduct(g, SIMD8(repeating: x[0]))
        d1.addProduct(g, SIMD8(repeating: x[1]))
        d2.addProduct(g, SIMD8(repeating: x[2]))
        d3.addProduct(g, SIMD8(repeating: x[width]))
        d4.addProduct(g, SIMD8(repeating: x[width &+ 1]))
        d5.addProduct(g, SIMD8(repeating: x[width &+ 2]))
        d6.addProduct(g, SIMD8(repeating: x[twoBelow]))
        d7.addProduct(g, SIMD8(repeating: x[twoBelow &+ 1]))
        d8.addProduct(g, SIMD8(repeating: x[twoBelow &+ 2]))
    }

    /// One SGD step: each tap's filters += `step` × its gradient.
    @inline(__always)
    func descend(_ filters: UnsafeMutablePointer<Float>, stride: Int, step: SIMD8<Float>) {
        func apply(_ tap: Int, _ gradient: SIMD8<Float>) {
            let f = filters + tap &* stride
            store8(load8(f).addingProduct(step, gradient), f)
        }
        apply(0, d0); apply(1, d1); apply(2, d2)
        apply(3, d3); apply(4, d4); apply(5, d5)
        apply(6, d6); apply(7, d7); apply(8, d8)
    }
}
