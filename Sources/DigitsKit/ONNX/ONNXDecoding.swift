/// ONNX values read from Protocol Buffers' wire format, with onnx.proto's field numbers. Fields
/// digits does not use are skipped unread, nested messages among them, so no file can make the
/// reader descend deeper than this schema does.
extension ONNXModel {
    init(decoding bytes: ArraySlice<UInt8>) throws(ONNXProblem) {
        var reader = ProtobufReader(bytes)
        while let (field, value) = try reader.field(in: "ModelProto") {
            switch field {
            case 1: irVersion = try value.expectInteger("ModelProto.ir_version")
            case 2: producerName = try value.expectString("ModelProto.producer_name")
            case 3: producerVersion = try value.expectString("ModelProto.producer_version")
            case 7: graph = try ONNXGraph(decoding: value.expectMessage("ModelProto.graph"))
            case 8:
                var entry = ProtobufReader(try value.expectMessage("ModelProto.opset_import"))
                var set = (domain: "", version: Int64(0))
                while let (field, value) = try entry.field(in: "OperatorSetIdProto") {
                    if field == 1 { set.domain = try value.expectString("OperatorSetIdProto.domain") }
                    if field == 2 { set.version = try value.expectInteger("OperatorSetIdProto.version") }
                }
                operatorSets.append(set)
            case 14:
                metadata.append(try value.keyAndValue("ModelProto.metadata_props"))
            default: continue
            }
        }
    }
}

extension ONNXGraph {
    init(decoding bytes: ArraySlice<UInt8>) throws(ONNXProblem) {
        var reader = ProtobufReader(bytes)
        while let (field, value) = try reader.field(in: "GraphProto") {
            switch field {
            case 1:
                guard nodes.count < Self.maximumNodes else { throw ONNXProblem("more than \(Self.maximumNodes) nodes") }
                nodes.append(try ONNXNode(decoding: value.expectMessage("GraphProto.node")))
            case 2: name = try value.expectString("GraphProto.name")
            case 5: initializers.append(try ONNXTensor(decoding: value.expectMessage("GraphProto.initializer")))
            case 11: inputs.append(try ONNXValueInfo(decoding: value.expectMessage("GraphProto.input")))
            case 12: outputs.append(try ONNXValueInfo(decoding: value.expectMessage("GraphProto.output")))
            case 15: throw ONNXProblem("sparse initializers are not supported")
            default: continue
            }
        }
    }

    /// Far more than any network digits runs (at most 64 layers) needs, even with the shape
    /// arithmetic exporters add.
    static let maximumNodes = 4096
}

extension ONNXNode {
    init(decoding bytes: ArraySlice<UInt8>) throws(ONNXProblem) {
        var reader = ProtobufReader(bytes)
        while let (field, value) = try reader.field(in: "NodeProto") {
            switch field {
            case 1: inputs.append(try value.expectString("NodeProto.input"))
            case 2: outputs.append(try value.expectString("NodeProto.output"))
            case 3: name = try value.expectString("NodeProto.name")
            case 4: operation = try value.expectString("NodeProto.op_type")
            case 5: attributes.append(try ONNXAttribute(decoding: value.expectMessage("NodeProto.attribute")))
            case 7: domain = try value.expectString("NodeProto.domain")
            default: continue
            }
        }
    }
}

extension ONNXAttribute {
    init(decoding bytes: ArraySlice<UInt8>) throws(ONNXProblem) {
        var reader = ProtobufReader(bytes)
        var name = "", type: Int64 = 0
        var float: Float = 0, integer: Int64 = 0, string = "", tensor: ONNXTensor?, floats: [Float] = [], integers: [Int64] = []
        while let (field, value) = try reader.field(in: "AttributeProto") {
            switch field {
            case 1: name = try value.expectString("AttributeProto.name")
            case 2: float = try value.expectFloats("AttributeProto.f").last ?? 0
            case 3: integer = try value.expectInteger("AttributeProto.i")
            case 4: string = try value.expectString("AttributeProto.s")
            case 5: tensor = try ONNXTensor(decoding: value.expectMessage("AttributeProto.t"))
            case 7: floats += try value.expectFloats("AttributeProto.floats")
            case 8: integers += try value.expectIntegers("AttributeProto.ints")
            case 20: type = try value.expectInteger("AttributeProto.type")
            default: continue
            }
        }
        self.name = name
        switch type {
        case 1: value = .float(float)
        case 2: value = .integer(integer)
        case 3: value = .string(string)
        case 4:
            guard let tensor else { throw ONNXProblem("attribute '\(name)' is a tensor but holds none") }
            value = .tensor(tensor)
        case 6: value = .floats(floats)
        case 7: value = .integers(integers)
        default: value = .unsupported(type: type)
        }
    }
}

extension ONNXTensor {
    /// Reads a tensor and checks that its values are as many as its dimensions say; a tensor whose
    /// data lives in another file is refused.
    init(decoding bytes: ArraySlice<UInt8>) throws(ONNXProblem) {
        var reader = ProtobufReader(bytes)
        var raw: ArraySlice<UInt8>?
        var externalFields: [(key: String, value: String)] = [], isExternal = false
        while let (field, value) = try reader.field(in: "TensorProto") {
            switch field {
            case 1: dimensions += try value.expectIntegers("TensorProto.dims")
            case 2: elementType = try value.expectInteger("TensorProto.data_type")
            case 4: floats += try value.expectFloats("TensorProto.float_data")
            case 5, 7: integers += try value.expectIntegers("TensorProto.int64_data")
            case 8: name = try value.expectString("TensorProto.name")
            case 9: raw = try value.expectMessage("TensorProto.raw_data")
            case 13:
                externalFields.append(try value.keyAndValue("TensorProto.external_data"))
            case 14: isExternal = try value.expectInteger("TensorProto.data_location") == 1
            default: continue
            }
        }
        guard dimensions.allSatisfy({ $0 >= 0 }), dimensions.count <= 8 else {
            throw ONNXProblem("tensor '\(name)' has dimensions \(dimensions)")
        }
        var expected = 1
        for dimension in dimensions {
            let (product, overflow) = expected.multipliedReportingOverflow(by: Int(dimension))
            guard !overflow, product <= Architecture.maximumTensor else {
                throw ONNXProblem("tensor '\(name)' has dimensions \(dimensions), more than \(Architecture.maximumTensor) values")
            }
            expected = product
        }
        if isExternal {
            let value = { (key: String) in externalFields.last { $0.key == key }?.value }
            guard let location = value("location"), !location.isEmpty, !location.hasPrefix("/"),
                  !location.split(separator: "/").contains(".."), let offset = Int(value("offset") ?? "0"), offset >= 0
            else { throw ONNXProblem("tensor '\(name)' names its data file or its place in it badly") }
            let length = value("length").flatMap { Int($0) }
            self.external = (location, offset, length)
            return
        }
        if let raw { try load(raw: raw) }
        guard [Self.float, Self.int64, Self.int32].contains(elementType) else { return }
        guard count == declaredCount else {
            throw ONNXProblem("tensor '\(name)' has dimensions \(dimensions), \(declaredCount) values, but holds \(count)")
        }
    }

    /// Reads the values from little-endian bytes (`raw_data`, or a range of an external file),
    /// which must be as many as the dimensions say.
    mutating func load(raw: ArraySlice<UInt8>) throws(ONNXProblem) {
        switch elementType {
        case Self.float where raw.count == 4 * declaredCount: floats = littleEndianFloats(raw)
        case Self.int64 where raw.count == 8 * declaredCount: integers = littleEndianIntegers(raw, width: 8)
        case Self.int32 where raw.count == 4 * declaredCount: integers = littleEndianIntegers(raw, width: 4)
        case Self.float, Self.int64, Self.int32:
            throw ONNXProblem("tensor '\(name)' has dimensions \(dimensions) but \(raw.count) bytes of data")
        default: return
        }
    }
}

extension ONNXValueInfo {
    init(decoding bytes: ArraySlice<UInt8>) throws(ONNXProblem) {
        var reader = ProtobufReader(bytes)
        while let (field, value) = try reader.field(in: "ValueInfoProto") {
            if field == 1 { name = try value.expectString("ValueInfoProto.name") }
            guard field == 2 else { continue }
            var type = ProtobufReader(try value.expectMessage("ValueInfoProto.type"))
            while let (field, value) = try type.field(in: "TypeProto") {
                guard field == 1 else { continue }
                var tensor = ProtobufReader(try value.expectMessage("TypeProto.tensor_type"))
                while let (field, value) = try tensor.field(in: "TypeProto.Tensor") {
                    if field == 1 { elementType = try value.expectInteger("TypeProto.Tensor.elem_type") }
                    guard field == 2 else { continue }
                    var shape = ProtobufReader(try value.expectMessage("TypeProto.Tensor.shape"))
                    var dimensions: [Int64?] = []
                    while let (field, value) = try shape.field(in: "TensorShapeProto") {
                        guard field == 1 else { continue }
                        guard dimensions.count < 8 else { throw ONNXProblem("input '\(name)' has more than 8 dimensions") }
                        var entry = ProtobufReader(try value.expectMessage("TensorShapeProto.dim"))
                        var size: Int64?
                        while let (field, value) = try entry.field(in: "TensorShapeProto.Dimension") {
                            if field == 1 { size = try value.expectInteger("TensorShapeProto.Dimension.dim_value") }
                        }
                        dimensions.append(size)
                    }
                    self.dimensions = dimensions
                }
            }
        }
    }
}

/// Integers of `width` bytes (4 or 8), little-endian and signed.
private func littleEndianIntegers(_ bytes: ArraySlice<UInt8>, width: Int) -> [Int64] {
    stride(from: bytes.startIndex, to: bytes.endIndex, by: width).map { start in
        let value = (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << UInt64(8 * $1) }
        return width == 4 ? Int64(Int32(truncatingIfNeeded: value)) : Int64(bitPattern: value)
    }
}

extension ProtobufReader {
    /// The next field, with a wire-format failure told as the message it broke.
    mutating func field(in message: String) throws(ONNXProblem) -> (field: Int, value: Value)? {
        do {
            return try next()
        } catch {
            switch error {
            case .truncated: throw ONNXProblem("truncated: a \(message) field runs past its end")
            case .badVarint: throw ONNXProblem("malformed: a number in a \(message) is longer than 64 bits")
            case let .badWireType(type): throw ONNXProblem("malformed: wire type \(type) in a \(message) (not a protobuf file?)")
            case .badField: throw ONNXProblem("malformed: field number 0 in a \(message) (not a protobuf file?)")
            }
        }
    }
}

extension ProtobufReader.Value {
    /// A StringStringEntryProto: key (field 1) and value (field 2).
    fileprivate func keyAndValue(_ field: String) throws(ONNXProblem) -> (key: String, value: String) {
        var entry = ProtobufReader(try expectMessage(field))
        var item = (key: "", value: "")
        while let (number, value) = try entry.field(in: "StringStringEntryProto") {
            if number == 1 { item.key = try value.expectString("StringStringEntryProto.key") }
            if number == 2 { item.value = try value.expectString("StringStringEntryProto.value") }
        }
        return item
    }

    fileprivate func expectInteger(_ field: String) throws(ONNXProblem) -> Int64 {
        guard let integer else { throw ONNXProblem("malformed: \(field) is not an integer") }
        return integer
    }

    fileprivate func expectString(_ field: String) throws(ONNXProblem) -> String {
        guard let string else { throw ONNXProblem("malformed: \(field) is not a string") }
        return string
    }

    fileprivate func expectMessage(_ field: String) throws(ONNXProblem) -> ArraySlice<UInt8> {
        guard let message else { throw ONNXProblem("malformed: \(field) is not a message") }
        return message
    }

    fileprivate func expectIntegers(_ field: String) throws(ONNXProblem) -> [Int64] {
        do { return try integers() } catch { throw ONNXProblem("malformed: \(field) is not a list of integers") }
    }

    fileprivate func expectFloats(_ field: String) throws(ONNXProblem) -> [Float] {
        do { return try floats() } catch { throw ONNXProblem("malformed: \(field) is not a list of floats") }
    }
}
