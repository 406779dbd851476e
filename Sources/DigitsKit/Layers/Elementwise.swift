/// max(x, 0). Forward and backward may run in place (output and input the same buffer).
final class ReLU: BatchLayer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    var kind: LayerKind { .relu }
    private let workers: Workers

    init(input: Shape, workers: Workers) {
        inputShape = input
        self.workers = workers
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        workers.forEachRange(count) { samples in
            let first = samples.lowerBound * inputShape.count
            rectify(input + first, into: output + first, values: samples.count * inputShape.count)
        }
    }

    private func rectify(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, values: Int) {
        let zero = SIMD8<Float>()
        var index = 0
        while index + 8 <= values {
            store8(larger(load8(input + index), zero), output + index)
            index += 8
        }
        while index < values {
            output[index] = input[index] > 0 ? input[index] : 0
            index += 1
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        guard let inputGradient else { return }
        workers.forEachRange(count) { samples in
            let first = samples.lowerBound * inputShape.count
            gate(outputGradient + first, by: output + first, into: inputGradient + first, values: samples.count * inputShape.count)
        }
    }

    /// The gradient where the output (and so the input) was positive, 0 elsewhere. Reading the
    /// output lets the forward pass run in place.
    private func gate(
        _ outputGradient: UnsafePointer<Float>, by input: UnsafePointer<Float>, into inputGradient: UnsafeMutablePointer<Float>, values: Int
    ) {
        let zero = SIMD8<Float>()
        var index = 0
        while index + 8 <= values {
            store8(zero.replacing(with: load8(outputGradient + index), where: load8(input + index) .> zero), inputGradient + index)
            index += 8
        }
        while index < values {
            inputGradient[index] = input[index] > 0 ? outputGradient[index] : 0
            index += 1
        }
    }
}

/// The same values as one row: HWC order is kept, so this is a copy.
final class Flatten: BatchLayer {
    let inputShape: Shape
    let outputShape: Shape
    var kind: LayerKind { .flatten }

    init(input: Shape) {
        inputShape = input
        outputShape = Shape(height: 1, width: 1, channels: input.count)
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        output.update(from: input, count: count * inputShape.count)
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        inputGradient?.update(from: outputGradient, count: count * inputShape.count)
    }
}
