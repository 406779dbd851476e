/// What the network is made of: the input it reads and its layers in order. Enough to rebuild it.
///
/// Two families: the classic per-sample network (spelled `classic`), trained by fused kernels one
/// sample at a time, and the general toolkit, trained in mini-batches. One spec names one model:
/// `conv3:8,maxpool2,dense:10` is always general layers, with a bias in the convolution.
public struct Architecture: Hashable, Sendable, CustomStringConvertible {
    public var input: Shape
    /// How pixel bytes become the input's values.
    public var inputScaling: InputScaling
    public var layers: [any LayerKind]

    public init(input: Shape, inputScaling: InputScaling = .mnist, layers: [any LayerKind]) {
        self.input = input
        self.inputScaling = inputScaling
        self.layers = layers
    }

    /// MNIST's images: 28×28 pixels, one channel.
    public static let mnistInput = Shape(height: 28, width: 28, channels: 1)

    /// Two architectures are the same when they read the same input, scaled alike, and their layers have the same records.
    public static func == (left: Architecture, right: Architecture) -> Bool {
        left.input == right.input && left.inputScaling == right.inputScaling && left.layers.map(\.record) == right.layers.map(\.record)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(input)
        hasher.combine(inputScaling)
        hasher.combine(layers.map(\.record))
    }

    /// Whether this is the classic per-sample network.
    public var isClassic: Bool { !layers.isEmpty && layers.allSatisfy { $0 is any ClassicLayerKind } }

    /// The network in `--arch` syntax, which `init(spec:)` reads back to the same architecture.
    public var spec: String { classicSpec ?? layers.map(\.token).joined(separator: ",") }

    public var description: String { "\(spec) on \(input)" }

    /// How many classes the network tells apart.
    public var classes: Int? { (layers.last as? any ClassifierLayerKind)?.classes }

    /// The shapes each layer produces, or why the stack does not fit together.
    public func outputShapes() throws(ArchitectureError) -> [Shape] {
        guard input.height > 0, input.width > 0, input.channels > 0, input.count <= Self.maximumActivation else {
            throw .badInput(input)
        }
        guard !layers.isEmpty, layers.count <= Self.maximumLayers else {
            throw .tooManyLayers(count: layers.count, limit: Self.maximumLayers)
        }
        let classic = layers.filter { $0 is any ClassicLayerKind }.count
        guard classic == 0 || classic == layers.count else { throw .mixedFamilies }
        var shape = input
        var shapes: [Shape] = []
        for (index, layer) in layers.enumerated() {
            switch layer.outputShape(for: shape) {
            case let .success(output): shape = output
            case let .failure(misfit): throw .misfit(index: index, layer: layer.token, input: shape, need: misfit.need)
            }
            guard shape.count <= Self.maximumActivation else {
                throw .misfit(index: index, layer: layer.token, input: shape, need: "an output of at most \(Self.maximumActivation) values")
            }
            shapes.append(shape)
        }
        guard classes != nil, shape.count >= 2 else { throw .noClassifierOutput }
        for (index, tensors) in zip(layers.indices, tensors(shapes: shapes)) where tensors.contains(where: { $0.count > Self.maximumTensor }) {
            throw .misfit(index: index, layer: layers[index].token, input: ([input] + shapes)[index],
                          need: "weights of at most \(Self.maximumTensor) values per tensor")
        }
        let cost = cost(shapes: shapes)
        guard cost.multiplyAdds <= ArchitectureCost.maximumMultiplyAdds, cost.workspaceBytes <= ArchitectureCost.maximumWorkspaceBytes else {
            throw .tooCostly(cost)
        }
        return shapes
    }

    /// Bounds what a spec or a model file can make the program allocate: 64 MB per activation and
    /// 256 MB per tensor.
    static let maximumActivation = 1 << 24
    static let maximumTensor = 1 << 26
    public static let maximumLayers = 64

    /// Every tensor, learnable or statistic, layer by layer, in model-file order.
    public func tensors() throws(ArchitectureError) -> [LayerTensor] {
        tensors(shapes: try outputShapes()).flatMap { $0 }
    }

    /// The number of values in each tensor, in model-file order.
    public func parameterCounts() throws(ArchitectureError) -> [Int] {
        try tensors().map(\.count)
    }

    /// Positions, in the list of all tensors, of those the optimizer trains.
    public var learnableTensorIndices: [Int] {
        let tensors = (try? tensors()) ?? []
        return tensors.indices.filter { tensors[$0].isLearnable }
    }

    /// Each layer's tensors, from the layers' input shapes.
    func tensors(shapes: [Shape]) -> [[LayerTensor]] {
        zip(layers, [input] + shapes).map { $0.tensors(for: $1) }
    }
}

public enum ArchitectureError: Error, Equatable, CustomStringConvertible {
    case misfit(index: Int, layer: String, input: Shape, need: String)
    case noClassifierOutput
    case mixedFamilies
    case badInput(Shape)
    case tooManyLayers(count: Int, limit: Int)
    case badToken(token: String, expected: String)
    case workspaceTooLarge(bytesPerSample: Int, batch: Int, limit: Int)
    case tooCostly(ArchitectureCost)
    case parameterMismatch(expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case let .misfit(index, layer, input, need):
            "layer \(index + 1), \(layer), receives \(input) but needs \(need)"
        case .noClassifierOutput:
            "the last layer must be dense:<classes> (at least 2), whose outputs feed the softmax"
        case .mixedFamilies:
            "the classic network's layers cannot be mixed with others"
        case let .badInput(shape):
            "the input \(shape) is empty or larger than \(Architecture.maximumActivation) values"
        case let .tooManyLayers(count, limit):
            "\(count) layers; at most \(limit) are allowed"
        case let .badToken(token, expected):
            "'\(token)' is not a layer: expected \(expected)"
        case let .workspaceTooLarge(bytesPerSample, batch, limit):
            "a batch of \(batch) needs \(bytesPerSample) bytes per sample, over the limit of \(limit >> 20) MiB in all"
        case let .tooCostly(cost):
            "one image costs \(Quantity.count(cost.multiplyAdds)) multiply-adds and \(Quantity.bytes(cost.workspaceBytes)) of memory; "
                + "digits runs at most \(Quantity.count(ArchitectureCost.maximumMultiplyAdds)) and \(Quantity.bytes(ArchitectureCost.maximumWorkspaceBytes))"
        case let .parameterMismatch(expected, found):
            "the architecture has tensors of \(expected) values, the parameters have \(found)"
        }
    }
}
