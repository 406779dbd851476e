/// The model file's layer records: a u32 count, then per layer a u8 kind, 3 zero bytes and its
/// arguments (one u32 in version 1, four from version 2).
enum LayerRecords {
    static func write(_ layers: [any LayerKind], into writer: inout ByteWriter) {
        writer.append(UInt32(layers.count))
        for layer in layers {
            let record = layer.record
            writer.append([record.code, 0, 0, 0])
            for index in 0..<4 { writer.append(index < record.arguments.count ? record.arguments[index] : 0) }
        }
    }

    static func read(from reader: inout FieldReader, version: Int) throws(ModelFileError) -> [any LayerKind] {
        let count = Int(try reader.uint32("layer count"))
        guard (1...Architecture.maximumLayers).contains(count) else {
            throw .badArchitecture(path: reader.path, reason: "\(count) layers (1 to \(Architecture.maximumLayers) allowed)")
        }
        var layers: [any LayerKind] = []
        for index in 0..<count {
            let field = "layer \(index + 1)"
            let code = try reader.bytes(4, field)[0]
            let arguments = try (0..<(version >= 2 ? 4 : 1)).map { (_: Int) throws(ModelFileError) -> UInt32 in try reader.uint32(field) }
            guard let layer = LayerKinds.decode(code: code, arguments: arguments, version: version) else {
                throw .badArchitecture(path: reader.path, reason: "layer \(index + 1) has unknown kind \(code) or bad arguments")
            }
            layers.append(layer)
        }
        return layers
    }
}
