/// A fully connected layer with bias: the batch's inputs (flattened) times a weight matrix.
///
/// Weights are `[input][unit]`, so the forward pass is one (batch × inputs)·(inputs × units) product.
final class Dense: BatchLayer {
    let inputShape: Shape
    let outputShape: Shape
    let weights: FloatBuffer, biases: FloatBuffer
    let weightGradient: FloatBuffer, biasGradient: FloatBuffer

    var kind: LayerKind { .dense(units: outputShape.channels) }
    var tensors: [FloatBuffer] { [weights, biases] }
    var gradients: [FloatBuffer] { [weightGradient, biasGradient] }

    init(input: Shape, units: Int) {
        inputShape = input
        outputShape = Shape(height: 1, width: 1, channels: units)
        weights = FloatBuffer(count: input.count * units)
        biases = FloatBuffer(count: units)
        weightGradient = FloatBuffer(count: input.count * units)
        biasGradient = FloatBuffer(count: units)
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let units = outputShape.channels
        fillRows(output, rows: count, columns: units, with: biases.pointer)
        matrixProduct(m: count, n: units, k: inputShape.count, input, weights.pointer, into: output, accumulate: true)
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        let units = outputShape.channels, inputs = inputShape.count
        matrixProduct(m: inputs, n: units, k: count, input, transposeA: true, outputGradient, into: weightGradient.pointer)
        sumRows(outputGradient, rows: count, columns: units, into: biasGradient.pointer)
        if let inputGradient {
            matrixProduct(m: count, n: inputs, k: units, outputGradient, weights.pointer, transposeB: true, into: inputGradient)
        }
    }
}
