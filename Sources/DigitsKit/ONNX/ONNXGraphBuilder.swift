/// An ONNX graph written layer by layer: each layer kind adds its nodes through this builder,
/// which keeps the tensor the next node reads and its shape. (Public only as the type of the
/// `LayerKind` requirement; nothing of it is.)
///
/// digits stores activations channel-last (height × width × channels), ONNX channel-first
/// ([N, C, H, W]); the builder writes weights in ONNX's order, so the graph computes the same
/// values with no transposes. A dense layer after a flatten is the one place the orders meet:
/// its weight rows follow the flattened image, so they are permuted to channel-first.
public struct ONNXGraphBuilder {
    private(set) var graph = ONNXGraph()
    /// The tensor the next node reads.
    private(set) var current: String
    /// Its shape as digits holds it.
    private(set) var shape: Shape
    /// The image the current rows were flattened from; nil while the tensor is still an image
    /// ([N, C, H, W]) or when its rows came from a dense layer.
    private var flattenedFrom: Shape?
    private var isFlat = false
    /// The name prefix of the layer being written: `layer3`.
    private var prefix = ""

    init(input: String, shape: Shape) {
        current = input
        self.shape = shape
    }

    /// Names what the following calls add after layer `index` (from 0): `layer3.conv`, `layer3.weights`.
    mutating func startLayer(_ index: Int) { prefix = "layer\(index + 1)" }

    /// Adds a node reading the current tensor (then `inputs`), whose output becomes the current
    /// tensor, of `shape` (the current one when nil).
    mutating func node(_ operation: String, inputs: [String] = [], attributes: [ONNXAttribute] = [], output shape: Shape? = nil) {
        let output = "\(prefix).\(operation.lowercased())"
        graph.nodes.append(ONNXNode(inputs: [current] + inputs, outputs: [output], name: output, operation: operation, attributes: attributes))
        current = output
        if let shape { self.shape = shape }
    }

    /// Adds a float initializer of this layer and returns its name.
    mutating func initializer(_ name: String, dimensions: [Int], _ values: [Float]) -> String {
        let fullName = "\(prefix).\(name)"
        graph.initializers.append(ONNXTensor(name: fullName, dimensions: dimensions.map(Int64.init), elementType: ONNXTensor.float, floats: values))
        return fullName
    }

    /// Makes the current image rows [N, H·W·C] (channel-first order, as ONNX flattens), once.
    mutating func flatten() {
        guard !isFlat else { return }
        let image = shape
        node("Flatten", attributes: [ONNXAttribute(name: "axis", value: .integer(1))], output: Shape(height: 1, width: 1, channels: image.count))
        flattenedFrom = image.height * image.width > 1 ? image : nil
        isFlat = true
    }

    /// Values kept one per channel (batch norm's), in ONNX's order: for rows flattened from an
    /// image, each row's value moves to its channel-first place.
    func perChannel(_ values: [Float]) -> [Float] {
        guard let image = flattenedFrom else { return values }
        var ordered = values
        for (index, value) in values.enumerated() { ordered[ChannelOrder.channelFirstIndex(ofChannelLast: index, in: image)] = value }
        return ordered
    }

    /// A convolution from `weight(ky, kx, channel, filter)`, with `biases` when it has them.
    mutating func convolution(kernel: Int, filters: Int, stride: Int, padding: Int, biases: [Float]?, weight: (Int, Int, Int, Int) -> Float) {
        let channels = shape.channels
        var values: [Float] = []
        values.reserveCapacity(filters * channels * kernel * kernel)
        for filter in 0..<filters {
            for channel in 0..<channels {
                for y in 0..<kernel {
                    for x in 0..<kernel { values.append(weight(y, x, channel, filter)) }
                }
            }
        }
        var inputs = [initializer("weights", dimensions: [filters, channels, kernel, kernel], values)]
        if let biases { inputs.append(initializer("biases", dimensions: [filters], biases)) }
        let size = { (length: Int) in (length + 2 * padding - kernel) / stride + 1 }
        node("Conv", inputs: inputs, attributes: [
            ONNXAttribute(name: "kernel_shape", value: .integers([Int64(kernel), Int64(kernel)])),
            ONNXAttribute(name: "strides", value: .integers([Int64(stride), Int64(stride)])),
            ONNXAttribute(name: "pads", value: .integers(Array(repeating: Int64(padding), count: 4))),
        ], output: Shape(height: size(shape.height), width: size(shape.width), channels: filters))
    }

    /// Max or average pooling over square windows, without padding, as digits pools.
    mutating func pool(_ operation: String, window: Int, stride: Int) {
        let size = { (length: Int) in (length - window) / stride + 1 }
        node(operation, attributes: [
            ONNXAttribute(name: "kernel_shape", value: .integers([Int64(window), Int64(window)])),
            ONNXAttribute(name: "strides", value: .integers([Int64(stride), Int64(stride)])),
        ], output: Shape(height: size(shape.height), width: size(shape.width), channels: shape.channels))
    }

    /// A fully connected layer from `weight(input, unit)`, inputs numbered as digits orders them,
    /// written as Gemm with B of [inputs, units].
    mutating func dense(units: Int, biases: [Float], weight: (Int, Int) -> Float) {
        flatten()
        let inputs = shape.count
        var values = [Float](repeating: 0, count: inputs * units)
        for input in 0..<inputs {
            let row = flattenedFrom.map { ChannelOrder.channelFirstIndex(ofChannelLast: input, in: $0) } ?? input
            for unit in 0..<units { values[row * units + unit] = weight(input, unit) }
        }
        let weights = initializer("weights", dimensions: [inputs, units], values)
        let bias = initializer("biases", dimensions: [units], biases)
        node("Gemm", inputs: [weights, bias], output: Shape(height: 1, width: 1, channels: units))
        flattenedFrom = nil
    }

    /// Renames the current tensor, the last node's output, to `name`.
    mutating func nameCurrent(_ name: String) {
        guard !graph.nodes.isEmpty else { return }
        graph.nodes[graph.nodes.count - 1].outputs[0] = name
        current = name
    }

    /// Adds a node that is not part of a layer (the input's scaling, the softmax).
    mutating func append(_ node: ONNXNode) {
        graph.nodes.append(node)
        current = node.outputs[0]
    }

    mutating func constant(_ name: String, _ value: Float) -> String {
        graph.initializers.append(ONNXTensor(name: name, dimensions: [], elementType: ONNXTensor.float, floats: [value]))
        return name
    }
}
