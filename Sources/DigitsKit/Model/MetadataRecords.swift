/// The model file's metadata: from version 3, a u32 count and that many named fields (see
/// `MetadataField` and `MetadataValue`); versions 1 and 2 stored fixed fields by position.
enum MetadataRecords {
    static func write(_ metadata: ModelMetadata, into writer: inout ByteWriter) {
        let present = MetadataField.all.compactMap { field in field.value(metadata).map { (field.name, $0) } }
        writer.append(UInt32(present.count))
        for (name, value) in present {
            ByteWriter.appendName(name, to: &writer)
            value.write(into: &writer)
        }
    }

    /// Named fields in any order, each known and given once; they are checked in `MetadataField.all`'s order.
    static func read(from reader: inout FieldReader) throws(ModelFileError) -> ModelMetadata {
        let count = Int(try reader.uint32("metadata field count"))
        guard count <= MetadataField.all.count else {
            throw .badField(path: reader.path, reason: "\(count) metadata fields; this digits knows \(MetadataField.all.count)")
        }
        var values: [String: MetadataValue] = [:]
        for index in 0..<count {
            let name = try reader.name("metadata field \(index + 1)")
            guard MetadataField.all.contains(where: { $0.name == name }) else {
                throw .badField(path: reader.path, reason: "unknown metadata field '\(name)' (written by a newer digits?)")
            }
            guard values[name] == nil else { throw .badField(path: reader.path, reason: "the metadata field '\(name)' is given twice") }
            values[name] = try MetadataValue.read(from: &reader, field: name)
        }
        return try assign(values, path: reader.path)
    }

    /// Version 1's and 2's fixed fields, then version 2's augmentation record when `augmented`.
    static func readLegacy(from reader: inout FieldReader, version: Int, augmented: Bool) throws(ModelFileError) -> ModelMetadata {
        var values: [String: MetadataValue] = [:]
        for (name, encoding) in MetadataField.legacyLayout(version: version) {
            switch encoding {
            case .u32: values[name] = .integer(Int64(try reader.uint32(name)))
            case .u64, .i64: values[name] = .integer(Int64(bitPattern: try reader.uint64(name)))
            case .f32: values[name] = .real(Double(try reader.float(name)))
            case .f64: values[name] = .real(Double(bitPattern: try reader.uint64(name)))
            case .optimizerAndLoss:
                let codes = try reader.bytes(4, "optimizer and loss")
                guard Int(codes[0]) < MetadataField.legacyOptimizerCodes.count, codes[1] <= 1 else {
                    throw .badField(path: reader.path, reason: "unknown optimizer \(codes[0]) or loss \(codes[1])")
                }
                values["optimizer"] = .text(MetadataField.legacyOptimizerCodes[Int(codes[0])].rawValue)
                values["loss"] = .text((codes[1] == 0 ? Loss.crossEntropy : .meanSquaredError).rawValue)
            }
        }
        var metadata = try assign(values, path: reader.path)
        if augmented { metadata.augmentation = try Augmentation.read(from: &reader) }
        return metadata
    }

    private static func assign(_ values: [String: MetadataValue], path: String) throws(ModelFileError) -> ModelMetadata {
        var metadata = ModelMetadata(
            created: 0, seed: 0, epochs: 0, trainingSamples: 0, learningRate: 0.01, learningRateDecay: 1, testAccuracy: nil, testImages: 0
        )
        for field in MetadataField.all {
            if let value = values[field.name] { try field.assign(&metadata, value, path) }
        }
        return metadata
    }
}
