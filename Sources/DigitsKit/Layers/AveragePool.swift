/// `avgpool<k>[:s<stride>]`: average pooling: each window's mean, channel by channel.
public struct AveragePool: LayerKind, GeneralLayerKind {
    let pool: PoolWindow
    public var window: Int { pool.window }
    public var stride: Int { pool.stride }

    /// - Parameter stride: The step between windows; the window's size when nil.
    public init(window: Int, stride: Int? = nil) {
        pool = PoolWindow(window: window, stride: stride ?? window)
    }

    public static let code: UInt8 = 12
    public static let firstVersion = 2
    static let name = "avgpool"
    static let syntax = "avgpool<k>[:s<stride>]"
    static let examples = "avgpool2 or avgpool3:s2"

    static func parse(_ token: LayerToken) -> AveragePool? {
        PoolWindow.parse(token, name: name).map { AveragePool(window: $0.window, stride: $0.stride) }
    }

    public init?(arguments: [UInt32]) { pool = PoolWindow(arguments: arguments) }
    public var arguments: [UInt32] { pool.arguments }
    public var token: String { pool.token(Self.name) }
    public func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> { pool.outputShape(for: input) }
    public func tensors(for input: Shape) -> [LayerTensor] { [] }
    public func multiplyAdds(input: Shape, output: Shape) -> Int { pool.multiplyAdds(output: output) }
    public func workspaceFloats(input: Shape, output: Shape) -> Int { 0 }
    var initialization: InitializationHint { .other }
    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer { pool.makeLayer(context, operation: .average) }
}
