/// The model file's tensors: a u32 count, then each tensor as a u32 size and its f32 values, all
/// finite, their sizes those the architecture needs, statistics within their range.
enum TensorRecords {
    static func write(_ tensors: [[Float]], into writer: inout ByteWriter) {
        writer.append(UInt32(tensors.count))
        for tensor in tensors { writer.append(tensor) }
    }

    static func read(from reader: inout FieldReader, architecture: Architecture, counts: [Int]) throws(ModelFileError) -> [[Float]] {
        let count = Int(try reader.uint32("tensor count"))
        guard count == counts.count else {
            throw .badArchitecture(path: reader.path, reason: "\(count) tensors stored, the layers need \(counts.count)")
        }
        var tensors: [[Float]] = []
        for (index, expectedCount) in counts.enumerated() {
            tensors.append(try reader.tensor(index: index, expectedCount: expectedCount))
        }
        try checkStatistics(architecture, tensors, path: reader.path)
        return tensors
    }

    /// Statistics that must be non-negative (batch norm's running variances) are, or inference
    /// takes a square root of less than zero.
    private static func checkStatistics(_ architecture: Architecture, _ tensors: [[Float]], path: String) throws(ModelFileError) {
        let shapes = (try? architecture.outputShapes()) ?? []
        var tensor = 0
        for (index, (layer, roles)) in zip(architecture.layers, architecture.tensors(shapes: shapes)).enumerated() {
            for role in roles {
                if case .statistic(_, nonNegative: true) = role.role, let bad = tensors[tensor].firstIndex(where: { $0 < 0 }) {
                    throw .badArchitecture(path: path, reason: "layer \(index + 1), \(layer.token), has a negative \(role.name) at channel \(bad)")
                }
                tensor += 1
            }
        }
    }
}
