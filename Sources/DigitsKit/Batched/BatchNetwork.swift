/// A network of any general architecture, run over mini-batches of up to `capacity` samples with
/// every buffer allocated once. Matrix products use OpenBLAS; the per-sample loops (unrolling
/// patches, pooling) are split over `threads` threads.
public final class BatchNetwork: Engine {
    public let architecture: Architecture
    public let capacity: Int
    public let classes: Int
    let layers: [any BatchLayer]
    /// What runs, in order: usually each layer from its input activation to its output, but a ReLU
    /// after batch norm runs inside it, and a ReLU followed by a max pool runs as the pool then
    /// the ReLU in place on the pooled values. That is the same function and the same gradient
    /// (the maximum of rectified values is the rectified maximum, and ties route alike), on a
    /// quarter of the values.
    private let plan: [Step]
    private let workers: Workers
    /// The learnable tensors with their gradients, and whether weight decay applies to each: fixed
    /// for the network's life, so gathered once rather than on every step.
    let learnable: (tensors: [FloatBuffer], gradients: [FloatBuffer], decays: [Bool])
    /// `activations[0]` is the input; `activations[i + 1]` is what layer `i` writes. Each holds
    /// `capacity` samples.
    private let activations: [FloatBuffer]
    /// `gradients[i]` is dL/d`activations[i]`, for i ≥ 1.
    private let gradients: [FloatBuffer]
    private let probabilities: FloatBuffer
    private let labels: UnsafeMutableBufferPointer<Int32>
    /// How pixel bytes become input values: the architecture's, kept here for the input loop.
    private let inputScaling: InputScaling
    /// The optimizer and loss of training, once `startTraining` has set them.
    private var training: (optimizer: Optimizer, loss: Loss)?
    public private(set) var profile: StepProfile?
    /// Whether `profile` is kept: a plain flag for the hot path, which never touches the profile otherwise.
    private var profiling = false

    /// Bounds the buffers a spec or a model file can make one network allocate.
    public static let maximumWorkspaceBytes = 3 << 30

    /// The largest batch of `architecture` whose buffers fit `maximumWorkspaceBytes`.
    public static func largestBatch(for architecture: Architecture) throws(ArchitectureError) -> Int {
        let perSample = try architecture.cost().workspaceBytes
        guard perSample <= maximumWorkspaceBytes else {
            throw .workspaceTooLarge(bytesPerSample: perSample, batch: 1, limit: maximumWorkspaceBytes)
        }
        return maximumWorkspaceBytes / max(perSample, 1)
    }

    /// Builds the network with fresh parameters drawn from `seed`: He initialization for weights
    /// that feed a ReLU, Glorot otherwise; biases 0, batch norm γ 1 and β 0. Without `drawsWeights`
    /// the tensors are left for `load` to fill. Without `fusesSteps` every layer runs on its own
    /// and every activation is kept, for views of what each layer computes.
    public init(
        _ architecture: Architecture, seed: UInt64, capacity: Int, threads: Int, drawsWeights: Bool = true, fusesSteps: Bool = true
    ) throws(ArchitectureError) {
        let shapes = try architecture.outputShapes()
        let inputs = [architecture.input] + shapes
        let perSample = architecture.cost(shapes: shapes).workspaceBytes
        guard capacity >= 1, capacity <= Self.maximumWorkspaceBytes / max(perSample, 1) else {
            throw .workspaceTooLarge(bytesPerSample: perSample, batch: capacity, limit: Self.maximumWorkspaceBytes)
        }
        let workers = Workers(threads: max(1, threads))
        var generator = SplitMix64(seed: SeedStreams.weights(seed))
        var layers: [any BatchLayer] = []
        var kinds: [any GeneralLayerKind] = []
        for (index, layer) in architecture.layers.enumerated() {
            guard let kind = layer as? any GeneralLayerKind else { throw .mixedFamilies }
            let context = BatchLayerContext(
                input: inputs[index], output: inputs[index + 1], capacity: capacity, workers: workers,
                seed: SeedStreams.dropout(seed, layer: index)
            )
            layers.append(kind.makeLayer(context))
            kinds.append(kind)
        }
        let roles = zip(architecture.layers, inputs).map { $0.tensors(for: $1) }
        for (index, layer) in layers.enumerated() where drawsWeights {
            Self.initialize(layer.tensors, roles[index], feedsReLU: Self.feedsReLU(kinds[(index + 1)...]), generator: &generator)
        }
        let plan = Self.plan(layers, kinds: kinds, shapes: inputs, workers: workers, fuses: fusesSteps)
        let skipped = Set(0...layers.count).subtracting(plan.flatMap { [$0.input, $0.output] })
        self.architecture = architecture
        self.layers = layers
        self.plan = plan
        self.workers = workers
        learnable = Self.learnable(of: layers, roles: roles)
        self.capacity = capacity
        classes = shapes[shapes.count - 1].count
        activations = inputs.indices.map { FloatBuffer(count: skipped.contains($0) ? 1 : capacity * inputs[$0].count) }
        gradients = inputs.indices.map { FloatBuffer(count: skipped.contains($0) ? 1 : capacity * inputs[$0].count) }
        probabilities = FloatBuffer(count: capacity * classes)
        labels = .allocate(capacity: capacity)
        labels.initialize(repeating: 0)
        inputScaling = architecture.inputScaling
    }

    deinit { labels.deallocate() }

    private static func learnable(
        of layers: [any BatchLayer], roles: [[LayerTensor]]
    ) -> (tensors: [FloatBuffer], gradients: [FloatBuffer], decays: [Bool]) {
        var result: ([FloatBuffer], [FloatBuffer], [Bool]) = ([], [], [])
        for (layer, roles) in zip(layers, roles) {
            let learnable = roles.filter(\.isLearnable)
            result.0 += layer.tensors.prefix(learnable.count)
            result.1 += layer.gradients
            result.2 += learnable.map(\.decays)
        }
        return result
    }

    /// One layer's run from one activation to another, and what a profile calls it.
    private struct Step {
        let layer: any BatchLayer
        let input: Int
        let output: Int
        let profileRow: StepProfile.Row
    }

    private static func plan(
        _ layers: [any BatchLayer], kinds: [any GeneralLayerKind], shapes: [Shape], workers: Workers, fuses: Bool
    ) -> [Step] {
        func row(_ kind: any GeneralLayerKind, _ index: Int, input: Shape, output: Shape) -> StepProfile.Row {
            StepProfile.Row(kind, input: input, output: output, first: index == 0)
        }
        var steps: [Step] = [], index = 0
        while index < layers.count {
            if fuses, let norm = layers[index] as? BatchNormLayer, index + 1 < layers.count, layers[index + 1] is ReLULayer {
                norm.rectifies = true
                let normalization = row(kinds[index], index, input: shapes[index], output: shapes[index + 1])
                steps.append(Step(layer: norm, input: index, output: index + 2, profileRow: normalization.fused(
                    with: row(kinds[index + 1], index + 1, input: shapes[index + 1], output: shapes[index + 2])
                )))
                index += 2
            } else if fuses, layers[index] is ReLULayer, index + 1 < layers.count, let pool = layers[index + 1] as? PoolingLayer, pool.operation == .maximum {
                let pooled = shapes[index + 2]
                steps.append(Step(layer: pool, input: index, output: index + 2,
                                  profileRow: row(kinds[index + 1], index + 1, input: shapes[index + 1], output: pooled)))
                steps.append(Step(layer: ReLULayer(input: pooled, workers: workers), input: index + 2, output: index + 2,
                                  profileRow: row(kinds[index], index, input: pooled, output: pooled)))
                index += 2
            } else {
                steps.append(Step(layer: layers[index], input: index, output: index + 1,
                                  profileRow: row(kinds[index], index, input: shapes[index], output: shapes[index + 1])))
                index += 1
            }
        }
        return steps
    }

    public func startProfiling() {
        profile = StepProfile(rows: plan.map(\.profileRow))
        profiling = true
    }

    /// Back-propagates `count` samples through every step; the first step's input gradient only when
    /// asked; through the inference-mode function after an inference `forward` when `atInference`.
    private func backward(count: Int, wantInputGradient: Bool, atInference: Bool = false) {
        for (index, step) in plan.enumerated().reversed() {
            let clock = ProfileClock(profiling)
            let (input, output, outputGradient) = (activations[step.input].pointer, activations[step.output].pointer, gradients[step.output].pointer)
            let inputGradient = step.input > 0 || wantInputGradient ? gradients[step.input].pointer : nil
            if atInference {
                step.layer.backwardAtInference(input: input, output: output, outputGradient: outputGradient, inputGradient: inputGradient, count: count)
            } else {
                step.layer.backward(input: input, output: output, outputGradient: outputGradient, inputGradient: inputGradient, count: count)
            }
            if profiling { profile!.rows[index].backwardSeconds += clock.seconds }
        }
    }

    /// Whether the next layer that transforms values (past batch norm, dropout and flatten) is a ReLU.
    private static func feedsReLU(_ rest: ArraySlice<any GeneralLayerKind>) -> Bool {
        rest.first { $0.initialization != .transparent }?.initialization == .rectifier
    }

    /// Sets each tensor to its role's start: weights He-normal before a ReLU, Glorot-uniform
    /// otherwise, drawn in layer order from `generator`; the others to their initial value.
    private static func initialize(
        _ tensors: [FloatBuffer], _ roles: [LayerTensor], feedsReLU: Bool, generator: inout SplitMix64
    ) {
        for (tensor, role) in zip(tensors, roles) {
            switch role.role {
            case let .weights(fanIn, fanOut):
                if feedsReLU {
                    let deviation = (2 / Double(fanIn)).squareRoot()
                    for index in 0..<tensor.count { tensor.pointer[index] = Float(generator.nextNormal() * deviation) }
                } else {
                    let limit = (6 / Double(fanIn + fanOut)).squareRoot()
                    for index in 0..<tensor.count { tensor.pointer[index] = Float((generator.nextUniform() * 2 - 1) * limit) }
                }
            case let .parameter(initial), let .statistic(initial, _):
                tensor.pointer.update(repeating: initial, count: tensor.count)
            }
        }
    }

    public var inputCount: Int { architecture.input.count }

    /// Every tensor the model file stores, layer by layer.
    var tensors: [FloatBuffer] { layers.flatMap(\.tensors) }

    public var parameters: [[Float]] { tensors.map(\.array) }

    /// Replaces every tensor; the counts must match (the caller has checked them against the architecture).
    public func load(_ values: [[Float]]) {
        for (tensor, value) in zip(tensors, values) { tensor.assign(value) }
    }

    public func setInput(slot: Int, pixels: UnsafeBufferPointer<UInt8>) {
        precondition(pixels.count == inputCount && slot < capacity, "the image does not fit the network's input")
        let input = activations[0].pointer + slot * inputCount
        let (range, offset) = (inputScaling.range, inputScaling.offset)
        for index in 0..<inputCount { input[index] = Float(pixels[index]) / range + offset }
    }

    /// Class probabilities for the first `count` samples of the input, `classes` per sample; the
    /// buffer is the network's own and is overwritten by the next call.
    public func infer(count: Int) -> UnsafeBufferPointer<Float> {
        let logits = forward(count: count, mode: .inference)
        for sample in 0..<count {
            softmax(logits + sample * classes, into: probabilities.pointer + sample * classes, classes: classes)
        }
        return UnsafeBufferPointer(start: probabilities.pointer, count: count * classes)
    }

    public func inferLogits(count: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: forward(count: count, mode: .inference), count: count * classes)
    }

    private func forward(count: Int, mode: BatchMode) -> UnsafePointer<Float> {
        precondition(count >= 1 && count <= capacity, "a batch of \(count) does not fit a capacity of \(capacity)")
        for (index, step) in plan.enumerated() {
            let clock = ProfileClock(profiling && mode.isTraining)
            step.layer.forward(activations[step.input].pointer, into: activations[step.output].pointer, count: count, mode: mode)
            if profiling && mode.isTraining { profile!.rows[index].forwardSeconds += clock.seconds }
        }
        return UnsafePointer(activations[activations.count - 1].pointer)
    }

    public var usesThreads: Bool { true }

    public func startTraining(_ settings: TrainingSettings, state: OptimizerState?) {
        training = (makeOptimizer(settings.optimizer, state: state), settings.loss)
    }

    public var optimizerState: OptimizerState? { training?.optimizer.state }

    public func setLabel(slot: Int, label: Int) {
        precondition(slot < capacity && label >= 0 && label < classes, "label \(label) in slot \(slot) does not fit \(classes) classes")
        labels[slot] = Int32(label)
    }

    public func train(count: Int, learningRate: Float) -> (loss: Double, correct: Int) {
        guard let (optimizer, loss) = training else { preconditionFailure("startTraining sets the optimizer before train") }
        let logits = forward(count: count, mode: .training(step: optimizer.step))
        let last = activations.count - 1
        var clock = ProfileClock(profiling)
        let result = loss.evaluate(
            logits: logits, labels: labels.baseAddress!, count: count, classes: classes,
            probabilities: probabilities.pointer, gradient: gradients[last].pointer
        )
        var updateSeconds = clock.seconds
        backward(count: count, wantInputGradient: false)
        clock = ProfileClock(profiling)
        let (tensors, gradients, decays) = learnable
        optimizer.update(tensors, gradients: gradients, decays: decays, learningRate: learningRate)
        updateSeconds += clock.seconds
        if profiling {
            profile!.updateSeconds += updateSeconds
            profile!.steps += 1
            profile!.samples += count
        }
        return result
    }

    /// Slot 0's activation `index` after the last forward pass: 0 is the input, i + 1 what layer i
    /// wrote. Every one is kept only in a network built without `fusesSteps`.
    public func activation(_ index: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: activations[index].pointer, count: activations[index].count / capacity)
    }

    /// The gradient of class `target`'s logit with respect to slot 0's input values, through the
    /// network as it infers (dropout off, batch norm with its running statistics), at the input of
    /// the last `infer` or `inferLogits`, whose activations the backward pass reads.
    public func inputGradient(ofClass target: Int) -> UnsafeBufferPointer<Float> {
        let last = gradients[gradients.count - 1].pointer
        last.update(repeating: 0, count: classes)
        last[target] = 1
        backward(count: 1, wantInputGradient: true, atInference: true)
        return UnsafeBufferPointer(start: gradients[0].pointer, count: inputCount)
    }

    /// The logits for `inputs` (`count` samples of already-scaled values), in training mode at
    /// optimizer step `trainingStep` (dropout masks, batch statistics) or in inference mode when nil.
    @_spi(Testing) public func logits(inputs: [Float], count: Int, trainingStep: Int?) -> [Float] {
        precondition(inputs.count == count * inputCount && count <= capacity, "the inputs do not fit the network")
        activations[0].pointer.update(from: inputs, count: inputs.count)
        let logits = forward(count: count, mode: trainingStep.map { .training(step: $0) } ?? .inference)
        return Array(UnsafeBufferPointer(start: logits, count: count * classes))
    }

    /// The batch's loss and its gradients with respect to every learnable tensor and to the
    /// inputs, without updating anything: what gradient checks compare with finite differences.
    @_spi(Testing) public func lossGradients(
        inputs: [Float], labels batchLabels: [Int], loss: Loss, trainingStep: Int
    ) -> (loss: Double, tensorGradients: [[Float]], inputGradient: [Float]) {
        let count = batchLabels.count
        _ = logits(inputs: inputs, count: count, trainingStep: trainingStep)
        for (slot, label) in batchLabels.enumerated() { labels[slot] = Int32(label) }
        let last = activations.count - 1
        let result = loss.evaluate(
            logits: activations[last].pointer, labels: labels.baseAddress!, count: count, classes: classes,
            probabilities: probabilities.pointer, gradient: gradients[last].pointer
        )
        backward(count: count, wantInputGradient: true)
        return (result.loss / Double(count), learnable.gradients.map(\.array),
                Array(UnsafeBufferPointer(start: gradients[0].pointer, count: count * inputCount)))
    }

    /// A fresh optimizer for this network's learnable tensors, or one restored from `state`.
    private func makeOptimizer(_ settings: OptimizerSettings, state: OptimizerState?) -> Optimizer {
        Optimizer(settings: settings, sizes: learnable.tensors.map(\.count), state: state, workers: workers)
    }
}
