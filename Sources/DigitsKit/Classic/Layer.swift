/// One stage of the classic network: it maps an input activation to an output activation, back-propagates a
/// gradient, and owns its learnable parameters.
///
/// Layers are classes because they own their buffers and are updated in place, one sample at a
/// time; the network allocates every activation once and passes buffers, whose sizes are checked
/// against the shapes before the layer's pointer loops run.
@_spi(Testing) public protocol Layer: AnyObject {
    /// What the model file records to rebuild this layer.
    var kind: any LayerKind { get }
    var inputShape: Shape { get }
    var outputShape: Shape { get }

    /// Copies of the learnable tensors, in the order the model file stores them.
    var parameters: [[Float]] { get }
    /// Replaces the learnable tensors; the counts must match `parameters`.
    func setParameters(_ tensors: [[Float]])

    /// Writes the output for `input` (`inputShape.count` values) into `output` (`outputShape.count`).
    func forward(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>)

    /// Back-propagates one sample and takes one SGD step.
    ///
    /// Given dL/d(output), writes dL/d(input) into `inputGradient` when one is passed (computed with
    /// the parameters as they were), then subtracts `learningRate` × dL/d(parameters) from the
    /// parameters. `input` and `output` are what the last `forward` saw and wrote.
    func backward(
        input: UnsafeBufferPointer<Float>, output: UnsafeBufferPointer<Float>, outputGradient: UnsafeBufferPointer<Float>,
        inputGradient: UnsafeMutableBufferPointer<Float>?, learningRate: Float
    )
}

/// The pointer loops behind `Layer`, called once the buffers' sizes are checked.
protocol LayerKernels: Layer {
    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>)
    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, learningRate: Float
    )
}

extension LayerKernels {
    /// `Layer.forward`: the sizes checked, then the pointer loop.
    public func forward(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) {
        checkSizes(input, UnsafeBufferPointer(output))
        forward(input.baseAddress!, into: output.baseAddress!)
    }

    /// `Layer.backward`: the sizes checked, then the pointer loop.
    public func backward(
        input: UnsafeBufferPointer<Float>, output: UnsafeBufferPointer<Float>, outputGradient: UnsafeBufferPointer<Float>,
        inputGradient: UnsafeMutableBufferPointer<Float>?, learningRate: Float
    ) {
        checkSizes(input, output)
        checkSizes(inputGradient.map(UnsafeBufferPointer.init) ?? input, outputGradient)
        backward(input: input.baseAddress!, output: output.baseAddress!, outputGradient: outputGradient.baseAddress!,
                 inputGradient: inputGradient?.baseAddress, learningRate: learningRate)
    }

    private func checkSizes(_ input: UnsafeBufferPointer<Float>, _ output: UnsafeBufferPointer<Float>) {
        precondition(input.count == inputShape.count && output.count == outputShape.count,
                     "\(kind.token) takes \(inputShape.count) values to \(outputShape.count), was given \(input.count) and \(output.count)")
    }
}
