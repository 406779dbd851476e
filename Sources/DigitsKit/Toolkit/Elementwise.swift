/// max(x, 0).
final class ReLU: BatchLayer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    var kind: LayerKind { .relu }

    init(input: Shape) { inputShape = input }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        for index in 0..<count * inputShape.count { output[index] = max(input[index], 0) }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        guard let inputGradient else { return }
        for index in 0..<count * inputShape.count {
            inputGradient[index] = input[index] > 0 ? outputGradient[index] : 0
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
