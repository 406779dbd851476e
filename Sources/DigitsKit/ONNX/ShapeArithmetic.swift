/// The integer arithmetic exporters put before a Reshape to flatten whatever the batch size is
/// (PyTorch's `x.view(x.size(0), -1)` becomes Shape → Gather → Unsqueeze → Concat), evaluated
/// with the batch size left symbolic.
struct ShapeArithmetic {
    enum Dimension: Equatable {
        case batch
        case value(Int64)
    }

    /// The operators it follows, which alone may lie off the chain of layers.
    static let operations: Set = ["Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Cast", "Identity", "Constant"]

    let nodes: [ONNXNode]
    let producers: [String: Int]
    /// Integer tensors: initializers and Constant nodes' values.
    let constants: [String: ONNXTensor]
    /// The ONNX shape of each tensor of the chain read so far.
    let chainShapes: [String: [Dimension]]

    /// The values of `name`, a one-dimensional integer tensor (a scalar as one value).
    func values(of name: String, depth: Int = 0) throws(ONNXProblem) -> [Dimension] {
        if let constant = constants[name] {
            guard constant.elementType == ONNXTensor.int64 || constant.elementType == ONNXTensor.int32 else {
                throw ONNXProblem("the shape '\(name)' is not an integer tensor")
            }
            return constant.integers.map(Dimension.value)
        }
        guard depth < 16, let index = producers[name] else {
            throw ONNXProblem("the shape '\(name)' is not a constant digits can work out (or its computation loops)")
        }
        let node = nodes[index]
        switch node.operation {
        case "Shape":
            guard let shape = node.inputs.first.flatMap({ chainShapes[$0] }) else {
                throw ONNXProblem("\(node.label) takes the shape of a tensor outside the chain of layers")
            }
            let start = Int(node.attribute("start")?.integerValue ?? 0), end = Int(node.attribute("end")?.integerValue ?? Int64(shape.count))
            let clamp = { (bound: Int) in min(max(bound < 0 ? bound + shape.count : bound, 0), shape.count) }
            return Array(shape[clamp(start)..<max(clamp(start), clamp(end))])
        case "Gather":
            guard node.inputs.count == 2, (node.attribute("axis")?.integerValue ?? 0) == 0 else { throw unsupported(node) }
            let data = try values(of: node.inputs[0], depth: depth + 1), indices = try values(of: node.inputs[1], depth: depth + 1)
            return try indices.map { (index) throws(ONNXProblem) -> Dimension in
                guard case let .value(raw) = index, let position = Int(exactly: raw < 0 ? raw + Int64(data.count) : raw),
                      data.indices.contains(position)
                else { throw ONNXProblem("\(node.label) gathers outside its data") }
                return data[position]
            }
        case "Unsqueeze", "Squeeze", "Cast", "Identity":
            return try values(of: node.inputs[0], depth: depth + 1)
        case "Concat":
            var joined: [Dimension] = []
            for input in node.inputs { joined += try values(of: input, depth: depth + 1) }
            return joined
        default:
            throw unsupported(node)
        }
    }

    private func unsupported(_ node: ONNXNode) -> ONNXProblem {
        ONNXProblem("\(node.label) computes a shape in a way digits does not follow (it follows \(Self.operations.sorted().joined(separator: ", ")))")
    }
}
