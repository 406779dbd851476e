/// The square window and stride that max and average pooling share: their syntax, record and shape.
struct PoolWindow: Hashable, Sendable {
    let window: Int
    let stride: Int

    /// `<name><k>[:s<stride>]`; the stride defaults to the window.
    static func parse(_ token: LayerToken, name: String) -> PoolWindow? {
        guard let window = token.size(after: name), let lettered = token.lettered(from: 0, letters: ["s"]) else { return nil }
        return PoolWindow(window: window, stride: lettered["s"] ?? window)
    }

    init(window: Int, stride: Int) {
        self.window = window
        self.stride = stride
    }

    init(arguments: [UInt32]) {
        self.init(window: Int(arguments[0]), stride: Int(arguments[1]))
    }

    var arguments: [UInt32] { [window, stride].map { UInt32(truncatingIfNeeded: $0) } }

    func token(_ name: String) -> String { "\(name)\(window)" + (stride == window ? "" : ":s\(stride)") }

    func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> {
        guard (1...LayerLimits.kernel).contains(window), (1...LayerLimits.stride).contains(stride) else {
            return .failure("a window of 1 to \(LayerLimits.kernel) and a stride of 1 to \(LayerLimits.stride)")
        }
        guard input.height >= window, input.width >= window else { return .failure("an input of at least \(window)×\(window)") }
        return .success(Shape(
            height: (input.height - window) / stride + 1, width: (input.width - window) / stride + 1, channels: input.channels
        ))
    }

    func multiplyAdds(output: Shape) -> Int { output.count * window * window }

    func makeLayer(_ context: BatchLayerContext, operation: PoolingLayer.Operation) -> any BatchLayer {
        PoolingLayer(input: context.input, output: context.output, operation: operation, window: window, stride: stride,
                     capacity: context.capacity, workers: context.workers)
    }
}
