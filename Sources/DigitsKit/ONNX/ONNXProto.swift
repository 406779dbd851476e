/// The part of ONNX's schema that digits reads and writes, as plain values: a model, its graph, the
/// graph's nodes with their attributes, and tensors. Field numbers are in `ONNXDecoding` and
/// `ONNXEncoding`, from onnx.proto's published numbering.
struct ONNXModel {
    var irVersion: Int64 = 0
    /// Each operator set the graph uses: its domain ("" is the standard one) and version.
    var operatorSets: [(domain: String, version: Int64)] = []
    var producerName = ""
    var producerVersion = ""
    var graph: ONNXGraph?
    var metadata: [(key: String, value: String)] = []

    /// The standard operator set's version, which decides each operator's definition.
    var standardOperatorSet: Int64? {
        operatorSets.first { $0.domain == "" || $0.domain == "ai.onnx" }?.version
    }
}

struct ONNXGraph {
    var name = ""
    var nodes: [ONNXNode] = []
    var initializers: [ONNXTensor] = []
    var inputs: [ONNXValueInfo] = []
    var outputs: [ONNXValueInfo] = []
}

struct ONNXNode {
    var inputs: [String] = []
    var outputs: [String] = []
    var name = ""
    var operation = ""
    var domain = ""
    var attributes: [ONNXAttribute] = []

    /// How errors name the node: its name if it has one, else its first output.
    var label: String { "\(operation) node '\(name.isEmpty ? outputs.first ?? "" : name)'" }

    func attribute(_ name: String) -> ONNXAttribute.Value? { attributes.first { $0.name == name }?.value }
}

struct ONNXAttribute {
    enum Value {
        case float(Float)
        case integer(Int64)
        case string(String)
        case tensor(ONNXTensor)
        case floats([Float])
        case integers([Int64])
        /// A graph, strings, tensors or a type: never needed by the operators digits reads.
        case unsupported(type: Int64)
    }

    var name: String
    var value: Value
}

extension ONNXAttribute.Value {
    var integerValue: Int64? {
        if case let .integer(value) = self { value } else { nil }
    }

    var integerValues: [Int64]? {
        if case let .integers(values) = self { values } else { nil }
    }

    var floatValue: Float? {
        if case let .float(value) = self { value } else { nil }
    }
}

/// A tensor's dimensions and values. Floats and integers (int32, int64) are read; other element
/// types keep only their type, for errors.
struct ONNXTensor {
    static let float: Int64 = 1, int32: Int64 = 6, int64: Int64 = 7

    var name = ""
    var dimensions: [Int64] = []
    var elementType: Int64 = 0
    var floats: [Float] = []
    var integers: [Int64] = []
    /// Where the values are when they are in another file (as PyTorch's exporter writes them
    /// beside the graph, in `MODEL.onnx.data`): a path relative to the graph's file, and a byte range.
    var external: (location: String, offset: Int, length: Int?)?

    var count: Int { elementType == Self.float ? floats.count : integers.count }
    /// The number of values the dimensions make (checked against the bound when decoded).
    var declaredCount: Int { dimensions.reduce(1) { $0 * Int($1) } }
}

/// A graph input's or output's name, element type and dimensions (nil for a named, dynamic one).
struct ONNXValueInfo {
    var name = ""
    var elementType: Int64 = 0
    var dimensions: [Int64?]?
}
