/// One layer of the general toolkit, run over a mini-batch of samples stored one after another,
/// each channel-last (HWC).
///
/// Forward writes the batch's outputs; backward writes dL/d(input) when asked and overwrites the
/// gradients of the learnable tensors with this batch's. An `Optimizer` then updates the tensors.
protocol BatchLayer: AnyObject {
    var inputShape: Shape { get }
    var outputShape: Shape { get }
    /// Every tensor the model file stores, in the order its kind's `tensors(for:)` lists them.
    var tensors: [FloatBuffer] { get }
    /// dL/d(tensor) for each learnable tensor, from the last `backward`.
    var gradients: [FloatBuffer] { get }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode)

    /// `input` and `output` are what the last training-mode `forward` saw and wrote.
    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    )

    /// As `backward`, through the function the last inference-mode `forward` computed: what a
    /// saliency map asks. Only layers whose inference differs from training (dropout, batch norm)
    /// do other than `backward`.
    func backwardAtInference(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    )
}

extension BatchLayer {
    var tensors: [FloatBuffer] { [] }
    var gradients: [FloatBuffer] { [] }

    func backwardAtInference(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        backward(input: input, output: output, outputGradient: outputGradient, inputGradient: inputGradient, count: count)
    }
}

/// Whether a forward pass trains (dropout draws, batch statistics) or infers.
enum BatchMode {
    /// `step` counts the optimizer's steps; dropout draws its masks from it and the seed.
    case training(step: Int)
    case inference

    var isTraining: Bool {
        if case .training = self { true } else { false }
    }
}
