/// Where a value of an image sits in channel-last order (digits's: y, x, channel) and in
/// channel-first order (ONNX's and PyTorch's: channel, y, x).
enum ChannelOrder {
    static func channelFirstIndex(ofChannelLast index: Int, in shape: Shape) -> Int {
        let channel = index % shape.channels, pixel = index / shape.channels
        return channel * shape.height * shape.width + pixel
    }
}
