/// A network of any architecture: the classic one runs in its fused per-sample engine, every
/// other one in the batched engine. This is what commands predict with.
public final class Network {
    public let engine: any Engine
    public var architecture: Architecture { engine.architecture }

    /// Builds the network with fresh parameters drawn from `seed`, in the engine its architecture
    /// names: the classic spec in the fused per-sample kernels, general layers in mini-batches.
    /// - Parameters:
    ///   - batchCapacity: The largest batch the batched engine will run (the classic one runs one sample).
    ///   - threads: Threads for the batched engine's loops and matrix products.
    public convenience init(
        _ architecture: Architecture, seed: UInt64, batchCapacity: Int = 1, threads: Int = Network.defaultThreads
    ) throws(ArchitectureError) {
        try self.init(architecture, seed: seed, batchCapacity: batchCapacity, threads: threads, drawsWeights: true)
    }

    private init(
        _ architecture: Architecture, seed: UInt64, batchCapacity: Int, threads: Int, drawsWeights: Bool
    ) throws(ArchitectureError) {
        engine = architecture.isClassic
            ? try ClassicNetwork(architecture, seed: seed)
            : try BatchNetwork(architecture, seed: seed, capacity: batchCapacity, threads: threads, drawsWeights: drawsWeights)
    }

    /// Builds the network and loads trained parameters into it.
    public convenience init(
        _ state: NetworkState, batchCapacity: Int = 1, threads: Int = Network.defaultThreads
    ) throws(ArchitectureError) {
        // The weights are loaded, so drawing fresh ones first would only cost time (a tenth of a
        // command's start-up with the strong model).
        try self.init(state.architecture, seed: 0, batchCapacity: batchCapacity, threads: threads, drawsWeights: false)
        try load(state.tensors)
    }

    /// Every core.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    public var classes: Int { engine.classes }
    public var inputCount: Int { architecture.input.count }

    /// Every tensor with the architecture: all that a model file holds of the network.
    public var state: NetworkState { NetworkState(architecture: architecture, tensors: engine.parameters) }

    /// The number of learnable values (batch norm's running statistics are not counted).
    public var parameterCount: Int {
        let counts = (try? architecture.parameterCounts()) ?? []
        return architecture.learnableTensorIndices.reduce(0) { $0 + counts[$1] }
    }

    /// Replaces every tensor; the counts must match this architecture.
    public func load(_ tensors: [[Float]]) throws(ArchitectureError) {
        let expected = try architecture.parameterCounts()
        guard tensors.map(\.count) == expected else {
            throw .parameterMismatch(expected: expected, found: tensors.map(\.count))
        }
        engine.load(tensors)
    }

    /// Runs `body` on the class probabilities for one image of bytes (0 background … 255 ink);
    /// the buffer lives only as long as the call.
    public func withProbabilities<Result>(
        pixels: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<Float>) throws -> Result
    ) rethrows -> Result {
        engine.setInput(slot: 0, pixels: pixels)
        return try body(engine.infer(count: 1))
    }

    /// Probabilities for an image of bytes, copied out.
    public func probabilities(pixels: [UInt8]) -> [Float] {
        pixels.withUnsafeBufferPointer { pixels in withProbabilities(pixels: pixels) { Array($0) } }
    }

    /// The index of the largest value (the first one on ties): the predicted class.
    public static func argmax(_ values: UnsafeBufferPointer<Float>) -> Int {
        DigitsKit.argmax(values)
    }
}

/// A network's architecture and tensors, detached from any buffers: what the model file stores
/// and what threads share.
public struct NetworkState: Hashable, Sendable {
    public var architecture: Architecture
    public var tensors: [[Float]]

    public init(architecture: Architecture, tensors: [[Float]]) {
        self.architecture = architecture
        self.tensors = tensors
    }
}

extension Network {
    /// Probabilities for each of many images of bytes, run in batches as large as the engine takes.
    public func probabilities(images: [[UInt8]]) -> [[Float]] { outputs(images: images, engine.infer) }

    /// Logits (the last layer's outputs, before the softmax) for each of many images of bytes.
    public func logits(images: [[UInt8]]) -> [[Float]] { outputs(images: images, engine.inferLogits) }

    private func outputs(images: [[UInt8]], _ infer: (Int) -> UnsafeBufferPointer<Float>) -> [[Float]] {
        var results: [[Float]] = []
        results.reserveCapacity(images.count)
        for start in stride(from: 0, to: images.count, by: engine.capacity) {
            let batch = images[start..<min(start + engine.capacity, images.count)]
            for (slot, image) in batch.enumerated() {
                image.withUnsafeBufferPointer { engine.setInput(slot: slot, pixels: $0) }
            }
            let values = infer(batch.count)
            for slot in 0..<batch.count {
                results.append(Array(values[(slot * classes)..<((slot + 1) * classes)]))
            }
        }
        return results
    }
}
