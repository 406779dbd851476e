/// `maxpool<k>[:s<stride>]`: max pooling: each window's largest value, channel by channel.
public struct MaxPool: LayerKind, PoolKind {
    public let window: Int, stride: Int

    /// - Parameter stride: The step between windows; the window's size when nil.
    public init(window: Int, stride: Int? = nil) {
        self.window = window
        self.stride = stride ?? window
    }

    public static let code: UInt8 = 11
    public static let firstVersion = 2
    static let name = "maxpool"
    static let operation = PoolingLayer.Operation.maximum
    static let onnxOperator = "MaxPool"
    /// The position each output took its value from, for backward.
    public func workspaceFloats(input: Shape, output: Shape) -> Int { output.count }
}
