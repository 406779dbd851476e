/// How the learnable tensors are updated from their gradients.
public enum OptimizerKind: String, Sendable, CaseIterable {
    case sgd, momentum, rmsprop, adam

    /// The running averages the optimizer keeps per tensor, by the names the model file stores.
    var momentNames: [String] {
        switch self {
        case .sgd: []
        case .momentum: ["velocity"]
        case .rmsprop: ["mean square"]
        case .adam: ["first moment", "second moment"]
        }
    }

    /// How many running averages the optimizer keeps per tensor.
    var moments: Int { momentNames.count }

    /// Which of the moments is a running average of squared gradients, which cannot be negative.
    var squareMoment: Int? {
        switch self {
        case .sgd, .momentum: nil
        case .rmsprop: 0
        case .adam: 1
        }
    }
}

/// An optimizer and its hyperparameters, with the design notes' defaults.
public struct OptimizerSettings: Sendable, Equatable {
    public var kind: OptimizerKind
    public var momentum: Float = 0.9
    /// RMSProp's decay of the mean square.
    public var decay: Float = 0.99
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    /// L2 penalty λ·w added to the gradient of every weight tensor (not biases or batch-norm terms).
    public var weightDecay: Float = 0

    public init(kind: OptimizerKind = .sgd) { self.kind = kind }
}

/// Updates tensors from gradients and keeps the optimizer's state (the step count and the moments),
/// which the model file saves so that a resumed run continues exactly.
public final class Optimizer {
    public let settings: OptimizerSettings
    public private(set) var step: Int
    /// `moments[tensor][k]`: the k-th running average for each learnable tensor.
    let moments: [[FloatBuffer]]

    private let workers: Workers

    init(settings: OptimizerSettings, sizes: [Int], state: OptimizerState? = nil, workers: Workers = Workers(threads: 1)) {
        self.settings = settings
        self.workers = workers
        step = state?.step ?? 0
        moments = sizes.enumerated().map { tensor, size in
            (0..<settings.kind.moments).map { moment in
                let buffer = FloatBuffer(count: max(size, 1))
                if let saved = state?.moments[tensor][moment] { buffer.assign(saved) }
                return buffer
            }
        }
    }

    public var state: OptimizerState {
        OptimizerState(step: step, moments: moments.map { $0.map(\.array) })
    }

    /// One step over every tensor. `decays[i]` says whether tensor i takes the weight decay.
    func update(_ tensors: [FloatBuffer], gradients: [FloatBuffer], decays: [Bool], learningRate: Float) {
        step += 1
        let s = settings
        let correction1 = 1 - pow(s.beta1, Float(step)), correction2 = 1 - pow(s.beta2, Float(step))
        for (index, (tensor, gradient)) in zip(tensors, gradients).enumerated() {
            // Large tensors are split in runs of whole vectors across threads; every value is
            // updated on its own, so the split does not change the result.
            let runs = tensor.count >= 1 << 14 ? workers.threads : 1
            workers.forEachRange(runs) { chunks in
                for chunk in chunks {
                    let start = (tensor.count * chunk / runs) & ~7, end = chunk == runs - 1 ? tensor.count : (tensor.count * (chunk + 1) / runs) & ~7
                    update(index, tensor.pointer + start, gradient.pointer + start, offset: start, count: end - start,
                           decay: decays[index] ? s.weightDecay : 0, learningRate: learningRate,
                           correction1: correction1, correction2: correction2)
                }
            }
        }
    }

    /// Updates `count` values of tensor `index` from `offset`.
    private func update(
        _ index: Int, _ w: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>, offset: Int, count: Int,
        decay: Float, learningRate: Float, correction1: Float, correction2: Float
    ) {
        let s = settings, m = moments[index].map { $0.pointer + offset }
        // One loop per kind, so that no branch sits in the per-value loop.
        switch s.kind {
        case .sgd:
            for i in 0..<count { w[i] -= learningRate * (g[i] + decay * w[i]) }
        case .momentum:
            let velocity = m[0]
            for i in 0..<count {
                velocity[i] = s.momentum * velocity[i] + g[i] + decay * w[i]
                w[i] -= learningRate * velocity[i]
            }
        case .rmsprop:
            let square = m[0]
            for i in 0..<count {
                let grad = g[i] + decay * w[i]
                square[i] = s.decay * square[i] + (1 - s.decay) * grad * grad
                w[i] -= learningRate * grad / (square[i].squareRoot() + s.epsilon)
            }
        case .adam:
            adam(w, g, first: m[0], second: m[1], count: count, decay: decay,
                 rate: learningRate / correction1, secondScale: 1 / correction2)
        }
    }

    /// Adam's update, eight values at a time: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
    /// w ← w − rate·m / (√(v·secondScale) + ε), with `rate` and `secondScale` bias-corrected.
    private func adam(
        _ w: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>, first: UnsafeMutablePointer<Float>,
        second: UnsafeMutablePointer<Float>, count: Int, decay: Float, rate: Float, secondScale: Float
    ) {
        let s = settings
        let beta1 = SIMD8(repeating: s.beta1), beta2 = SIMD8(repeating: s.beta2)
        let keep1 = SIMD8(repeating: 1 - s.beta1), keep2 = SIMD8(repeating: 1 - s.beta2)
        let epsilon = SIMD8(repeating: s.epsilon), step = SIMD8(repeating: rate), scale = SIMD8(repeating: secondScale)
        let lambda = SIMD8(repeating: decay)
        var i = 0
        while i + 8 <= count {
            let weight = load8(w + i)
            let grad = load8(g + i) + lambda * weight
            let m = beta1 * load8(first + i) + keep1 * grad
            let v = beta2 * load8(second + i) + keep2 * grad * grad
            store8(m, first + i)
            store8(v, second + i)
            store8(weight - step * m / ((v * scale).squareRoot() + epsilon), w + i)
            i += 8
        }
        while i < count {
            let grad = g[i] + decay * w[i]
            first[i] = s.beta1 * first[i] + (1 - s.beta1) * grad
            second[i] = s.beta2 * second[i] + (1 - s.beta2) * grad * grad
            w[i] -= rate * first[i] / ((second[i] * secondScale).squareRoot() + s.epsilon)
            i += 1
        }
    }
}

/// An optimizer's state, detached from buffers: what the model file stores.
public struct OptimizerState: Sendable, Equatable {
    public var step: Int
    public var moments: [[[Float]]]

    public init(step: Int, moments: [[[Float]]]) {
        self.step = step
        self.moments = moments
    }
}
