/// The classic network's three layer kinds, which only its fused per-sample engine runs. They are
/// spelled together as one `classic` spec (see `Architecture.classic`), never one by one; their
/// tokens only name them in messages.
protocol ClassicLayerKind: LayerKind {
    /// The layer that runs this kind, its parameters drawn from `generator` as the classic tutorial draws them.
    func makeLayer(input: Shape, generator: inout SplitMix64) -> any Layer
}

/// 3×3 valid convolution of a one-channel image, no bias, filters in groups of 8.
struct ClassicConvolution: ClassicLayerKind, Hashable {
    let filters: Int

    static let code: UInt8 = 1
    static let firstVersion = 1
    init(filters: Int) { self.filters = filters }
    init?(arguments: [UInt32]) { self.init(filters: Int(arguments[0])) }
    var arguments: [UInt32] { [UInt32(truncatingIfNeeded: filters)] }
    var token: String { "conv3:\(filters)" }

    func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> {
        guard input.channels == 1, input.height >= 3, input.width >= 3 else { return .failure("a one-channel image of at least 3×3") }
        guard filters > 0, filters <= ClassicConvolution.maximumFilters, filters % 8 == 0 else {
            return .failure("a filter count that is a multiple of 8, up to \(ClassicConvolution.maximumFilters)")
        }
        return .success(Shape(height: input.height - 2, width: input.width - 2, channels: filters))
    }

    /// Initialized by the classic engine itself, as the classic tutorial does.
    func tensors(for input: Shape) -> [LayerTensor] { [.weights(9 * filters, fanIn: 9, fanOut: 9 * filters)] }
    func multiplyAdds(input: Shape, output: Shape) -> Int { output.count * 9 }
    func workspaceFloats(input: Shape, output: Shape) -> Int { 0 }

    func makeLayer(input: Shape, generator: inout SplitMix64) -> any Layer { Conv3x3(input: input, filters: filters, generator: &generator) }

    /// Conv without bias; the filters are tap-major, `[ky·3 + kx][filter]`.
    public func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder) {
        let (weights, filters) = (tensors[0], filters)
        graph.convolution(kernel: 3, filters: filters, stride: 1, padding: 0, biases: nil) { y, x, _, filter in weights[(y * 3 + x) * filters + filter] }
    }

    static let maximumFilters = 512
}

/// 2×2 max pooling with stride 2, on channels in groups of 8.
struct ClassicMaxPool: ClassicLayerKind, Hashable {
    static let code: UInt8 = 2
    static let firstVersion = 1
    init() {}
    init?(arguments: [UInt32]) {}
    var arguments: [UInt32] { [] }
    var token: String { "maxpool2" }

    func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> {
        guard input.channels % 8 == 0, input.height >= 2, input.width >= 2 else { return .failure("at least 2×2 values in channels of groups of 8") }
        return .success(Shape(height: input.height / 2, width: input.width / 2, channels: input.channels))
    }

    func tensors(for input: Shape) -> [LayerTensor] { [] }
    func multiplyAdds(input: Shape, output: Shape) -> Int { output.count * 4 }
    func workspaceFloats(input: Shape, output: Shape) -> Int { 0 }
    func makeLayer(input: Shape, generator: inout SplitMix64) -> any Layer { MaxPool2(input: input) }
    public func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder) { graph.pool("MaxPool", window: 2, stride: 2) }
}

/// Fully connected with bias, then softmax.
struct ClassicDenseSoftmax: ClassicLayerKind, ClassifierLayerKind, Hashable {
    let classes: Int

    static let code: UInt8 = 3
    static let firstVersion = 1
    init(classes: Int) { self.classes = classes }
    init?(arguments: [UInt32]) { self.init(classes: Int(arguments[0])) }
    var arguments: [UInt32] { [UInt32(truncatingIfNeeded: classes)] }
    var token: String { "dense:\(classes)" }

    func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> {
        guard input.count % 8 == 0, (2...1000).contains(classes) else { return .failure("inputs in groups of 8 and 2 to 1000 classes") }
        return .success(Shape(height: 1, width: 1, channels: classes))
    }

    func tensors(for input: Shape) -> [LayerTensor] {
        [.weights(classes * input.count, fanIn: input.count, fanOut: classes), .biases(classes)]
    }

    func multiplyAdds(input: Shape, output: Shape) -> Int { input.count * output.count }
    func workspaceFloats(input: Shape, output: Shape) -> Int { 0 }

    func makeLayer(input: Shape, generator: inout SplitMix64) -> any Layer {
        DenseSoftmax(input: input, classes: classes, generator: &generator)
    }

    /// Gemm after a Flatten; the weights are class-major, `[class][input]`. The softmax is the
    /// graph's own last node, as for every network.
    public func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder) {
        let (weights, inputs) = (tensors[0], graph.shape.count)
        graph.dense(units: classes, biases: tensors[1]) { input, unit in weights[unit * inputs + input] }
    }
}
