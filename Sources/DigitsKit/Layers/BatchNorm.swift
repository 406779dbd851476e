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
    /// The normalized values.
    public func workspaceFloats(input: Shape, output: Shape) -> Int { output.count }
    var initialization: InitializationHint { .transparent }
    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer { BatchNormLayer(input: context.input, capacity: context.capacity) }
}

/// Batch normalization per channel (per unit after a dense layer, whose output is 1×1×units).
///
/// In training each channel is normalized by the batch's mean and variance over samples and
/// positions, then scaled by γ and shifted by β; running averages of the mean and the (unbiased)
/// variance, momentum 0.1 as in PyTorch, stand in for them at inference and are saved in the model.
final class BatchNormLayer: BatchLayer {
    static let epsilon: Float = 1e-5
    static let momentum = 0.1

    let inputShape: Shape
    var outputShape: Shape { inputShape }
    let scale: FloatBuffer, shift: FloatBuffer, runningMean: FloatBuffer, runningVariance: FloatBuffer
    let scaleGradient: FloatBuffer, shiftGradient: FloatBuffer
    /// The normalized inputs of the last training batch and each channel's 1/σ, for backward.
    private let normalized: FloatBuffer
    private let inverseDeviation: FloatBuffer

    var tensors: [FloatBuffer] { [scale, shift, runningMean, runningVariance] }
    var gradients: [FloatBuffer] { [scaleGradient, shiftGradient] }

    init(input: Shape, capacity: Int) {
        inputShape = input
        let channels = input.channels
        scale = FloatBuffer(count: channels)
        shift = FloatBuffer(count: channels)
        runningMean = FloatBuffer(count: channels)
        runningVariance = FloatBuffer(count: channels)
        scaleGradient = FloatBuffer(count: channels)
        shiftGradient = FloatBuffer(count: channels)
        normalized = FloatBuffer(count: capacity * input.count)
        inverseDeviation = FloatBuffer(count: channels)
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let channels = inputShape.channels, rows = count * inputShape.height * inputShape.width
        guard mode.isTraining else {
            for channel in 0..<channels {
                inverseDeviation.pointer[channel] = 1 / (runningVariance.pointer[channel] + Self.epsilon).squareRoot()
            }
            for row in 0..<rows {
                for channel in 0..<channels {
                    let index = row * channels + channel
                    let x = (input[index] - runningMean.pointer[channel]) * inverseDeviation.pointer[channel]
                    output[index] = scale.pointer[channel] * x + shift.pointer[channel]
                }
            }
            return
        }
        var sums = [Double](repeating: 0, count: channels), squares = [Double](repeating: 0, count: channels)
        for row in 0..<rows {
            for channel in 0..<channels { sums[channel] += Double(input[row * channels + channel]) }
        }
        let means = sums.map { $0 / Double(rows) }
        for row in 0..<rows {
            for channel in 0..<channels {
                let deviation = Double(input[row * channels + channel]) - means[channel]
                squares[channel] += deviation * deviation
            }
        }
        for channel in 0..<channels {
            let variance = squares[channel] / Double(rows)
            inverseDeviation.pointer[channel] = Float(1 / (variance + Double(Self.epsilon)).squareRoot())
            let unbiased = rows > 1 ? squares[channel] / Double(rows - 1) : variance
            runningMean.pointer[channel] = Float((1 - Self.momentum) * Double(runningMean.pointer[channel]) + Self.momentum * means[channel])
            runningVariance.pointer[channel] = Float((1 - Self.momentum) * Double(runningVariance.pointer[channel]) + Self.momentum * unbiased)
        }
        let mean = means.map(Float.init)
        for row in 0..<rows {
            for channel in 0..<channels {
                let index = row * channels + channel
                let x = (input[index] - mean[channel]) * inverseDeviation.pointer[channel]
                normalized.pointer[index] = x
                output[index] = scale.pointer[channel] * x + shift.pointer[channel]
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        let channels = inputShape.channels, rows = count * inputShape.height * inputShape.width
        sumRows(outputGradient, rows: rows, columns: channels, into: shiftGradient.pointer)
        scaleGradient.zero()
        for row in 0..<rows {
            for channel in 0..<channels {
                let index = row * channels + channel
                scaleGradient.pointer[channel] += outputGradient[index] * normalized.pointer[index]
            }
        }
        guard let inputGradient else { return }
        // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂))
        let perRow = 1 / Float(rows)
        for row in 0..<rows {
            for channel in 0..<channels {
                let index = row * channels + channel
                let centred = outputGradient[index] - shiftGradient.pointer[channel] * perRow
                    - normalized.pointer[index] * scaleGradient.pointer[channel] * perRow
                inputGradient[index] = scale.pointer[channel] * inverseDeviation.pointer[channel] * centred
            }
        }
    }
}
