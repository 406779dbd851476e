#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Batch normalization per channel (per unit after a dense layer, whose output is 1×1×units).
///
/// In training each channel is normalized by the batch's mean and variance over samples and
/// positions, then scaled by γ and shifted by β; running averages of the mean and the (unbiased)
/// variance, momentum 0.1 as in PyTorch, stand in for them at inference and are saved in the model.
final class BatchNorm: BatchLayer {
    static let epsilon: Float = 1e-5
    static let momentum = 0.1

    let inputShape: Shape
    var outputShape: Shape { inputShape }
    let scale: FloatBuffer, shift: FloatBuffer, runningMean: FloatBuffer, runningVariance: FloatBuffer
    let scaleGradient: FloatBuffer, shiftGradient: FloatBuffer
    /// The normalized inputs of the last training batch and each channel's 1/σ, for backward.
    private let normalized: FloatBuffer
    private let inverseDeviation: FloatBuffer

    var kind: LayerKind { .batchNorm }
    var tensors: [FloatBuffer] { [scale, shift, runningMean, runningVariance] }
    var gradients: [FloatBuffer] { [scaleGradient, shiftGradient] }

    init(input: Shape, capacity: Int) {
        inputShape = input
        let channels = input.channels
        scale = FloatBuffer(count: channels, value: 1)
        shift = FloatBuffer(count: channels)
        runningMean = FloatBuffer(count: channels)
        runningVariance = FloatBuffer(count: channels, value: 1)
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
