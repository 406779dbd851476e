/// Follows an ONNX graph from its image input to its logits, one node at a time, turning each
/// node into a general layer kind with its weights in digits's order.
///
/// The graph must be one chain: each tensor feeds one node (Shape nodes aside, which only the
/// flattening arithmetic reads). Scalar arithmetic on the input before the first layer becomes
/// the model's input scaling.
struct ONNXChainReader {
    static let supported = "Conv, MaxPool, AveragePool, Relu, Flatten, Reshape, Gemm, MatMul (+ Add), BatchNormalization, "
        + "Dropout, Identity, Softmax, and Mul, Div, Add or Sub by a constant on the input"

    private let graph: ONNXGraph
    private let operatorSet: Int64
    private var constants: [String: ONNXTensor] = [:]
    private var producers: [String: Int] = [:]
    private var consumers: [String: [Int]] = [:]
    private var visited = Set<Int>()
    /// The tensor the next node must read, its shape as digits holds it, and as ONNX holds it.
    private var current = ""
    private var shape = Architecture.mnistInput
    private var chainShapes: [String: [ShapeArithmetic.Dimension]] = [:]
    /// The image the current rows were flattened from; nil while the tensor is an image, or for
    /// rows a dense layer made.
    private var flattenedFrom: Shape?
    private var isFlat = false
    /// Whether the rows have yet to become a Flatten layer.
    private var pendingFlatten = false
    private var scaling: InputScaling
    private var layers: [any LayerKind] = []
    private var tensors: [[Float]] = []
    private var ended = false
    /// The output of a node read together with the one before it (a MatMul's Add).
    private var fusedOutput: String?

    init(graph: ONNXGraph, operatorSet: Int64, scaling: InputScaling) throws(ONNXProblem) {
        self.graph = graph
        self.operatorSet = operatorSet
        self.scaling = scaling
        for tensor in graph.initializers { constants[tensor.name] = tensor }
        for (index, node) in graph.nodes.enumerated() {
            guard node.domain.isEmpty || node.domain == "ai.onnx" else {
                throw ONNXProblem("\(node.label) is from the operator domain '\(node.domain)'; digits imports ONNX's standard operators: \(Self.supported)")
            }
            for output in node.outputs where !output.isEmpty {
                guard producers.updateValue(index, forKey: output) == nil, constants[output] == nil else {
                    throw ONNXProblem("the tensor '\(output)' is written twice")
                }
            }
            for input in Set(node.inputs) where !input.isEmpty { consumers[input, default: []].append(index) }
            if node.operation == "Constant", let output = node.outputs.first { constants[output] = try Self.constant(node) }
        }
        let inputs = graph.inputs.filter { constants[$0.name] == nil }
        guard inputs.count == 1, let input = inputs.first else {
            throw ONNXProblem("the graph has \(inputs.count) inputs besides its weights; digits feeds it one batch of images")
        }
        let expected: [Int64?] = [1, 28, 28]
        if let dimensions = input.dimensions, dimensions.count != 4 || Array(dimensions.dropFirst()) != expected {
            let shown = dimensions.map { $0.map(String.init) ?? "N" }.joined(separator: ", ")
            throw ONNXProblem("the input '\(input.name)' is [\(shown)]; digits feeds [N, 1, 28, 28], one 28×28 gray image each")
        }
        guard input.elementType == ONNXTensor.float else { throw ONNXProblem("the input '\(input.name)' is not float") }
        current = input.name
        chainShapes[current] = [.batch, .value(1), .value(28), .value(28)]
    }

    /// The network, once every node of the chain is read.
    mutating func read() throws(ONNXProblem) -> NetworkState {
        while let index = try nextNode() {
            let node = graph.nodes[index]
            guard !ended else { throw ONNXProblem("\(node.label) follows the Softmax; the Softmax must end the graph") }
            try read(node)
            for extra in node.outputs.dropFirst() where !extra.isEmpty && consumers[extra] != nil {
                throw ONNXProblem("\(node.label)'s output '\(extra)' is used; digits uses only a node's first output")
            }
            current = fusedOutput ?? node.outputs.first ?? ""
            fusedOutput = nil
            chainShapes[current] = isFlat ? [.batch, .value(Int64(shape.count))]
                : [.batch, .value(Int64(shape.channels)), .value(Int64(shape.height)), .value(Int64(shape.width))]
        }
        if let stray = graph.nodes.indices.first(where: { !visited.contains($0) && !ShapeArithmetic.operations.contains(graph.nodes[$0].operation) }) {
            throw ONNXProblem("\(graph.nodes[stray].label) is not on the chain of layers from the input to the output")
        }
        guard graph.outputs.contains(where: { $0.name == current }) else {
            throw ONNXProblem("the chain of layers ends at '\(current)', which is not an output of the graph")
        }
        let architecture = Architecture(input: Architecture.mnistInput, inputScaling: scaling, layers: layers)
        do {
            _ = try architecture.outputShapes()
        } catch {
            throw ONNXProblem("the nodes do not make a network digits runs: \(error)")
        }
        guard scaling.range.isFinite, scaling.range >= 1, scaling.offset.isFinite, abs(scaling.offset) <= 1e6 else {
            throw ONNXProblem("the input scaling (\(scaling)) is out of the range a model file holds")
        }
        return NetworkState(architecture: architecture, tensors: tensors)
    }

    /// The one node that reads the current tensor, nil at the end of the chain.
    private mutating func nextNode() throws(ONNXProblem) -> Int? {
        let readers = (consumers[current] ?? []).filter { graph.nodes[$0].operation != "Shape" }
        guard !readers.isEmpty else { return nil }
        guard readers.count == 1, let index = readers.first else {
            let names = readers.map { graph.nodes[$0].label }.joined(separator: ", ")
            throw ONNXProblem("the tensor '\(current)' feeds \(readers.count) nodes (\(names)); digits reads one chain of layers")
        }
        guard visited.insert(index).inserted else { throw ONNXProblem("the graph loops back to \(graph.nodes[index].label)") }
        return index
    }

    private mutating func read(_ node: ONNXNode) throws(ONNXProblem) {
        let commutes = node.operation == "Add" || node.operation == "Mul"
        guard node.inputs.first == current || commutes else {
            throw ONNXProblem("\(node.label) reads the previous layer's output as its input \(node.inputs.firstIndex(of: current).map { $0 + 1 } ?? 0), not its first")
        }
        switch node.operation {
        case "Conv": try convolution(node)
        case "MaxPool": try pool(node, maximum: true)
        case "AveragePool": try pool(node, maximum: false)
        case "Relu": try append(ReLU(), [], for: node)
        case "Flatten":
            guard (node.attribute("axis")?.integerValue ?? 1) == 1 else { throw ONNXProblem("\(node.label) flattens from an axis other than 1") }
            try flatten(node)
        case "Reshape": try reshape(node)
        case "Gemm": try gemm(node)
        case "MatMul": try matrixProduct(node)
        case "BatchNormalization": try batchNorm(node)
        case "Dropout": try dropout(node)
        case "Identity": return
        case "Softmax", "LogSoftmax":
            let axis = node.attribute("axis")?.integerValue ?? (operatorSet >= 13 ? -1 : 1)
            guard isFlat, axis == 1 || axis == -1 else { throw ONNXProblem("\(node.label) is not over the classes of each image") }
            ended = true
        case "Mul", "Div", "Add", "Sub": try scaleInput(node)
        default:
            throw ONNXProblem("\(node.label) is not supported; digits imports \(Self.supported)")
        }
    }

    // MARK: Layers

    private mutating func convolution(_ node: ONNXNode) throws(ONNXProblem) {
        try requireImage(node)
        guard (node.attribute("group")?.integerValue ?? 1) == 1 else { throw ONNXProblem("\(node.label) is a grouped convolution") }
        let weights = try floats(node, input: 1)
        let dimensions = weights.dimensions.map(Int.init)
        guard dimensions.count == 4, dimensions[1] == shape.channels, dimensions[2] == dimensions[3] else {
            throw ONNXProblem("\(node.label) has weights \(weights.dimensions); digits needs [filters, \(shape.channels), k, k]")
        }
        let (filters, channels, kernel) = (dimensions[0], dimensions[1], dimensions[2])
        try requireOnes(node, "dilations")
        let stride = try square(node, "strides", default: 1)
        let padding = try evenPadding(node)
        if let shape = node.attribute("kernel_shape")?.integerValues, shape != [Int64(kernel), Int64(kernel)] {
            throw ONNXProblem("\(node.label)'s kernel_shape \(shape) does not match its weights")
        }
        let biases = node.inputs.count > 2 && !node.inputs[2].isEmpty ? try floats(node, input: 2).floats : Array(repeating: 0, count: filters)
        guard biases.count == filters else { throw ONNXProblem("\(node.label) has \(biases.count) biases for \(filters) filters") }
        // ONNX's [filter][channel][ky][kx] to digits's [ky][kx][channel][filter].
        var values = [Float](repeating: 0, count: weights.floats.count)
        for filter in 0..<filters {
            for channel in 0..<channels {
                for y in 0..<kernel {
                    for x in 0..<kernel {
                        values[((y * kernel + x) * channels + channel) * filters + filter] = weights.floats[((filter * channels + channel) * kernel + y) * kernel + x]
                    }
                }
            }
        }
        try append(Convolution(kernel: kernel, filters: filters, stride: stride, padding: padding), [values, biases], for: node)
    }

    private mutating func pool(_ node: ONNXNode, maximum: Bool) throws(ONNXProblem) {
        try requireImage(node)
        guard let kernel = node.attribute("kernel_shape")?.integerValues, kernel.count == 2, kernel[0] == kernel[1], let window = Int(exactly: kernel[0]) else {
            throw ONNXProblem("\(node.label) needs a square kernel_shape")
        }
        guard (node.attribute("ceil_mode")?.integerValue ?? 0) == 0 else { throw ONNXProblem("\(node.label) rounds its output size up (ceil_mode)") }
        try requireOnes(node, "dilations")
        guard try evenPadding(node) == 0 else { throw ONNXProblem("\(node.label) pads its input; digits pools without padding") }
        let stride = try square(node, "strides", default: 1)
        try append(maximum ? MaxPool(window: window, stride: stride) : AveragePool(window: window, stride: stride), [], for: node)
    }

    /// Rows from now on. A dense layer flattens its input itself, so the Flatten layer is added
    /// only when something else comes first (a batch norm over rows is not one over channels).
    private mutating func flatten(_ node: ONNXNode) throws(ONNXProblem) {
        guard !isFlat else { return }
        flattenedFrom = shape.height * shape.width > 1 ? shape : nil
        isFlat = true
        pendingFlatten = true
    }

    private mutating func addPendingFlatten() {
        guard pendingFlatten else { return }
        pendingFlatten = false
        layers.append(Flatten())
        shape = Shape(height: 1, width: 1, channels: shape.count)
    }

    /// A Reshape to [N, everything], however its target is spelled or computed.
    private mutating func reshape(_ node: ONNXNode) throws(ONNXProblem) {
        guard node.inputs.count == 2 else { throw ONNXProblem("\(node.label) has no target shape") }
        let arithmetic = ShapeArithmetic(nodes: graph.nodes, producers: producers, constants: constants, chainShapes: chainShapes)
        let target = try arithmetic.values(of: node.inputs[1])
        let copiesZero = (node.attribute("allowzero")?.integerValue ?? 0) == 0
        let count = Int64(shape.count)
        let first = target.first == .value(0) && copiesZero ? .batch : target.first
        let flattens = target.count == 2 && (first == .batch && (target[1] == .value(-1) || target[1] == .value(count))
            || first == .value(-1) && target[1] == .value(count))
        guard flattens else {
            throw ONNXProblem("\(node.label) reshapes to \(target.map { $0 == .batch ? "N" : "\($0)" }); digits reads only a flattening to [N, \(count)]")
        }
        try flatten(node)
    }

    private mutating func gemm(_ node: ONNXNode) throws(ONNXProblem) {
        try requireRows(node)
        guard (node.attribute("transA")?.integerValue ?? 0) == 0 else { throw ONNXProblem("\(node.label) transposes its input") }
        let transposed = (node.attribute("transB")?.integerValue ?? 0) != 0
        let alpha = node.attribute("alpha")?.floatValue ?? 1, beta = node.attribute("beta")?.floatValue ?? 1
        let matrix = try floats(node, input: 1)
        let bias = node.inputs.count > 2 && !node.inputs[2].isEmpty ? try floats(node, input: 2) : nil
        try dense(node, matrix: matrix, transposed: transposed, alpha: alpha, bias: bias, beta: beta)
    }

    /// MatMul with a constant matrix, and the Add of a constant bias after it when there is one.
    private mutating func matrixProduct(_ node: ONNXNode) throws(ONNXProblem) {
        try requireRows(node)
        let matrix = try floats(node, input: 1)
        if let output = node.outputs.first, let readers = consumers[output], readers.count == 1, let next = readers.first,
           graph.nodes[next].operation == "Add", graph.nodes[next].inputs.count == 2 {
            let add = graph.nodes[next]
            if let bias = constants[add.inputs[0] == output ? add.inputs[1] : add.inputs[0]], bias.elementType == ONNXTensor.float {
                visited.insert(next)
                fusedOutput = add.outputs.first
                return try dense(node, matrix: matrix, transposed: false, alpha: 1, bias: bias, beta: 1)
            }
        }
        try dense(node, matrix: matrix, transposed: false, alpha: 1, bias: nil, beta: 1)
    }

    private mutating func dense(_ node: ONNXNode, matrix: ONNXTensor, transposed: Bool, alpha: Float, bias: ONNXTensor?, beta: Float) throws(ONNXProblem) {
        let inputs = shape.count
        guard matrix.dimensions.count == 2, Int(matrix.dimensions[transposed ? 1 : 0]) == inputs else {
            throw ONNXProblem("\(node.label) has weights \(matrix.dimensions) for \(inputs) inputs")
        }
        let units = Int(matrix.dimensions[transposed ? 0 : 1])
        let biases = bias?.floats ?? [0]
        guard biases.count == units || biases.count == 1 else { throw ONNXProblem("\(node.label) has \(biases.count) biases for \(units) units") }
        var weights = [Float](repeating: 0, count: inputs * units)
        for input in 0..<inputs {
            let row = flattenedFrom.map { ChannelOrder.channelFirstIndex(ofChannelLast: input, in: $0) } ?? input
            for unit in 0..<units {
                weights[input * units + unit] = alpha * matrix.floats[transposed ? unit * inputs + row : row * units + unit]
            }
        }
        flattenedFrom = nil
        try append(Dense(units: units), [weights, (0..<units).map { beta * biases[biases.count == 1 ? 0 : $0] }], for: node)
    }

    private mutating func batchNorm(_ node: ONNXNode) throws(ONNXProblem) {
        guard (node.attribute("training_mode")?.integerValue ?? 0) == 0 else { throw ONNXProblem("\(node.label) is in training mode") }
        addPendingFlatten()
        let channels = shape.channels
        var values: [[Float]] = []
        for input in 1...4 {
            let tensor = try floats(node, input: input)
            guard tensor.floats.count == channels else { throw ONNXProblem("\(node.label) has \(tensor.floats.count) values in '\(tensor.name)' for \(channels) channels") }
            // Rows flattened from an image are channel-first in ONNX.
            values.append(flattenedFrom.map { image in (0..<channels).map { tensor.floats[ChannelOrder.channelFirstIndex(ofChannelLast: $0, in: image)] } } ?? tensor.floats)
        }
        // digits normalizes with its own epsilon: the difference goes into the variance.
        let epsilon = node.attribute("epsilon")?.floatValue ?? 1e-5
        if epsilon != BatchNormLayer.epsilon { values[3] = values[3].map { max(0, $0 + (epsilon - BatchNormLayer.epsilon)) } }
        guard values[3].allSatisfy({ $0 >= 0 }) else { throw ONNXProblem("\(node.label) has a negative running variance") }
        try append(BatchNorm(), values, for: node)
    }

    /// The identity at inference; the rate is kept so that the network trains as it was made.
    private mutating func dropout(_ node: ONNXNode) throws(ONNXProblem) {
        var rate = node.attribute("ratio")?.floatValue ?? 0.5
        if node.inputs.count > 1, !node.inputs[1].isEmpty {
            guard let ratio = constants[node.inputs[1]]?.floats.first else { throw ONNXProblem("\(node.label)'s ratio is not a constant") }
            rate = ratio
        }
        if node.inputs.count > 2, !node.inputs[2].isEmpty, constants[node.inputs[2]]?.integers.allSatisfy({ $0 == 0 }) != true {
            throw ONNXProblem("\(node.label) may run in training mode")
        }
        guard rate >= 0, rate < 1 else { throw ONNXProblem("\(node.label) has a ratio of \(rate)") }
        try append(Dropout(rate: rate), [], for: node)
    }

    /// Multiplies, divides, adds or subtracts a scalar constant on the input, before any layer.
    private mutating func scaleInput(_ node: ONNXNode) throws(ONNXProblem) {
        guard layers.isEmpty, node.inputs.count == 2 else {
            throw ONNXProblem("\(node.label) is arithmetic between layers; digits imports it only on the input, before the first layer")
        }
        let other = node.inputs[0] == current ? node.inputs[1] : node.inputs[0]
        guard node.inputs.contains(current), other != current, let tensor = constants[other], tensor.elementType == ONNXTensor.float,
              tensor.floats.count == 1, let value = tensor.floats.first, value.isFinite
        else { throw ONNXProblem("\(node.label) does not scale the input by one constant number") }
        switch node.operation {
        case "Mul": scaling = InputScaling(range: scaling.range / value, offset: scaling.offset * value)
        case "Div": scaling = InputScaling(range: scaling.range * value, offset: scaling.offset / value)
        case "Add": scaling.offset += value
        default:
            guard node.inputs[0] == current else { throw ONNXProblem("\(node.label) subtracts the input from a constant") }
            scaling.offset -= value
        }
    }

    // MARK: Helpers

    private mutating func append(_ layer: any LayerKind, _ values: [[Float]], for node: ONNXNode) throws(ONNXProblem) {
        guard values.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw ONNXProblem("\(node.label)'s weights or biases are not all finite numbers (once scaled by Gemm's alpha or beta, or batch norm's epsilon)")
        }
        if !(layer is Dense) { addPendingFlatten() }
        pendingFlatten = false
        guard layers.count < Architecture.maximumLayers else { throw ONNXProblem("more than \(Architecture.maximumLayers) layers") }
        switch layer.outputShape(for: shape) {
        case let .success(output): shape = output
        case let .failure(misfit): throw ONNXProblem("\(node.label) becomes \(layer.token), which receives \(shape) but needs \(misfit.need)")
        }
        guard shape.count <= Architecture.maximumActivation else { throw ONNXProblem("\(node.label) makes an output of \(shape.count) values") }
        if layer is Dense { isFlat = true }
        layers.append(layer)
        tensors += values
    }

    private func floats(_ node: ONNXNode, input: Int) throws(ONNXProblem) -> ONNXTensor {
        guard input < node.inputs.count, let tensor = constants[node.inputs[input]] else {
            throw ONNXProblem("\(node.label)'s input \(input + 1) is not a constant; digits imports weights given as initializers")
        }
        guard tensor.elementType == ONNXTensor.float else { throw ONNXProblem("\(node.label)'s '\(tensor.name)' is not float32") }
        guard tensor.floats.allSatisfy(\.isFinite) else { throw ONNXProblem("\(node.label)'s '\(tensor.name)' holds a value that is not finite") }
        return tensor
    }

    private func requireImage(_ node: ONNXNode) throws(ONNXProblem) {
        guard !isFlat else { throw ONNXProblem("\(node.label) reads rows; it needs an image, as before any flattening") }
    }

    private func requireRows(_ node: ONNXNode) throws(ONNXProblem) {
        guard isFlat else { throw ONNXProblem("\(node.label) reads an image; flatten it first (Flatten or Reshape)") }
    }

    private func requireOnes(_ node: ONNXNode, _ name: String) throws(ONNXProblem) {
        guard (node.attribute(name)?.integerValues ?? []).allSatisfy({ $0 == 1 }) else { throw ONNXProblem("\(node.label) has \(name) other than 1") }
    }

    /// The value of a two-value attribute that must be the same on both axes.
    private func square(_ node: ONNXNode, _ name: String, default value: Int) throws(ONNXProblem) -> Int {
        guard let values = node.attribute(name)?.integerValues else { return value }
        guard values.count == 2, values[0] == values[1], let result = Int(exactly: values[0]), result >= 1 else {
            throw ONNXProblem("\(node.label) has \(name) \(values); digits needs the same on both axes")
        }
        return result
    }

    /// The padding on every side, which must be the same; explicit pads only.
    private func evenPadding(_ node: ONNXNode) throws(ONNXProblem) -> Int {
        if case let .string(autoPad)? = node.attribute("auto_pad"), autoPad != "NOTSET", autoPad != "VALID" {
            throw ONNXProblem("\(node.label) pads automatically (\(autoPad)); digits needs explicit, equal pads")
        }
        guard let pads = node.attribute("pads")?.integerValues else { return 0 }
        guard pads.count == 4, Set(pads).count == 1, let padding = Int(exactly: pads[0]), padding >= 0 else {
            throw ONNXProblem("\(node.label) has pads \(pads); digits needs the same padding on every side")
        }
        return padding
    }

    /// A Constant node's value as a tensor.
    private static func constant(_ node: ONNXNode) throws(ONNXProblem) -> ONNXTensor {
        let name = node.outputs.first ?? ""
        switch node.attributes.first?.value {
        case let .tensor(tensor)? where tensor.external != nil: throw ONNXProblem("\(node.label) keeps its value in another file")
        case let .tensor(tensor)?: return ONNXTensor(name: name, dimensions: tensor.dimensions, elementType: tensor.elementType, floats: tensor.floats, integers: tensor.integers)
        case let .float(value)?: return ONNXTensor(name: name, elementType: ONNXTensor.float, floats: [value])
        case let .floats(values)?: return ONNXTensor(name: name, dimensions: [Int64(values.count)], elementType: ONNXTensor.float, floats: values)
        case let .integer(value)?: return ONNXTensor(name: name, elementType: ONNXTensor.int64, integers: [value])
        case let .integers(values)?: return ONNXTensor(name: name, dimensions: [Int64(values.count)], elementType: ONNXTensor.int64, integers: values)
        default: throw ONNXProblem("\(node.label) holds a kind of value digits does not read")
        }
    }
}
