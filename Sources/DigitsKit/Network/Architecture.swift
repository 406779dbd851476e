/// What the network is made of: the input it reads and its layers in order. Enough to rebuild it.
public struct Architecture: Hashable, Sendable, CustomStringConvertible {
    public var input: Shape
    public var layers: [LayerKind]

    public init(input: Shape, layers: [LayerKind]) {
        self.input = input
        self.layers = layers
    }

    /// The classic MNIST network: Conv 3×3 → MaxPool 2×2 → Softmax over 10 classes.
    public static func classic(filters: Int = 8) -> Architecture {
        Architecture(
            input: Shape(height: 28, width: 28, channels: 1),
            layers: [.conv3x3(filters: filters), .maxPool2, .softmax(classes: 10)]
        )
    }

    public var description: String {
        "input \(input) → " + layers.map(\.description).joined(separator: " → ")
    }

    /// The shapes each layer produces, or why the stack does not fit together.
    public func outputShapes() throws(ArchitectureError) -> [Shape] {
        var shape = input
        var shapes: [Shape] = []
        for (index, layer) in layers.enumerated() {
            switch layer {
            case let .conv3x3(filters):
                guard shape.channels == 1, shape.height >= 3, shape.width >= 3 else {
                    throw .misfit(index: index, layer: layer, input: shape, need: "a one-channel image of at least 3×3")
                }
                guard filters > 0, filters <= 512, filters % 8 == 0 else {
                    throw .misfit(index: index, layer: layer, input: shape, need: "a filter count that is a multiple of 8, up to 512")
                }
                shape = Shape(height: shape.height - 2, width: shape.width - 2, channels: filters)
            case .maxPool2:
                guard shape.channels % 8 == 0, shape.height >= 2, shape.width >= 2 else {
                    throw .misfit(index: index, layer: layer, input: shape, need: "at least 2×2 values in channels of groups of 8")
                }
                shape = Shape(height: shape.height / 2, width: shape.width / 2, channels: shape.channels)
            case let .softmax(classes):
                guard shape.count % 8 == 0, (2...1000).contains(classes) else {
                    throw .misfit(index: index, layer: layer, input: shape, need: "inputs in groups of 8 and 2 to 1000 classes")
                }
                shape = Shape(height: 1, width: 1, channels: classes)
            }
            guard shape.count <= Self.maximumActivation else {
                throw .misfit(index: index, layer: layer, input: shape, need: "an output of at most \(Self.maximumActivation) values")
            }
            shapes.append(shape)
        }
        guard case .softmax = layers.last else { throw .noSoftmaxOutput }
        return shapes
    }

    /// Bounds what a model file can make the program allocate: 64 MB per activation.
    static let maximumActivation = 1 << 24

    /// The number of values in each learnable tensor, layer by layer, in model-file order.
    public func parameterCounts() throws(ArchitectureError) -> [Int] {
        let shapes = try outputShapes()
        let inputs = [input] + shapes
        return layers.enumerated().flatMap { index, layer -> [Int] in
            switch layer {
            case let .conv3x3(filters): [9 * filters]
            case .maxPool2: []
            case let .softmax(classes): [classes * inputs[index].count, classes]
            }
        }
    }
}

public enum ArchitectureError: Error, Equatable, CustomStringConvertible {
    case misfit(index: Int, layer: LayerKind, input: Shape, need: String)
    case noSoftmaxOutput
    case parameterMismatch(expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case let .misfit(index, layer, input, need):
            "layer \(index + 1), \(layer), receives \(input) but needs \(need)"
        case .noSoftmaxOutput:
            "the last layer must be Softmax, which gives the class probabilities"
        case let .parameterMismatch(expected, found):
            "the architecture has tensors of \(expected) values, the parameters have \(found)"
        }
    }
}
