/// `relu`: max(x, 0), value by value.
public struct ReLU: LayerKind, GeneralLayerKind {
    public init() {}

    public static let code: UInt8 = 13
    public static let firstVersion = 2
    static let name = "relu"
    static let syntax = "relu"
    static let examples = "relu"

    static func parse(_ token: LayerToken) -> ReLU? { token.head == name && token.options.isEmpty ? ReLU() : nil }

    public init?(arguments: [UInt32]) {}
    public var arguments: [UInt32] { [] }
    public var token: String { Self.name }
    public func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> { .success(input) }
    public func tensors(for input: Shape) -> [LayerTensor] { [] }
    public func multiplyAdds(input: Shape, output: Shape) -> Int { input.count }
    public func workspaceFloats(input: Shape, output: Shape) -> Int { 0 }
    var initialization: InitializationHint { .rectifier }
    public func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder) { graph.node("Relu") }
    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer { ReLULayer(input: context.input, workers: context.workers) }
}

/// max(x, 0). Forward and backward may run in place (output and input the same buffer).
final class ReLULayer: BatchLayer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    private let workers: Workers

    init(input: Shape, workers: Workers) {
        inputShape = input
        self.workers = workers
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        workers.forEachRange(count) { samples in
            let first = samples.lowerBound * inputShape.count
            rectify(input + first, into: output + first, values: samples.count * inputShape.count)
        }
    }

    private func rectify(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, values: Int) {
        let zero = SIMD8<Float>()
        var index = 0
        while index + 8 <= values {
            store8(larger(load8(input + index), zero), output + index)
            index += 8
        }
        while index < values {
            output[index] = input[index] > 0 ? input[index] : 0
            index += 1
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        guard let inputGradient else { return }
        workers.forEachRange(count) { samples in
            let first = samples.lowerBound * inputShape.count
            gate(outputGradient + first, by: output + first, into: inputGradient + first, values: samples.count * inputShape.count)
        }
    }

    /// The gradient where the output (and so the input) was positive, 0 elsewhere. Reading the
    /// output lets the forward pass run in place.
    private func gate(
        _ outputGradient: UnsafePointer<Float>, by input: UnsafePointer<Float>, into inputGradient: UnsafeMutablePointer<Float>, values: Int
    ) {
        let zero = SIMD8<Float>()
        var index = 0
        while index + 8 <= values {
            store8(zero.replacing(with: load8(outputGradient + index), where: load8(input + index) .> zero), inputGradient + index)
            index += 8
        }
        while index < values {
            inputGradient[index] = input[index] > 0 ? outputGradient[index] : 0
            index += 1
        }
    }
}
