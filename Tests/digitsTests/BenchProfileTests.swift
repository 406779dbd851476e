import DigitsKit
import Foundation
import Testing

/// `digits bench --profile`: each layer's time in the training step, as the network runs it.
@Suite struct BenchProfileTests {
    static func profile(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try DigitsBinary.run(["bench", "--steps", "256", "--repetitions", "2", "--profile", "--json", "--data", DigitsBinary.mnist] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(object["profile"] as? [[String: Any]])
    }

    @Test("general layers: one row per layer in the order they run, the multiply-adds of the architecture, the shares summing to 1")
    func general() throws {
        let spec = "conv3:8,batchnorm,relu,conv3:8,relu,maxpool2,dense:10"
        let rows = try Self.profile(["--arch", spec])
        // A ReLU after batch norm runs inside it; one before a max pool runs after it, on the pooled values.
        #expect(rows.map { $0["layer"] as? String }
            == ["conv3:8", "batchnorm+relu", "conv3:8", "maxpool2", "relu", "dense:10", "loss and update"])
        let forward = rows.compactMap { $0["forward_multiply_adds"] as? Int }.reduce(0, +)
        // The ReLU counts one operation per value it sees: 24×24×8 before the pool in the spec, 12×12×8 as it runs.
        #expect(forward == (try Architecture(spec: spec).cost().multiplyAdds) - 24 * 24 * 8 + 12 * 12 * 8)
        let shares = rows.compactMap { $0["share"] as? Double }
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9 && shares.allSatisfy { $0 >= 0 })
        let convolution = try #require(rows.first)
        #expect((convolution["forward_microseconds"] as? Double ?? 0) > 0 && (convolution["backward_microseconds"] as? Double ?? 0) > 0)
        // The first layer's backward has no input gradient: the weight gradient's multiply-adds only.
        #expect(convolution["backward_multiply_adds"] as? Int == convolution["forward_multiply_adds"] as? Int)
        #expect(rows[5]["backward_multiply_adds"] as? Int == 2 * (rows[5]["forward_multiply_adds"] as? Int ?? 0))
    }

    @Test("the classic network: the fused convolution and pool as one row, then the dense softmax")
    func classic() throws {
        let rows = try Self.profile([])
        #expect(rows.map { $0["layer"] as? String } == ["conv3:8+maxpool2", "dense:10", "loss and update"])
        #expect(rows[0]["forward_multiply_adds"] as? Int == 26 * 26 * 8 * 9 + 13 * 13 * 8 * 4)
        #expect(rows.dropLast().allSatisfy { ($0["forward_microseconds"] as? Double ?? 0) > 0 })
    }

    @Test("without --profile, no profile")
    func absent() throws {
        let result = try DigitsBinary.run(["bench", "--steps", "64", "--repetitions", "1", "--json", "--data", DigitsBinary.mnist])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["profile"] == nil && object["train_samples_per_second"] != nil)
    }
}
