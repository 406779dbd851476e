/// `maxpool<k>[:s<stride>]`: max pooling: each window's largest value, channel by channel.
public struct MaxPool: LayerKind, GeneralLayerKind {
    let pool: PoolWindow
    public var window: Int { pool.window }
    public var stride: Int { pool.stride }

    /// - Parameter stride: The step between windows; the window's size when nil.
    public init(window: Int, stride: Int? = nil) {
        pool = PoolWindow(window: window, stride: stride ?? window)
    }

    public static let code: UInt8 = 11
    public static let firstVersion = 2
    static let name = "maxpool"
    static let syntax = "maxpool<k>[:s<stride>]"
    static let examples = "maxpool2 or maxpool3:s2"

    static func parse(_ token: LayerToken) -> MaxPool? {
        PoolWindow.parse(token, name: name).map { MaxPool(window: $0.window, stride: $0.stride) }
    }

    public init?(arguments: [UInt32]) { pool = PoolWindow(arguments: arguments) }
    public var arguments: [UInt32] { pool.arguments }
    public var token: String { pool.token(Self.name) }
    public func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> { pool.outputShape(for: input) }
    public func tensors(for input: Shape) -> [LayerTensor] { [] }
    public func multiplyAdds(input: Shape, output: Shape) -> Int { pool.multiplyAdds(output: output) }
    /// The position each output took its value from, for backward.
    public func workspaceFloats(input: Shape, output: Shape) -> Int { output.count }
    var initialization: InitializationHint { .other }
    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer { pool.makeLayer(context, operation: .maximum) }
}
