/// What one image costs a network: the work and the memory. Both are bounded, so that a small
/// model file or spec cannot make one prediction take seconds and gigabytes.
public struct ArchitectureCost: Sendable, Equatable {
    /// Multiply-adds for one image through every layer (a pool's comparisons and sums counted alike).
    public let multiplyAdds: Int
    /// Bytes of activations, gradients and layer workspaces one sample of a batch takes.
    public let workspaceBytes: Int

    /// About 1 G multiply-adds: a second per image on one slow core, 60 times the deepest network
    /// the project trains.
    public static let maximumMultiplyAdds = 1_000_000_000
    public static let maximumWorkspaceBytes = 256 << 20
}

extension Architecture {
    /// The cost of one image, from the layers' output shapes.
    func cost(shapes: [Shape]) -> ArchitectureCost {
        let inputs = [input] + shapes
        var multiplyAdds = 0
        var floats = inputs.reduce(0) { $0 + 2 * $1.count }
        for (index, layer) in layers.enumerated() {
            let (inputShape, output) = (inputs[index], shapes[index])
            multiplyAdds += layer.multiplyAdds(input: inputShape, output: output)
            floats += layer.workspaceFloats(input: inputShape, output: output)
        }
        return ArchitectureCost(multiplyAdds: multiplyAdds, workspaceBytes: floats * 4)
    }

    /// The cost of one image.
    public func cost() throws(ArchitectureError) -> ArchitectureCost {
        cost(shapes: try outputShapes())
    }
}
