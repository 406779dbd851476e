/// What one kind of layer knows about itself: how the model file records it, the shape it makes,
/// the tensors it owns and what one image costs it.
///
/// Each kind is one type in one file. The general kinds (`GeneralLayerKind`) add their `--arch`
/// syntax and the layer that runs them in mini-batches; the classic network's three kinds run in
/// its fused engine. `LayerKinds` lists them all once.
public protocol LayerKind: Sendable, CustomStringConvertible {
    /// Its kind code in the model file.
    static var code: UInt8 { get }
    /// The first model-file version that knows it.
    static var firstVersion: Int { get }
    /// The layer a model-file record describes (unused arguments are 0), or nil when the arguments
    /// are out of every sane range; `outputShape(for:)` then bounds them exactly.
    init?(arguments: [UInt32])
    /// The arguments its record stores, at most four; `init(arguments:)` reads them back.
    var arguments: [UInt32] { get }
    /// The layer in `--arch` syntax.
    var token: String { get }
    /// The shape it makes from `input`, or what it needs instead.
    func outputShape(for input: Shape) -> Result<Shape, LayerMisfit>
    /// The tensors it owns for `input`, in model-file order.
    func tensors(for input: Shape) -> [LayerTensor]
    /// Multiply-adds for one image (a pool's comparisons and sums counted alike).
    func multiplyAdds(input: Shape, output: Shape) -> Int
    /// Floats of workspace per image beyond the activation and its gradient: unrolled patches, or
    /// a pool's argmax.
    func workspaceFloats(input: Shape, output: Shape) -> Int
    /// Adds the ONNX nodes that compute this layer at inference to `graph`, from its tensors in
    /// model-file order.
    func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder)
}

extension LayerKind {
    public var description: String { token }

    /// The model-file record: the kind's code and its arguments.
    var record: LayerRecord { LayerRecord(code: Self.code, arguments: arguments) }
}

/// A kind that can end a network: its outputs are the logits of `classes` classes that feed the softmax.
protocol ClassifierLayerKind: LayerKind {
    var classes: Int { get }
}

/// A layer as the model file stores it, and what makes two layers the same.
struct LayerRecord: Hashable, Sendable {
    let code: UInt8
    let arguments: [UInt32]
}

/// What a layer needs that its input does not give.
public struct LayerMisfit: Error, ExpressibleByStringInterpolation, Sendable {
    let need: String
    public init(stringLiteral need: String) { self.need = need }
}

/// Bounds that keep a spec or a model file from asking for absurd memory or time.
enum LayerLimits {
    static let kernel = 11
    static let stride = 8
    static let filters = 1024
    static let units = 65_536
}
