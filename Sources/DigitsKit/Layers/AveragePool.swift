/// `avgpool<k>[:s<stride>]`: average pooling: each window's mean, channel by channel.
public struct AveragePool: LayerKind, PoolKind {
    public let window: Int, stride: Int

    /// - Parameter stride: The step between windows; the window's size when nil.
    public init(window: Int, stride: Int? = nil) {
        self.window = window
        self.stride = stride ?? window
    }

    public static let code: UInt8 = 12
    public static let firstVersion = 2
    static let name = "avgpool"
    static let operation = PoolingLayer.Operation.average
    static let onnxOperator = "AveragePool"
    public func workspaceFloats(input: Shape, output: Shape) -> Int { 0 }
}
