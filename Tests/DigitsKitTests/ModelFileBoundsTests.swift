import DigitsKit
import Foundation
import Testing

/// Counters, dates and optimizer state a model file may hold: refused when out of range, never
/// clamped, so that `info` shows only what is true and `--resume` cannot overflow or replay for hours.
@Suite struct ModelFileBoundsTests {
    /// Where the metadata starts in the general model's file: the 32-byte header and six 20-byte layer records.

    static func refusal(_ bytes: [UInt8]) throws -> String {
        try #require(throws: ModelFileError.self) { try ModelFile.decode(bytes, path: "m") }.description
    }

    @Test("impossible creation times, epoch counts and sample counts are refused by name",
          arguments: [
            ("created", UInt64.max),  // −1 s: before 1970
            ("created", 16_000_000_000_000),  // year 506713
            ("epochs", UInt64(UInt32.max)),
            ("training samples", UInt64.max),
          ] as [(String, UInt64)])
    func counters(field: String, value: UInt64) throws {
        let bytes = ModelFile.encode(try ModelFileVersion2Tests.generalModel())
        let offset = try ModelFileTests.fieldValueOffset(bytes, name: field)
        let raw = withUnsafeBytes(of: value.littleEndian, Array.init)
        let message = try Self.refusal(ModelFileTests.patched(bytes, at: offset, with: raw))
        #expect(message.contains("m: the model file is not valid: the \(field) is"), "\(message)")
    }

    @Test("an optimizer step of 2^64 − 1 is refused rather than trapping on --resume")
    func hugeStep() throws {
        let model = try ModelFileVersion2Tests.generalModel()
        let bytes = ModelFile.encode(model)
        let moments = model.optimizer!.moments.flatMap { $0 }.reduce(0) { $0 + 4 + 4 * $1.count }
        // Before Adam's moments: the step, the moment count and the two moments' names.
        let names = ["first moment", "second moment"].reduce(0) { $0 + 1 + $1.utf8.count }
        let stepOffset = bytes.count - 4 - moments - names - 4 - 8
        #expect(try ModelFile.decode(bytes, path: "m").optimizer?.step == 6, "the offset is the step's")
        let message = try Self.refusal(ModelFileTests.patched(bytes, at: stepOffset, with: Array(repeating: 0xFF, count: 8)))
        #expect(message.contains("the optimizer step is 18446744073709551615"), "\(message)")
    }

    @Test("a negative Adam second moment or RMSProp mean square is refused", arguments: [OptimizerKind.adam, .rmsprop])
    func negativeSquares(kind: OptimizerKind) throws {
        var model = try ModelFileVersion2Tests.generalModel(optimizer: kind)
        let square = kind == .adam ? 1 : 0
        model.optimizer!.moments[2][square][0] = -1
        let message = try Self.refusal(ModelFile.encode(model))
        #expect(message.contains("the \(kind.rawValue) mean square of tensor 3 is negative at 0"), "\(message)")
        model.optimizer!.moments[2][square][0] = 0
        #expect(try ModelFile.decode(ModelFile.encode(model), path: "m") == model)
    }

    @Test("a valid file whose padding grows each activation is refused for its cost, before any work")
    func computeBomb() throws {
        // 19 × conv11:16:p10 then dense:10: each layer adds 10 pixels a side, 28 → 218.
        let layers: [any LayerKind] = Array(repeating: Convolution(kernel: 11, filters: 16, padding: 10), count: 19) + [Dense(units: 10)]
        let counts = [[121 * 16, 16]] + Array(repeating: [121 * 16 * 16, 16], count: 18) + [[218 * 218 * 16 * 10, 10]]
        let state = NetworkState(architecture: Architecture(input: Architecture.mnistInput, layers: layers),
                                 tensors: counts.flatMap { $0 }.map { [Float](repeating: 0, count: $0) })
        let bytes = ModelFile.encode(Model(state: state, metadata: try ModelFileTests.sampleModel().metadata))
        #expect(bytes.count < 40_000_000)
        let start = ContinuousClock.now
        let message = try Self.refusal(bytes)
        #expect(message.contains("one image costs 11.4 G multiply-adds and 2.69 GiB of memory; digits runs at most 1.00 G and 256 MiB"), "\(message)")
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("the same network as an --arch spec is refused with the same cost")
    func computeBombSpec() throws {
        let spec = Array(repeating: "conv11:16:p10", count: 19).joined(separator: ",") + ",dense:10"
        let error = try #require(throws: ArchitectureError.self) { try Architecture(spec: spec) }
        #expect(error.description.contains("11.4 G multiply-adds"), "\(error)")
        let strong = try Architecture(spec: "conv3:32,relu,maxpool2,conv3:64,relu,maxpool2,dense:128,relu,dropout:0.5,dense:10").cost()
        #expect(strong.multiplyAdds == 26 * 26 * 32 * 9 + 26 * 26 * 32 + 13 * 13 * 32 * 4 + 11 * 11 * 64 * 288 + 11 * 11 * 64
                    + 5 * 5 * 64 * 4 + 1600 * 128 + 128 + 128 + 128 * 10)
    }
}
