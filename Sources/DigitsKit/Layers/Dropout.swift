/// Inverted dropout: in training each value is kept with probability 1 − rate and scaled by
/// 1 / (1 − rate), so inference is the identity.
///
/// The masks of a batch are drawn from the seed, the layer's position and the optimizer's step, so
/// a resumed run draws the same masks as an uninterrupted one.
final class Dropout: BatchLayer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    let rate: Float
    private let seed: UInt64
    private let mask: FloatBuffer

    var kind: LayerKind { .dropout(rate: rate) }

    init(input: Shape, rate: Float, seed: UInt64, capacity: Int) {
        inputShape = input
        self.rate = rate
        self.seed = seed
        mask = FloatBuffer(count: capacity * input.count)
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let values = count * inputShape.count
        guard case let .training(step) = mode, rate > 0 else {
            output.update(from: input, count: values)
            return
        }
        var generator = SplitMix64(seed: seed &+ UInt64(step) &* 0x9E37_79B9_7F4A_7C15)
        let keep = 1 - rate, scale = 1 / (1 - rate)
        // 24 random bits per value: compared with keep × 2^24.
        let threshold = UInt64(Double(keep) * 16_777_216)
        var index = 0
        while index < values {
            var bits = generator.next()
            for _ in 0..<2 where index < values {
                mask.pointer[index] = bits & 0xFF_FFFF < threshold ? scale : 0
                output[index] = input[index] * mask.pointer[index]
                bits >>= 32
                index += 1
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        guard let inputGradient else { return }
        let values = count * inputShape.count
        guard rate > 0 else {
            inputGradient.update(from: outputGradient, count: values)
            return
        }
        for index in 0..<values { inputGradient[index] = outputGradient[index] * mask.pointer[index] }
    }
}
