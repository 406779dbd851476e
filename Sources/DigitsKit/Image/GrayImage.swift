/// A grayscale picture as read from a file: brightness from 0 (black) to 1 (white), row-major.
public struct GrayImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var brightness: [Float]

    public init(width: Int, height: Int, brightness: [Float]) {
        precondition(brightness.count == width * height, "brightness count does not match the size")
        self.width = width
        self.height = height
        self.brightness = brightness
    }

    public subscript(row: Int, column: Int) -> Float { brightness[row * width + column] }
}
