/// ONNX values written in Protocol Buffers' wire format, with onnx.proto's field numbers.
extension ONNXModel {
    func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        writer.integer(1, irVersion)
        writer.string(2, producerName)
        writer.string(3, producerVersion)
        if let graph { writer.message(7) { graph.encode(into: &$0) } }
        for set in operatorSets {
            writer.message(8) { entry in
                entry.string(1, set.domain)
                entry.integer(2, set.version)
            }
        }
        for item in metadata {
            writer.message(14) { entry in
                entry.string(1, item.key)
                entry.string(2, item.value)
            }
        }
        return writer.bytes
    }
}

extension ONNXGraph {
    func encode(into writer: inout ProtobufWriter) {
        for node in nodes { writer.message(1) { node.encode(into: &$0) } }
        writer.string(2, name)
        for tensor in initializers { writer.message(5) { tensor.encode(into: &$0) } }
        for input in inputs { writer.message(11) { input.encode(into: &$0) } }
        for output in outputs { writer.message(12) { output.encode(into: &$0) } }
    }
}

extension ONNXNode {
    func encode(into writer: inout ProtobufWriter) {
        for input in inputs { writer.string(1, input) }
        for output in outputs { writer.string(2, output) }
        writer.string(3, name)
        writer.string(4, operation)
        for attribute in attributes { writer.message(5) { attribute.encode(into: &$0) } }
    }
}

extension ONNXAttribute {
    /// AttributeProto's `type` (field 20) names which value field is set.
    func encode(into writer: inout ProtobufWriter) {
        writer.string(1, name)
        switch value {
        case let .float(value):
            writer.float(2, value)
            writer.integer(20, 1)
        case let .integer(value):
            writer.integer(3, value)
            writer.integer(20, 2)
        case let .string(value):
            writer.string(4, value)
            writer.integer(20, 3)
        case let .tensor(tensor):
            writer.message(5) { tensor.encode(into: &$0) }
            writer.integer(20, 4)
        case let .floats(values):
            for value in values { writer.float(7, value) }
            writer.integer(20, 6)
        case let .integers(values):
            writer.integers(8, values)
            writer.integer(20, 7)
        case let .unsupported(type):
            writer.integer(20, type)
        }
    }
}

extension ONNXTensor {
    /// Floats go in `raw_data` (field 9) as little-endian f32, integers in `int64_data` (field 7).
    func encode(into writer: inout ProtobufWriter) {
        writer.integers(1, dimensions)
        writer.integer(2, elementType)
        writer.string(8, name)
        if elementType == Self.float {
            writer.bytes(9, floats.map(\.bitPattern.littleEndian).withUnsafeBytes(Array.init))
        } else {
            writer.integers(7, integers)
        }
    }
}

extension ONNXValueInfo {
    /// A tensor type (TypeProto field 1) with its element type and shape; a nil dimension is the
    /// dynamic batch, written as the parameter "N".
    func encode(into writer: inout ProtobufWriter) {
        writer.string(1, name)
        writer.message(2) { type in
            type.message(1) { tensor in
                tensor.integer(1, elementType)
                guard let dimensions else { return }
                tensor.message(2) { shape in
                    for dimension in dimensions {
                        shape.message(1) { entry in
                            if let dimension { entry.integer(1, dimension) } else { entry.string(2, "N") }
                        }
                    }
                }
            }
        }
    }
}
