/// What the network is made of: the input it reads and its layers in order. Enough to rebuild it.
///
/// Two families: the classic per-sample network (`conv3x3`, `maxPool2`, `denseSoftmax`), trained by
/// fused kernels one sample at a time, and the general toolkit, trained in mini-batches. The spec
/// `conv3:8,maxpool2,dense:10` (any multiple of 8 filters, any class count) on a one-channel image
/// names the classic network; every other spec builds general layers.
public struct Architecture: Hashable, Sendable, CustomStringConvertible {
    public var input: Shape
    public var layers: [LayerKind]

    public init(input: Shape, layers: [LayerKind]) {
        self.input = input
        self.layers = layers
    }

    /// MNIST's images: 28×28 pixels, one channel.
    public static let mnistInput = Shape(height: 28, width: 28, channels: 1)

    /// The classic MNIST network: Conv 3×3 → MaxPool 2×2 → Dense+Softmax over 10 classes.
    public static func classic(filters: Int = 8) -> Architecture {
        Architecture(input: mnistInput, layers: [.conv3x3(filters: filters), .maxPool2, .denseSoftmax(classes: 10)])
    }

    /// Parses a comma-separated `--arch` spec, such as `conv3:32,relu,maxpool2,dense:10`.
    /// - Parameter allowClassic: Whether the classic spec may build the classic per-sample layers
    ///   (false when training asks for what only the general layers do: batches, other optimizers).
    public init(spec: String, input: Shape = Architecture.mnistInput, allowClassic: Bool = true) throws(ArchitectureError) {
        let tokens = spec.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard tokens.count <= Self.maximumLayers else {
            throw .tooManyLayers(count: tokens.count, limit: Self.maximumLayers)
        }
        let layers = try tokens.map { (token: String) throws(ArchitectureError) -> LayerKind in try ArchitectureSpec.layer(token) }
        self.init(input: input, layers: (allowClassic ? Self.classicForm(of: layers, input: input) : nil) ?? layers)
        _ = try outputShapes()
    }

    /// The classic layers when `layers` spell the classic network, so that it keeps its fused kernels.
    private static func classicForm(of layers: [LayerKind], input: Shape) -> [LayerKind]? {
        let layers = layers.filter { $0 != .flatten }
        guard input.channels == 1, layers.count == 3,
              case let .convolution(3, filters, 1, 0) = layers[0], filters % 8 == 0, filters <= 512,
              layers[1] == .maxPool(window: 2, stride: 2),
              case let .dense(classes) = layers[2]
        else { return nil }
        return [.conv3x3(filters: filters), .maxPool2, .denseSoftmax(classes: classes)]
    }

    /// Whether this is the classic per-sample network.
    public var isClassic: Bool { layers.allSatisfy(\.isClassic) }

    /// The layers in `--arch` syntax, which `init(spec:)` reads back.
    public var spec: String { layers.map(\.token).joined(separator: ",") }

    public var description: String { "\(spec) on \(input)" }

    /// How many classes the network tells apart.
    public var classes: Int? {
        switch layers.last {
        case let .denseSoftmax(classes), let .dense(classes): classes
        default: nil
        }
    }

    /// The shapes each layer produces, or why the stack does not fit together.
    public func outputShapes() throws(ArchitectureError) -> [Shape] {
        guard input.height > 0, input.width > 0, input.channels > 0, input.count <= Self.maximumActivation else {
            throw .badInput(input)
        }
        guard !layers.isEmpty, layers.count <= Self.maximumLayers else {
            throw .tooManyLayers(count: layers.count, limit: Self.maximumLayers)
        }
        let classic = layers.filter(\.isClassic).count
        guard classic == 0 || classic == layers.count else { throw .mixedFamilies }
        var shape = input
        var shapes: [Shape] = []
        for (index, layer) in layers.enumerated() {
            switch layer.outputShape(for: shape) {
            case let .success(output): shape = output
            case let .failure(misfit): throw .misfit(index: index, layer: layer, input: shape, need: misfit.need)
            }
            guard shape.count <= Self.maximumActivation else {
                throw .misfit(index: index, layer: layer, input: shape, need: "an output of at most \(Self.maximumActivation) values")
            }
            shapes.append(shape)
        }
        switch layers.last {
        case .denseSoftmax where classic > 0, .dense:
            guard shape.count >= 2 else { throw .noClassifierOutput }
        default:
            throw .noClassifierOutput
        }
        for (index, count) in zip(layers.indices, try tensorCounts(shapes: shapes)) where count.contains(where: { $0 > Self.maximumTensor }) {
            throw .misfit(index: index, layer: layers[index], input: ([input] + shapes)[index],
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

    /// The number of values in each tensor, learnable or statistic, layer by layer, in model-file order.
    public func parameterCounts() throws(ArchitectureError) -> [Int] {
        try tensorCounts(shapes: outputShapes()).flatMap { $0 }
    }

    /// Positions, in the list of all tensors, of those the optimizer trains.
    public var learnableTensorIndices: [Int] {
        guard let shapes = try? outputShapes() else { return [] }
        var indices: [Int] = [], position = 0
        for (layer, input) in zip(layers, [self.input] + shapes) {
            let count = layer.tensorCounts(for: input).count
            indices += position..<position + layer.learnableTensors
            position += count
        }
        return indices
    }

    private func tensorCounts(shapes: [Shape]) throws(ArchitectureError) -> [[Int]] {
        zip(layers, [input] + shapes).map { $0.tensorCounts(for: $1) }
    }
}

public enum ArchitectureError: Error, Equatable, CustomStringConvertible {
    case misfit(index: Int, layer: LayerKind, input: Shape, need: String)
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
            "layer \(index + 1), \(layer.token), receives \(input) but needs \(need)"
        case .noClassifierOutput:
            "the last layer must be dense:<classes> (at least 2), whose outputs feed the softmax"
        case .mixedFamilies:
            "the classic layers (conv3:N,maxpool2,dense:C alone) cannot be mixed with others"
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
