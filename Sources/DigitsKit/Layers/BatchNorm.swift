/// `batchnorm`: normalizes each channel (each unit after a dense layer) over the batch, then scales
/// and shifts.
public struct BatchNorm: LayerKind, GeneralLayerKind {
    public init() {}

    public static let code: UInt8 = 17
    public static let firstVersion = 2
    static let name = "batchnorm"
    static let syntax = "batchnorm"
    static let examples = "batchnorm"

    static func parse(_ token: LayerToken) -> BatchNorm? { token.head == name && token.options.isEmpty ? BatchNorm() : nil }

    public init?(arguments: [UInt32]) {}
    public var arguments: [UInt32] { [] }
    public var token: String { Self.name }
    public func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> { .success(input) }

    public func tensors(for input: Shape) -> [LayerTensor] {
        let channels = input.channels
        return [
            LayerTensor(name: "scale", count: channels, role: .parameter(initial: 1)),
            LayerTensor(name: "shift", count: channels, role: .parameter(initial: 0)),
            LayerTensor(name: "running mean", count: channels, role: .statistic(initial: 0, nonNegative: false)),
            LayerTensor(name: "running variance", count: channels, role: .statistic(initial: 1, nonNegative: true)),
        ]
    }

    public func multiplyAdds(input: Shape, output: Shape) -> Int { input.count }
    /// Backward recomputes the normalized values from the input; the sums per chunk of rows are small.
    public func workspaceFloats(input: Shape, output: Shape) -> Int { 0 }
    var initialization: InitializationHint { .transparent }

    /// BatchNormalization with the running statistics and digits's epsilon, on an image or on rows.
    public func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder) {
        let channels = graph.shape.channels
        let names = ["scale", "shift", "mean", "variance"].enumerated().map { index, name in
            graph.initializer(name, dimensions: [channels], graph.perChannel(tensors[index]))
        }
        graph.node("BatchNormalization", inputs: names, attributes: [ONNXAttribute(name: "epsilon", value: .float(BatchNormLayer.epsilon))])
    }

    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer {
        BatchNormLayer(input: context.input, capacity: context.capacity, workers: context.workers)
    }
}

/// Batch normalization per channel (per unit after a dense layer, whose output is 1×1×units).
///
/// In training each channel is normalized by the batch's mean and variance over samples and
/// positions, then scaled by γ and shifted by β; running averages of the mean and the (unbiased)
/// variance, momentum 0.1 as in PyTorch, stand in for them at inference and are saved in the model.
///
/// Every pass is one multiply-add per value, eight channels at a time, over rows shared among the
/// threads. The per-channel sums are taken over fixed chunks of rows and added in chunk order in
/// Double, so that they do not depend on the thread count.
final class BatchNormLayer: BatchLayer {
    static let epsilon: Float = 1e-5
    static let momentum = 0.1
    /// Rows (positions of samples) summed together in Float before the chunks' sums are added.
    static let chunkRows = 64

    let inputShape: Shape
    var outputShape: Shape { inputShape }
    let scale: FloatBuffer, shift: FloatBuffer, runningMean: FloatBuffer, runningVariance: FloatBuffer
    let scaleGradient: FloatBuffer, shiftGradient: FloatBuffer
    /// The last training batch's mean and 1/σ per channel, for backward.
    private let mean: FloatBuffer, inverseDeviation: FloatBuffer
    /// Per channel, a pass's value = x·multiplier + dy·gradientWeight + offset.
    private let multiplier: FloatBuffer, gradientWeight: FloatBuffer, offset: FloatBuffer
    /// Two sums per channel for each chunk of rows, and their totals.
    private let partials: FloatBuffer
    private let totals: UnsafeMutablePointer<Double>
    private let workers: Workers
    /// Whether the ReLU after this layer runs inside it: the output rectified, the gradient passed
    /// back only where the output is positive. The network sets it when it plans the steps.
    var rectifies = false

    var tensors: [FloatBuffer] { [scale, shift, runningMean, runningVariance] }
    var gradients: [FloatBuffer] { [scaleGradient, shiftGradient] }

    init(input: Shape, capacity: Int, workers: Workers) {
        inputShape = input
        self.workers = workers
        let channels = input.channels
        (scale, shift, runningMean, runningVariance) = (FloatBuffer(count: channels), FloatBuffer(count: channels),
                                                        FloatBuffer(count: channels), FloatBuffer(count: channels))
        (scaleGradient, shiftGradient) = (FloatBuffer(count: channels), FloatBuffer(count: channels))
        (mean, inverseDeviation) = (FloatBuffer(count: channels), FloatBuffer(count: channels))
        (multiplier, gradientWeight, offset) = (FloatBuffer(count: channels), FloatBuffer(count: channels), FloatBuffer(count: channels))
        let chunks = (capacity * input.height * input.width + Self.chunkRows - 1) / Self.chunkRows
        partials = FloatBuffer(count: 2 * chunks * channels)
        totals = .allocate(capacity: 2 * channels)
        totals.initialize(repeating: 0, count: 2 * channels)
    }

    deinit { totals.deallocate() }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let channels = inputShape.channels, rows = count * inputShape.height * inputShape.width
        guard mode.isTraining else {
            for channel in 0..<channels {
                let inverse = 1 / (runningVariance.pointer[channel] + Self.epsilon).squareRoot()
                multiplier.pointer[channel] = scale.pointer[channel] * inverse
                offset.pointer[channel] = shift.pointer[channel] - runningMean.pointer[channel] * scale.pointer[channel] * inverse
            }
            apply(input, nil, gate: nil, into: output, rows: rows)
            return
        }
        // The mean and the variance in one pass over the batch: each chunk's sum and squared
        // deviations from its own mean (no cancellation however large the mean), combined exactly.
        sumChannels(.moments, input, nil, gate: nil, rows: rows)
        for channel in 0..<channels {
            let batchMean = totals[channel] / Double(rows)
            mean.pointer[channel] = Float(batchMean)
            runningMean.pointer[channel] = Float((1 - Self.momentum) * Double(runningMean.pointer[channel]) + Self.momentum * batchMean)
        }
        squaredDeviations(rows: rows)
        for channel in 0..<channels {
            let variance = totals[channel] / Double(rows)
            let inverse = Float(1 / (variance + Double(Self.epsilon)).squareRoot())
            inverseDeviation.pointer[channel] = inverse
            let unbiased = rows > 1 ? totals[channel] / Double(rows - 1) : variance
            runningVariance.pointer[channel] = Float((1 - Self.momentum) * Double(runningVariance.pointer[channel]) + Self.momentum * unbiased)
            multiplier.pointer[channel] = scale.pointer[channel] * inverse
            offset.pointer[channel] = shift.pointer[channel] - mean.pointer[channel] * scale.pointer[channel] * inverse
        }
        apply(input, nil, gate: nil, into: output, rows: rows)
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        let channels = inputShape.channels, rows = count * inputShape.height * inputShape.width
        // dβ = Σ dy and Σ dy·(x − μ), from which dγ = Σ dy·x̂ = (Σ dy·(x − μ))/σ.
        let gate = rectifies ? output : nil
        sumChannels(.gradientMoments, input, outputGradient, gate: gate, rows: rows)
        for channel in 0..<channels {
            shiftGradient.pointer[channel] = Float(totals[channel])
            scaleGradient.pointer[channel] = Float(totals[channels + channel]) * inverseDeviation.pointer[channel]
        }
        guard let inputGradient else { return }
        // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)): linear in dy and x per channel.
        let perRow = 1 / Float(rows)
        for channel in 0..<channels {
            let inverse = inverseDeviation.pointer[channel], gain = scale.pointer[channel] * inverse
            let xCoefficient = -gain * inverse * scaleGradient.pointer[channel] * perRow
            gradientWeight.pointer[channel] = gain
            multiplier.pointer[channel] = xCoefficient
            offset.pointer[channel] = -xCoefficient * mean.pointer[channel] - gain * shiftGradient.pointer[channel] * perRow
        }
        apply(input, outputGradient, gate: gate, into: inputGradient, rows: rows)
    }

    /// At inference the layer is y = x·γ/σ + const per channel with the running σ, so dx = dy·γ/σ.
    func backwardAtInference(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        guard let inputGradient else { return }
        for channel in 0..<inputShape.channels {
            gradientWeight.pointer[channel] = scale.pointer[channel] / (runningVariance.pointer[channel] + Self.epsilon).squareRoot()
            multiplier.pointer[channel] = 0
            offset.pointer[channel] = 0
        }
        apply(input, outputGradient, gate: rectifies ? output : nil, into: inputGradient, rows: count * inputShape.height * inputShape.width)
    }

    /// `out = x·multiplier + dy·gradientWeight + offset` per channel, rows shared among threads.
    /// Without dy (forward) the result is rectified when the layer `rectifies`; dy counts only
    /// where `gate` is positive when given.
    private func apply(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>?, gate: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>, rows: Int
    ) {
        let channels = inputShape.channels, rectify = rectifies && dy == nil
        let a = UnsafePointer(multiplier.pointer), w = UnsafePointer(gradientWeight.pointer), b = UnsafePointer(offset.pointer)
        workers.forEachRange(rows) { range in
            for row in range {
                let base = row * channels
                var channel = 0
                while channel + 8 <= channels {
                    var value = load8(b + channel).addingProduct(load8(x + base + channel), load8(a + channel))
                    if let dy { value.addProduct(Self.gated(dy, gate, base + channel), load8(w + channel)) }
                    if rectify { value = larger(value, .zero) }
                    store8(value, out + base + channel)
                    channel += 8
                }
                while channel < channels {
                    var value = x[base + channel] * a[channel] + b[channel]
                    if let dy, gate.map({ $0[base + channel] > 0 }) ?? true { value += dy[base + channel] * w[channel] }
                    out[base + channel] = rectify ? max(value, 0) : value
                    channel += 1
                }
            }
        }
    }

    private enum Sums {
        /// Σ x; per chunk also Σ (x − m)² about the chunk's own mean m, for `squaredDeviations`.
        case moments
        /// Σ dy, and Σ dy·(x − μ) in the second half of `totals`.
        case gradientMoments
    }

    /// Sets `totals` to per-channel sums over `rows` rows: each chunk of `chunkRows` rows summed in
    /// Float on some thread, the chunks then added in order in Double.
    private func sumChannels(_ sums: Sums, _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>?, gate: UnsafePointer<Float>?, rows: Int) {
        let channels = inputShape.channels, chunks = (rows + Self.chunkRows - 1) / Self.chunkRows
        let partials = self.partials.pointer, mean = UnsafePointer(self.mean.pointer)
        workers.forEachRange(chunks) { range in
            for chunk in range {
                let rowRange = chunk * Self.chunkRows..<min((chunk + 1) * Self.chunkRows, rows)
                let first = partials + 2 * chunk * channels, second = first + channels
                var channel = 0
                while channel + 8 <= channels {
                    var sum = SIMD8<Float>(), moment = SIMD8<Float>()
                    switch sums {
                    case .moments:
                        for row in rowRange { sum += load8(x + row * channels + channel) }
                        // The chunk is still in cache.
                        let chunkMean = sum / Float(rowRange.count)
                        for row in rowRange {
                            let deviation = load8(x + row * channels + channel) - chunkMean
                            moment.addProduct(deviation, deviation)
                        }
                    case .gradientMoments:
                        let mu = load8(mean + channel)
                        for row in rowRange {
                            let gradient = Self.gated(dy!, gate, row * channels + channel)
                            sum += gradient
                            moment.addProduct(gradient, load8(x + row * channels + channel) - mu)
                        }
                    }
                    store8(sum, first + channel)
                    store8(moment, second + channel)
                    channel += 8
                }
                while channel < channels {
                    var sum: Float = 0, moment: Float = 0
                    switch sums {
                    case .moments:
                        for row in rowRange { sum += x[row * channels + channel] }
                        let chunkMean = sum / Float(rowRange.count)
                        for row in rowRange {
                            let deviation = x[row * channels + channel] - chunkMean
                            moment += deviation * deviation
                        }
                    case .gradientMoments:
                        for row in rowRange {
                            let gradient = gate.map { $0[row * channels + channel] > 0 } ?? true ? dy![row * channels + channel] : 0
                            sum += gradient
                            moment += gradient * (x[row * channels + channel] - mean[channel])
                        }
                    }
                    first[channel] = sum
                    second[channel] = moment
                    channel += 1
                }
            }
        }
        totals.update(repeating: 0, count: 2 * channels)
        for chunk in 0..<chunks {
            let sums = partials + 2 * chunk * channels
            for index in 0..<2 * channels { totals[index] += Double(sums[index]) }
        }
    }

    /// Sets the first half of `totals` (Σ x from `.moments`) to Σ (x − μ)² per channel, with the
    /// batch mean μ, from the chunks' sums: each chunk's squared deviations about its own mean m plus
    /// n·(m − μ)², its n rows' offset (Chan, Golub and LeVeque's pairwise update).
    private func squaredDeviations(rows: Int) {
        let channels = inputShape.channels, chunks = (rows + Self.chunkRows - 1) / Self.chunkRows
        for channel in 0..<channels {
            let batchMean = totals[channel] / Double(rows)
            var total = 0.0
            for chunk in 0..<chunks {
                let sums = partials.pointer + 2 * chunk * channels, count = Double(min(Self.chunkRows, rows - chunk * Self.chunkRows))
                let offset = Double(sums[channel]) / count - batchMean
                total += Double(sums[channels + channel]) + count * offset * offset
            }
            totals[channel] = total
        }
    }

    /// Eight values of `dy` from `index`, zero where `gate` (a rectified output) is not positive.
    @inline(__always)
    private static func gated(_ dy: UnsafePointer<Float>, _ gate: UnsafePointer<Float>?, _ index: Int) -> SIMD8<Float> {
        let values = load8(dy + index)
        guard let gate else { return values }
        return values.replacing(with: 0, where: load8(gate + index) .<= 0)
    }
}
