/// `dropout:<p>`: inverted dropout, which zeroes each value with probability p in training and
/// scales the rest.
public struct Dropout: LayerKind, GeneralLayerKind {
    public let rate: Float

    public init(rate: Float) { self.rate = rate }

    public static let code: UInt8 = 16
    public static let firstVersion = 2
    static let name = "dropout"
    static let syntax = "dropout:<p>"
    static let examples = "dropout:0.5"

    static func parse(_ token: LayerToken) -> Dropout? {
        guard token.head == name, token.options.count == 1, let rate = Float(token.options[0]), rate >= 0, rate < 1 else { return nil }
        return Dropout(rate: rate)
    }

    /// The rate is stored as the bits of an f32.
    public init?(arguments: [UInt32]) {
        let rate = Float(bitPattern: arguments[0])
        guard rate.isFinite else { return nil }
        self.init(rate: rate)
    }

    public var arguments: [UInt32] { [rate.bitPattern] }
    public var token: String { "dropout:\(rate)" }

    public func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> {
        guard rate >= 0, rate < 1 else { return .failure("a rate from 0 up to (not including) 1") }
        return .success(input)
    }

    public func tensors(for input: Shape) -> [LayerTensor] { [] }
    public func multiplyAdds(input: Shape, output: Shape) -> Int { input.count }
    /// None: backward draws the mask again.
    public func workspaceFloats(input: Shape, output: Shape) -> Int { 0 }
    var initialization: InitializationHint { .transparent }

    /// Dropout with its rate as the ratio input: the identity at inference, where ONNX's
    /// training mode is off by default.
    public func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder) {
        graph.node("Dropout", inputs: [graph.initializer("ratio", dimensions: [], [rate])])
    }

    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer {
        DropoutLayer(input: context.input, rate: rate, seed: context.seed, capacity: context.capacity, workers: context.workers)
    }
}

/// Inverted dropout: in training each value is kept with probability 1 − rate and scaled by
/// 1 / (1 − rate), so inference is the identity.
///
/// The masks of a batch are drawn from the seed, the layer's position and the optimizer's step, so
/// a resumed run draws the same masks as an uninterrupted one. Backward draws the last forward's
/// mask again instead of storing it: the draws cost less than writing and reading a mask as large
/// as the batch, and loops over three buffers of one size stall on addresses that alias in cache.
final class DropoutLayer: BatchLayer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    let rate: Float
    private let seed: UInt64
    /// The masks' seed of the last training forward, for backward.
    private var maskSeed: UInt64 = 0
    private let workers: Workers

    init(input: Shape, rate: Float, seed: UInt64, capacity: Int, workers: Workers) {
        inputShape = input
        self.workers = workers
        self.rate = rate
        self.seed = seed
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let values = count * inputShape.count
        guard case let .training(step) = mode, rate > 0 else {
            output.update(from: input, count: values)
            return
        }
        maskSeed = SeedStreams.dropoutMasks(seed, step: step)
        applyMask(input, into: output, values: values)
    }

    /// The identity at inference.
    func backwardAtInference(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        inputGradient?.update(from: outputGradient, count: count * inputShape.count)
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        guard let inputGradient else { return }
        let values = count * inputShape.count
        guard rate > 0 else {
            inputGradient.update(from: outputGradient, count: values)
            return
        }
        applyMask(outputGradient, into: inputGradient, values: values)
    }

    /// `out = x · mask` with the mask of `maskSeed`: 24 random bits per value, two values a draw,
    /// compared with (1 − rate) × 2^24; eight values (four draws) at a time.
    private func applyMask(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, values: Int) {
        let seed = maskSeed, scale = 1 / (1 - rate)
        let threshold = UInt64(Double(1 - rate) * 16_777_216)
        workers.forEachRange((values + 7) / 8) { blocks in
            for block in blocks {
                var factors = SIMD8<Float>()
                for draw in 0..<4 {
                    let bits = SplitMix64.draw(4 * block + draw, seed: seed)
                    factors[2 * draw] = bits & 0xFF_FFFF < threshold ? scale : 0
                    factors[2 * draw + 1] = (bits >> 32) & 0xFF_FFFF < threshold ? scale : 0
                }
                let first = 8 * block
                if first + 8 <= values {
                    store8(load8(x + first) * factors, out + first)
                } else {
                    for index in first..<values { out[index] = x[index] * factors[index - first] }
                }
            }
        }
    }
}
