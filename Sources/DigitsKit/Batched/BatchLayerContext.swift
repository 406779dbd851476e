/// What building one layer of a `BatchNetwork` needs: its shapes, the batch it must hold, the
/// network's threads, and its own random stream.
struct BatchLayerContext {
    let input: Shape
    let output: Shape
    /// The most samples one batch holds.
    let capacity: Int
    let workers: Workers
    /// Seeds the layer's draws (dropout's masks), distinct for each layer of the network.
    let seed: UInt64
}
