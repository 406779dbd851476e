/// Where a network's training steps spend their time: each layer's forward and backward pass, and
/// the loss with the optimizer's update, summed over the steps since profiling started.
public struct StepProfile: Sendable, Equatable {
    /// One layer as it runs: a fused pair of layers is one row.
    public struct Row: Sendable, Equatable {
        /// The layer in `--arch` syntax.
        public let layer: String
        public internal(set) var forwardSeconds = 0.0
        public internal(set) var backwardSeconds = 0.0
        /// Multiply-adds per sample of each pass: backward counts the weight gradient and, except
        /// for the first layer, the input gradient, each as many as forward.
        public let forwardMultiplyAdds: Int
        public let backwardMultiplyAdds: Int

        init(layer: String, forwardMultiplyAdds: Int, backwardMultiplyAdds: Int) {
            self.layer = layer
            self.forwardMultiplyAdds = forwardMultiplyAdds
            self.backwardMultiplyAdds = backwardMultiplyAdds
        }

        /// Layer `kind` from `input` to `output`; the first layer's backward has no input gradient.
        init(_ kind: any LayerKind, input: Shape, output: Shape, first: Bool) {
            let forward = kind.multiplyAdds(input: input, output: output)
            let weighted = kind.tensors(for: input).contains { $0.decays }
            self.init(layer: kind.token, forwardMultiplyAdds: forward, backwardMultiplyAdds: weighted ? (first ? forward : 2 * forward) : forward)
        }

        /// Two layers that run as one.
        func fused(with next: Row) -> Row {
            Row(layer: layer + "+" + next.layer, forwardMultiplyAdds: forwardMultiplyAdds + next.forwardMultiplyAdds,
                backwardMultiplyAdds: backwardMultiplyAdds + next.backwardMultiplyAdds)
        }

        public var seconds: Double { forwardSeconds + backwardSeconds }
    }

    public internal(set) var rows: [Row]
    /// The loss, its gradient and the optimizer's update.
    public internal(set) var updateSeconds = 0.0
    public internal(set) var steps = 0
    public internal(set) var samples = 0

    init(rows: [Row]) { self.rows = rows }

    /// The time of every step in all.
    public var seconds: Double { rows.reduce(updateSeconds) { $0 + $1.seconds } }

    /// Multiply-adds of one training sample, forward and backward.
    public var multiplyAddsPerSample: Int { rows.reduce(0) { $0 + $1.forwardMultiplyAdds + $1.backwardMultiplyAdds } }

    /// The rows of `other`, a profile of the same network, added to these.
    mutating func add(_ other: StepProfile) {
        precondition(other.rows.map(\.layer) == rows.map(\.layer), "profiles of different networks")
        for index in rows.indices {
            rows[index].forwardSeconds += other.rows[index].forwardSeconds
            rows[index].backwardSeconds += other.rows[index].backwardSeconds
        }
        updateSeconds += other.updateSeconds
        steps += other.steps
        samples += other.samples
    }
}

/// A clock read only while a profile is kept, so that an unprofiled step costs one branch.
struct ProfileClock {
    private let start: ContinuousClock.Instant?

    init(_ profiling: Bool) { start = profiling ? .now : nil }

    /// Seconds since the clock started; 0 when not profiling.
    var seconds: Double { start?.secondsElapsed ?? 0 }
}
