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
    /// The mask.
    public func workspaceFloats(input: Shape, output: Shape) -> Int { output.count }
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
/// a resumed run draws the same masks as an uninterrupted one.
final class DropoutLayer: BatchLayer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    let rate: Float
    private let seed: UInt64
    private let mask: FloatBuffer
    private let workers: Workers

    init(input: Shape, rate: Float, seed: UInt64, capacity: Int, workers: Workers) {
        inputShape = input
        self.workers = workers
        self.rate = rate
        self.seed = seed
        mask = FloatBuffer(count: capacity * input.count)
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let values = count * inputShape.count
        guard case let .training(step) = mode, rate > 0 else {
            output.update(from: input, count: values)
            return
        }
        let seed = SeedStreams.dropoutMasks(seed, step: step), mask = mask.pointer
        let scale = 1 / (1 - rate)
        // 24 random bits per value, two values a draw, compared with (1 − rate) × 2^24.
        let threshold = UInt64(Double(1 - rate) * 16_777_216)
        workers.forEachRange((values + 1) / 2) { draws in
            for draw in draws {
                let bits = SplitMix64.draw(draw, seed: seed), index = 2 * draw
                mask[index] = bits & 0xFF_FFFF < threshold ? scale : 0
                output[index] = input[index] * mask[index]
                if index + 1 < values {
                    mask[index + 1] = (bits >> 32) & 0xFF_FFFF < threshold ? scale : 0
                    output[index + 1] = input[index + 1] * mask[index + 1]
                }
            }
        }
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
        let mask = UnsafePointer(mask.pointer)
        workers.forEachRange(values) { range in
            for index in range { inputGradient[index] = outputGradient[index] * mask[index] }
        }
    }
}
