#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A network of any architecture: the classic one runs in its fused per-sample engine, every
/// other one in the batched engine. This is what commands predict with.
public final class Network {
    public enum Engine {
        case classic(ClassicNetwork)
        case batched(BatchNetwork)
    }

    public let engine: Engine
    public var architecture: Architecture {
        switch engine {
        case let .classic(network): network.architecture
        case let .batched(network): network.architecture
        }
    }

    /// Builds the network with fresh parameters drawn from `seed`.
    /// - Parameters:
    ///   - batchCapacity: The largest batch the batched engine will run (the classic one runs one sample).
    ///   - threads: Threads for the batched engine's loops and matrix products.
    public init(
        _ architecture: Architecture, seed: UInt64, batchCapacity: Int = 1, threads: Int = Network.defaultThreads
    ) throws(ArchitectureError) {
        if architecture.isClassic {
            engine = .classic(try ClassicNetwork(architecture, seed: seed))
        } else {
            engine = .batched(try BatchNetwork(architecture, seed: seed, capacity: batchCapacity, threads: threads))
        }
    }

    /// Builds the network and loads trained parameters into it.
    public convenience init(
        _ state: NetworkState, batchCapacity: Int = 1, threads: Int = Network.defaultThreads
    ) throws(ArchitectureError) {
        try self.init(state.architecture, seed: 0, batchCapacity: batchCapacity, threads: threads)
        try load(state.tensors)
    }

    /// Every core.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    public var classes: Int {
        switch engine {
        case let .classic(network): network.classes
        case let .batched(network): network.classes
        }
    }

    public var inputCount: Int { architecture.input.count }

    /// Every tensor with the architecture: all that a model file holds of the network.
    public var state: NetworkState {
        switch engine {
        case let .classic(network): NetworkState(architecture: architecture, tensors: network.parameters)
        case let .batched(network): NetworkState(architecture: architecture, tensors: network.parameters)
        }
    }

    /// The number of learnable values (batch norm's running statistics are not counted).
    public var parameterCount: Int {
        switch engine {
        case let .classic(network): network.parameters.reduce(0) { $0 + $1.count }
        case let .batched(network): network.learnable.tensors.reduce(0) { $0 + $1.count }
        }
    }

    /// Replaces every tensor; the counts must match this architecture.
    public func load(_ tensors: [[Float]]) throws(ArchitectureError) {
        let expected = try architecture.parameterCounts()
        guard tensors.map(\.count) == expected else {
            throw .parameterMismatch(expected: expected, found: tensors.map(\.count))
        }
        switch engine {
        case let .classic(network): network.load(tensors)
        case let .batched(network): network.load(tensors)
        }
    }

    /// Class probabilities for one image of bytes (0 background … 255 ink). The buffer is the
    /// network's own and is overwritten by the next call.
    @discardableResult
    public func predict(pixels: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<Float> {
        switch engine {
        case let .classic(network):
            return network.predict(pixels: pixels)
        case let .batched(network):
            network.setInput(slot: 0, pixels: pixels)
            return network.infer(count: 1)
        }
    }

    /// Probabilities for an image of bytes, copied out.
    public func probabilities(pixels: [UInt8]) -> [Float] {
        pixels.withUnsafeBufferPointer { Array(predict(pixels: $0)) }
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
