/// One tensor a layer owns: its name, its size, and the part it plays in training.
public struct LayerTensor: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        /// Trained, with weight decay; drawn He-normal (before a ReLU) or Glorot-uniform from the fans.
        case weights(fanIn: Int, fanOut: Int)
        /// Trained, without weight decay, starting at `initial`: biases, batch norm's γ and β.
        case parameter(initial: Float)
        /// Not trained but measured in training, starting at `initial`: batch norm's running mean
        /// and variance. A `nonNegative` statistic must stay ≥ 0 in a model file.
        case statistic(initial: Float, nonNegative: Bool)
    }

    public let name: String
    public let count: Int
    public let role: Role

    public var isLearnable: Bool {
        if case .statistic = role { false } else { true }
    }

    /// Whether `--weight-decay` applies.
    public var decays: Bool {
        if case .weights = role { true } else { false }
    }

    static func weights(_ count: Int, fanIn: Int, fanOut: Int) -> LayerTensor {
        LayerTensor(name: "weights", count: count, role: .weights(fanIn: fanIn, fanOut: fanOut))
    }

    static func biases(_ count: Int) -> LayerTensor {
        LayerTensor(name: "biases", count: count, role: .parameter(initial: 0))
    }
}
