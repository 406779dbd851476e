/// `flatten`: the same values as one row. Implicit before a dense layer, so only for clarity in a spec.
public struct Flatten: LayerKind, GeneralLayerKind {
    public init() {}

    public static let code: UInt8 = 14
    public static let firstVersion = 2
    static let name = "flatten"
    static let syntax = "flatten"
    static let examples = "flatten"

    static func parse(_ token: LayerToken) -> Flatten? { token.head == name && token.options.isEmpty ? Flatten() : nil }

    public init?(arguments: [UInt32]) {}
    public var arguments: [UInt32] { [] }
    public var token: String { Self.name }
    public func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> { .success(Shape(height: 1, width: 1, channels: input.count)) }
    public func tensors(for input: Shape) -> [LayerTensor] { [] }
    public func multiplyAdds(input: Shape, output: Shape) -> Int { 0 }
    public func workspaceFloats(input: Shape, output: Shape) -> Int { 0 }
    var initialization: InitializationHint { .transparent }
    public func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder) { graph.flatten() }
    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer { FlattenLayer(input: context.input) }
}

/// The same values as one row: HWC order is kept, so this is a copy.
final class FlattenLayer: BatchLayer {
    let inputShape: Shape
    let outputShape: Shape

    init(input: Shape) {
        inputShape = input
        outputShape = Shape(height: 1, width: 1, channels: input.count)
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        output.update(from: input, count: count * inputShape.count)
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        inputGradient?.update(from: outputGradient, count: count * inputShape.count)
    }
}
