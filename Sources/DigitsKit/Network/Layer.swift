/// One stage of the classic network: it maps an input activation to an output activation, back-propagates a
/// gradient, and owns its learnable parameters.
///
/// Layers are classes because they own their buffers and are updated in place, one sample at a
/// time; the network allocates every activation once and passes pointers.
public protocol Layer: AnyObject {
    /// What the model file records to rebuild this layer.
    var kind: LayerKind { get }
    var inputShape: Shape { get }
    var outputShape: Shape { get }

    /// Copies of the learnable tensors, in the order the model file stores them.
    var parameters: [[Float]] { get }
    /// Replaces the learnable tensors; the counts must match `parameters`.
    func setParameters(_ tensors: [[Float]])

    /// Writes the output for `input`.
    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>)

    /// Back-propagates one sample and takes one SGD step.
    ///
    /// Given dL/d(output), writes dL/d(input) into `inputGradient` when one is passed (computed with
    /// the parameters as they were), then subtracts `learningRate` × dL/d(parameters) from the
    /// parameters. `input` and `output` are what the last `forward` saw and wrote.
    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, learningRate: Float
    )
}
