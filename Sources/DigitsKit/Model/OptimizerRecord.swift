/// The model file's optimizer state (flag bit 0): the u64 step, a u32 count of moments per
/// learnable tensor, then each learnable tensor's moments as tensors of its size.
extension OptimizerState {
    func write(into writer: inout ByteWriter) {
        writer.append(UInt64(step))
        writer.append(UInt32(moments.first?.count ?? 0))
        for tensorMoments in moments {
            for moment in tensorMoments { writer.append(moment) }
        }
    }

    /// - Parameters:
    ///   - sizes: The learnable tensors' sizes, whose moments follow.
    ///   - firstIndex: The number of the first moment tensor in errors (they follow the model's tensors).
    static func read(
        from reader: inout FieldReader, kind: OptimizerKind, sizes: [Int], firstIndex: Int
    ) throws(ModelFileError) -> OptimizerState {
        let step = try reader.counter("optimizer step", try reader.uint64("optimizer step"), MetadataField.sampleCounts)
        let perTensor = Int(try reader.uint32("optimizer moments"))
        guard perTensor == kind.moments else {
            throw .badArchitecture(path: reader.path, reason: "\(perTensor) optimizer moments per tensor; \(kind.rawValue) keeps \(kind.moments)")
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
