/// What prediction, training, evaluation and the benchmark ask of a network, whichever engine runs
/// it: put images in the slots of a batch, then infer the batch or take one training step on it.
///
/// Two engines implement it: `ClassicNetwork`, the fused per-sample kernels (one slot, plain SGD
/// inside its step), and `BatchNetwork`, the general layers over mini-batches with an optimizer.
public protocol Engine: AnyObject {
    var architecture: Architecture { get }
    /// The most slots one batch has.
    var capacity: Int { get }
    var classes: Int { get }
    /// Whether the engine spreads one batch over threads itself; one that does not is run as one
    /// copy per thread to use every core.
    var usesThreads: Bool { get }

    /// Every tensor the model file stores, in its order.
    var parameters: [[Float]] { get }
    /// Replaces every tensor; the caller has checked the counts against the architecture.
    func load(_ tensors: [[Float]])

    /// Fills slot `slot` with an image of bytes (0 background … 255 ink), scaled as the model file says.
    func setInput(slot: Int, pixels: UnsafeBufferPointer<UInt8>)
    /// Class probabilities for the first `count` slots, `classes` per slot; the engine's own
    /// buffer, valid until its next call.
    func infer(count: Int) -> UnsafeBufferPointer<Float>
    /// The logits for the first `count` slots (the last layer's outputs, which the softmax turns
    /// into probabilities), `classes` per slot; the engine's own buffer, valid until its next call.
    func inferLogits(count: Int) -> UnsafeBufferPointer<Float>

    /// Readies training with `settings`' optimizer and loss, the optimizer restored from `state`
    /// when given. The settings suit the engine (`TrainingSettings.check(for:)`).
    func startTraining(_ settings: TrainingSettings, state: OptimizerState?)
    /// Gives slot `slot` the class its image shows, for the next `train`.
    func setLabel(slot: Int, label: Int)
    /// One training step on the first `count` slots, with their images and labels.
    /// - Returns: The summed loss before the step and how many slots were guessed right.
    func train(count: Int, learningRate: Float) -> (loss: Double, correct: Int)
    /// What a resumed run needs beyond the tensors to go on exactly: the optimizer's step and
    /// moments; nil for plain per-sample SGD, which keeps none.
    var optimizerState: OptimizerState? { get }

    /// Starts timing each training step layer by layer, from zero.
    func startProfiling()
    /// The times since `startProfiling`; nil before it.
    var profile: StepProfile? { get }
}
