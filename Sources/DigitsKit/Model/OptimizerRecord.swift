/// The model file's optimizer state (flag bit 0): the u64 step, a u32 count M of moments per
/// learnable tensor, from version 3 their M names, then each learnable tensor's moments as
/// tensors of its size.
extension OptimizerState {
    func write(into writer: inout ByteWriter, kind: OptimizerKind) {
        writer.append(UInt64(step))
        writer.append(UInt32(kind.moments))
        for name in kind.momentNames { ByteWriter.appendName(name, to: &writer) }
        for tensorMoments in moments {
            for moment in tensorMoments { writer.append(moment) }
        }
    }

    /// - Parameters:
    ///   - sizes: The learnable tensors' sizes, whose moments follow.
    ///   - firstIndex: The number of the first moment tensor in errors (they follow the model's tensors).
    static func read(
        from reader: inout FieldReader, kind: OptimizerKind, sizes: [Int], firstIndex: Int, version: Int
    ) throws(ModelFileError) -> OptimizerState {
        let step = try reader.counter("optimizer step", try reader.uint64("optimizer step"), MetadataField.sampleCounts)
        let perTensor = Int(try reader.uint32("optimizer moments"))
        guard perTensor == kind.moments else {
            throw .badArchitecture(path: reader.path, reason: "\(perTensor) optimizer moments per tensor; \(kind.rawValue) keeps \(kind.moments)")
        }
        if version >= 3 {
            let names = try (0..<perTensor).map { (index: Int) throws(ModelFileError) in try reader.name("optimizer moment \(index + 1)") }
            guard names == kind.momentNames else {
                throw .badField(path: reader.path, reason: "the \(kind.rawValue) moments are \(kind.momentNames), the file has \(names)")
            }
        }
        var moments: [[[Float]]] = []
        for (index, count) in sizes.enumerated() {
            var tensorMoments: [[Float]] = []
            for _ in 0..<perTensor {
                tensorMoments.append(try reader.tensor(index: firstIndex + index, expectedCount: count))
            }
            moments.append(tensorMoments)
        }
        // A mean square or a second moment is a running average of squares: never negative.
        if let squares = kind.squareMoment {
            for (index, tensorMoments) in moments.enumerated() {
                if let bad = tensorMoments[squares].firstIndex(where: { $0 < 0 }) {
                    throw .badField(path: reader.path, reason: "the \(kind.rawValue) mean square of tensor \(index + 1) is negative at \(bad)")
                }
            }
        }
        return OptimizerState(step: step, moments: moments)
    }
}
