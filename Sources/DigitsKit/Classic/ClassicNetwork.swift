/// The classic network's per-sample engine: a stack of layers with every activation and gradient
/// buffer allocated once, trained with plain SGD and run one sample at a time.
public final class ClassicNetwork: Engine {
    public let architecture: Architecture
    @_spi(Testing) public let layers: [any Layer]
    /// `activations[0]` is the input; `activations[i + 1]` is what layer `i` writes.
    private let activations: [FloatBuffer]
    /// `gradients[i]` is dL/d`activations[i]`; the first is used only when asked for the input gradient.
    private let gradients: [FloatBuffer]
    /// The logits `inferLogits` gives.
    private let logits: FloatBuffer
    /// A first convolution followed by a max pool runs as one fused pass each way (same results,
    /// no gradient image in between).
    private let fusedConvolution: Conv3x3?
    /// How pixel bytes become input values: the architecture's, kept here for the input loop.
    private let inputScaling: InputScaling
    /// The class of the image in the input, for the next training step.
    private var label = 0
    /// The input's shape, then each layer's output shape.
    private let activationShapes: [Shape]
    public private(set) var profile: StepProfile?
    /// Whether `profile` is kept: a plain flag for the hot path, which never touches the profile otherwise.
    private var profiling = false

    /// Builds the network with fresh parameters drawn from `seed`.
    public convenience init(_ architecture: Architecture, seed: UInt64) throws(ArchitectureError) {
        var generator = SplitMix64(seed: SeedStreams.weights(seed))
        try self.init(architecture, generator: &generator)
    }

    public init(_ architecture: Architecture, generator: inout SplitMix64) throws(ArchitectureError) {
        precondition(architecture.isClassic, "general layers run in mini-batches in BatchNetwork")
        let shapes = try architecture.outputShapes()
        var layers: [any Layer] = []
        var input = architecture.input
        for (kind, output) in zip(architecture.layers, shapes) {
            // `isClassic` holds every layer to be a classic kind.
            if let kind = kind as? any ClassicLayerKind { layers.append(kind.makeLayer(input: input, generator: &generator)) }
            input = output
        }
        self.architecture = architecture
        activationShapes = [architecture.input] + shapes
        self.layers = layers
        inputScaling = architecture.inputScaling
        let sizes = [architecture.input.count] + shapes.map(\.count)
        activations = sizes.map { FloatBuffer(count: $0) }
        gradients = sizes.map { FloatBuffer(count: $0) }
        logits = FloatBuffer(count: sizes[sizes.count - 1])
        if layers.count >= 2, let convolution = layers[0] as? Conv3x3, layers[1] is MaxPool2, convolution.canFusePool {
            fusedConvolution = convolution
        } else {
            fusedConvolution = nil
        }
    }

    public var classes: Int { activations[activations.count - 1].count }
    public var inputCount: Int { architecture.input.count }

    /// Every learnable tensor, layer by layer.
    public var parameters: [[Float]] { layers.flatMap(\.parameters) }

    /// Replaces every learnable tensor; the caller has checked the counts against the architecture.
    public func load(_ tensors: [[Float]]) {
        var remaining = tensors[...]
        for layer in layers {
            let count = layer.parameters.count
            layer.setParameters(Array(remaining.prefix(count)))
            remaining = remaining.dropFirst(count)
        }
    }

    public var capacity: Int { 1 }
    public var usesThreads: Bool { false }

    public func setInput(slot: Int, pixels: UnsafeBufferPointer<UInt8>) {
        precondition(slot == 0 && pixels.count == inputCount, "expected \(inputCount) pixels in slot 0, got \(pixels.count) in slot \(slot)")
        let input = activations[0].pointer
        let (range, offset) = (inputScaling.range, inputScaling.offset)
        for index in 0..<inputCount { input[index] = Float(pixels[index]) / range + offset }
    }

    public func infer(count: Int) -> UnsafeBufferPointer<Float> {
        precondition(count == 1, "the classic network runs one sample at a time")
        return forwardFromInput(profiled: false)
    }

    /// The output layer's logits, computed again from its input: the fused pass keeps only the
    /// probabilities, and the logits are wanted only to check the network against other runtimes.
    public func inferLogits(count: Int) -> UnsafeBufferPointer<Float> {
        precondition(count == 1, "the classic network runs one sample at a time")
        _ = forwardFromInput(profiled: false)
        let last = activations.count - 1
        guard let output = layers.last as? DenseSoftmax else { preconditionFailure("the classic network ends in DenseSoftmax") }
        output.logits(activations[last - 1].pointer, into: logits.pointer)
        return UnsafeBufferPointer(start: logits.pointer, count: classes)
    }

    /// Plain SGD keeps no state, so there is nothing to set up.
    public func startTraining(_ settings: TrainingSettings, state: OptimizerState?) {
        precondition(settings.suitsClassicNetwork, "the classic network trains per sample with plain SGD")
    }

    public var optimizerState: OptimizerState? { nil }

    /// One step of stochastic gradient descent on the image in slot 0, with cross-entropy loss.
    public func setLabel(slot: Int, label: Int) {
        precondition(slot == 0 && label >= 0 && label < classes, "label \(label) in slot \(slot) is not one of \(classes) classes in slot 0")
        self.label = label
    }

    public func train(count: Int, learningRate: Float) -> (loss: Double, correct: Int) {
        precondition(count == 1, "the classic network trains one sample at a time")
        let probabilities = forwardFromInput(profiled: true)
        let loss = -logf(max(probabilities[label], .leastNormalMagnitude)), correct = argmax(probabilities) == label
        backward(label: label, learningRate: learningRate, wantInputGradient: false)
        if profiling {
            profile!.steps += 1
            profile!.samples += 1
        }
        return (Double(loss), correct ? 1 : 0)
    }

    /// One row per layer, the fused convolution and pool as one; each layer's SGD step is part of its backward pass.
    public func startProfiling() {
        let inputs = activationShapes
        var rows = zip(architecture.layers, inputs.indices).map { kind, index in
            StepProfile.Row(kind, input: inputs[index], output: inputs[index + 1], first: index == 0)
        }
        if fusedConvolution != nil { rows.replaceSubrange(0...1, with: [rows[0].fused(with: rows[1])]) }
        profile = StepProfile(rows: rows)
        profiling = true
    }

    /// Back-propagates cross-entropy for `label` through the last forward pass and steps every layer.
    /// With `wantInputGradient`, every layer computes its input gradient, the first layer's too,
    /// which takes the separate layers' path instead of the fused one.
    @_spi(Testing) public func backward(label: Int, learningRate: Float, wantInputGradient: Bool) {
        let last = activations.count - 1
        // dL/d(logits) of cross-entropy through softmax, in one step: p − onehot.
        gradients[last].pointer.update(from: activations[last].pointer, count: classes)
        gradients[last].pointer[label] -= 1
        let fused = wantInputGradient ? nil : fusedConvolution
        let rowOffset = fusedConvolution == nil ? 0 : 1
        for index in stride(from: layers.count - 1, through: fused == nil ? 0 : 2, by: -1) {
            let wantsInput = index > 0 || wantInputGradient
            let clock = ProfileClock(profiling)
            layers[index].backward(
                input: UnsafeBufferPointer(activations[index].buffer), output: UnsafeBufferPointer(activations[index + 1].buffer),
                outputGradient: UnsafeBufferPointer(gradients[index + 1].buffer),
                inputGradient: wantsInput ? gradients[index].buffer : nil, learningRate: learningRate
            )
            if profiling { profile!.rows[max(0, index - rowOffset)].backwardSeconds += clock.seconds }
        }
        let clock = ProfileClock(profiling && fused != nil)
        fused?.backwardPooled(
            input: activations[0].pointer, output: activations[1].pointer, pooled: activations[2].pointer,
            pooledGradient: gradients[2].pointer, learningRate: learningRate
        )
        if fused != nil && profiling { profile!.rows[0].backwardSeconds += clock.seconds }
    }

    private func forwardFromInput(profiled: Bool) -> UnsafeBufferPointer<Float> {
        var first = 0
        let rowOffset = fusedConvolution == nil ? 0 : 1
        if let fusedConvolution {
            let clock = ProfileClock(profiled && profiling)
            fusedConvolution.forwardPooled(activations[0].pointer, into: activations[1].pointer, pooled: activations[2].pointer)
            if profiled && profiling { profile!.rows[0].forwardSeconds += clock.seconds }
            first = 2
        }
        for index in first..<layers.count {
            let clock = ProfileClock(profiled && profiling)
            layers[index].forward(UnsafeBufferPointer(activations[index].buffer), into: activations[index + 1].buffer)
            if profiled && profiling { profile!.rows[index - rowOffset].forwardSeconds += clock.seconds }
        }
        let output = activations[activations.count - 1]
        return UnsafeBufferPointer(start: output.pointer, count: output.count)
    }
}
