/// What max and average pooling share: a square window and a stride, their syntax, record, shape
/// and cost. Each kind adds only its name, code and operation.
protocol PoolKind: GeneralLayerKind {
    static var operation: PoolingLayer.Operation { get }
    /// The ONNX operator that pools alike.
    static var onnxOperator: String { get }
    var window: Int { get }
    var stride: Int { get }
    init(window: Int, stride: Int?)
}

extension PoolKind {
    static var syntax: String { "\(name)<k>[:s<stride>]" }
    static var examples: String { "\(name)2 or \(name)3:s2" }

    /// `<name><k>[:s<stride>]`; the stride defaults to the window.
    static func parse(_ token: LayerToken) -> Self? {
        guard let window = token.size(after: name), let lettered = token.lettered(from: 0, letters: ["s"]) else { return nil }
        return Self(window: window, stride: lettered["s"])
    }

    public init?(arguments: [UInt32]) { self.init(window: Int(arguments[0]), stride: Int(arguments[1])) }
    public var arguments: [UInt32] { [window, stride].map { UInt32(truncatingIfNeeded: $0) } }
    public var token: String { "\(Self.name)\(window)" + (stride == window ? "" : ":s\(stride)") }

    public func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> {
        guard (1...LayerLimits.kernel).contains(window), (1...LayerLimits.stride).contains(stride) else {
            return .failure("a window of 1 to \(LayerLimits.kernel) and a stride of 1 to \(LayerLimits.stride)")
        }
        guard input.height >= window, input.width >= window else { return .failure("an input of at least \(window)×\(window)") }
        return .success(Shape(
            height: (input.height - window) / stride + 1, width: (input.width - window) / stride + 1, channels: input.channels
        ))
    }

    public func tensors(for input: Shape) -> [LayerTensor] { [] }
    public func multiplyAdds(input: Shape, output: Shape) -> Int { output.count * window * window }
    var initialization: InitializationHint { .other }

    /// Without padding, as digits pools (ONNX's default floor rounding of the output size).
    public func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder) {
        graph.pool(Self.onnxOperator, window: window, stride: stride)
    }

    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer {
        PoolingLayer(input: context.input, output: context.output, operation: Self.operation, window: window, stride: stride,
                     capacity: context.capacity, workers: context.workers)
    }
}
