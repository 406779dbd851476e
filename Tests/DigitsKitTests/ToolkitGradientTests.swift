@_spi(Testing) import DigitsKit
import Foundation
import Testing

/// Finite-difference checks of the general layers, each inside a small network whose loss is
/// softmax cross-entropy (or MSE), in training mode: batch norm uses batch statistics, dropout a
/// fixed mask.
@Suite struct ToolkitGradientTests {
    static let cases: [(spec: String, input: Shape, loss: Loss)] = [
        ("conv3:4,dense:3", Shape(height: 5, width: 6, channels: 1), .crossEntropy),
        ("conv3:3:p1,dense:3", Shape(height: 4, width: 5, channels: 2), .crossEntropy),
        ("conv5:2:s2:p2,dense:3", Shape(height: 7, width: 6, channels: 3), .crossEntropy),
        ("conv1:3,dense:2", Shape(height: 3, width: 3, channels: 2), .crossEntropy),
        ("conv2:3:s2,relu,dense:3", Shape(height: 6, width: 6, channels: 2), .crossEntropy),
        ("maxpool2,dense:3", Shape(height: 4, width: 6, channels: 2), .crossEntropy),
        // A ReLU before a max pool runs after it, on the pooled values.
        ("conv3:8,relu,maxpool2,dense:3", Shape(height: 6, width: 6, channels: 2), .crossEntropy),
        ("conv3:3:p1,relu,maxpool3:s2,dense:3", Shape(height: 7, width: 7, channels: 1), .crossEntropy),
        ("maxpool3:s2,dense:3", Shape(height: 7, width: 7, channels: 2), .crossEntropy),
        ("avgpool2,dense:3", Shape(height: 4, width: 4, channels: 3), .crossEntropy),
        ("dense:5,relu,dense:4", Shape(height: 2, width: 3, channels: 1), .crossEntropy),
        ("conv3:3,batchnorm,relu,flatten,dense:3", Shape(height: 5, width: 5, channels: 2), .crossEntropy),
        ("dense:6,batchnorm,dense:3", Shape(height: 1, width: 1, channels: 5), .crossEntropy),
        ("dense:6,dropout:0.5,dense:3", Shape(height: 1, width: 1, channels: 5), .crossEntropy),
        ("dense:5,relu,dense:4", Shape(height: 2, width: 3, channels: 1), .meanSquaredError),
        // Added later: appended, so that each earlier case keeps its seed (its index).
        // Short patches and filters in eights: the register-blocked products, not SGEMM, reading a
        // one-channel image in place unless padded.
        ("conv3:8,dense:3", Shape(height: 5, width: 6, channels: 1), .crossEntropy),
        ("conv3:16:s2,relu,dense:3", Shape(height: 7, width: 8, channels: 1), .crossEntropy),
        ("conv4:40:s2:p1,dense:3", Shape(height: 7, width: 7, channels: 1), .crossEntropy),
        // Batch norm with the ReLU after it run inside, eight channels at a time and one by one.
        ("conv3:12,batchnorm,relu,dense:3", Shape(height: 5, width: 5, channels: 2), .crossEntropy),
        ("dense:16,batchnorm,relu,dense:3", Shape(height: 1, width: 1, channels: 5), .crossEntropy),
        // Winograd's F(2×2, 3×3): odd and even outputs, with padding, behind batch norm.
        ("conv3:8,dense:3", Shape(height: 5, width: 6, channels: 16), .crossEntropy),
        ("conv3:8:p1,relu,dense:3", Shape(height: 5, width: 5, channels: 16), .crossEntropy),
        ("conv3:16,batchnorm,relu,dense:3", Shape(height: 4, width: 4, channels: 16), .crossEntropy),
        // 5×5 stride 2 as Winograd over four polyphase components: odd and even padded sizes.
        ("conv5:8:s2:p2,dense:3", Shape(height: 15, width: 15, channels: 4), .crossEntropy),
        ("conv5:8:s2:p1,relu,dense:3", Shape(height: 18, width: 20, channels: 6), .crossEntropy),
        // A dense weight gradient in two blocks of inputs.
        ("dense:3", Shape(height: 1, width: 1, channels: 300), .crossEntropy),
    ]

    @Test("every tensor's and the input's gradient matches finite differences", arguments: cases.indices)
    func gradients(_ index: Int) throws {
        let (spec, input, loss) = Self.cases[index]
        let architecture = try Architecture(spec: spec, input: input)
        let network = try Network(architecture, seed: UInt64(index + 1), batchCapacity: 4, threads: 2)
        guard let batched = network.engine as? BatchNetwork else {
            Issue.record("\(spec) should build the batched engine")
            return
        }
        let count = 3
        // Values 0.05 apart, so that small steps never swap which one a max pool picks.
        var order = Array(0..<count * architecture.input.count)
        var generator = SplitMix64(seed: 99)
        generator.shuffle(&order)
        let inputs = order.map { Float($0) * 0.05 - Float(order.count) * 0.025 }
        let labels = (0..<count).map { $0 % batched.classes }
        let step = 7
        let analytic = batched.lossGradients(inputs: inputs, labels: labels, loss: loss, trainingStep: step)
        func lossValue(_ tensors: [[Float]], _ inputs: [Float]) -> Double {
            try? network.load(tensors)
            return batched.lossGradients(inputs: inputs, labels: labels, loss: loss, trainingStep: step).loss
        }
        let tensors = network.state.tensors
        // A bias before batch norm has a zero gradient, so errors are relative to the largest
        // component of any gradient, not of each tensor's own.
        var numeric = architecture.learnableTensorIndices.map { tensorIndex in
            GradientCheck.numeric(tensors[tensorIndex], epsilon: 1e-3) { candidate in
                var changed = tensors
                changed[tensorIndex] = candidate
                return lossValue(changed, inputs)
            }
        }
        numeric.append(GradientCheck.numeric(inputs, epsilon: 1e-3) { lossValue(tensors, $0) })
        let scale = numeric.joined().map(abs).max() ?? 0
        #expect(scale > 1e-3, "\(spec): the loss depends on the parameters")
        for (analytic, numeric) in zip(analytic.tensorGradients + [analytic.inputGradient], numeric) {
            let error = zip(analytic, numeric).map { abs(Double($0) - $1) }.max()! / scale
            #expect(error < 1e-2, "\(spec): relative error \(error)")
        }
    }

    @Test("a convolution whose batch runs in several tiles and weight-gradient groups: the batch's gradient is the mean of its samples', on any thread count",
          arguments: [2, 16])
    func tiledConvolution(channels: Int) throws {
        // 22×22 outputs a sample. Unrolled (2 channels): tiles of 2 samples, so a batch of 7 is 4 tiles
        // in 4 groups. By Winograd (16 channels): 36 blocks a sample, tiles of 4, so 2 tiles in 2 groups.
        let architecture = try Architecture(spec: "conv3:8,relu,dense:3", input: Shape(height: 24, width: 24, channels: channels))
        var generator = SplitMix64(seed: 5)
        let count = 7, size = architecture.input.count
        let inputs = (0..<count * size).map { _ in Float(generator.nextUniform() - 0.5) }
        let labels = (0..<count).map { $0 % 3 }
        func gradients(threads: Int, samples: Range<Int>) throws -> [[Float]] {
            let network = try Network(architecture, seed: 2, batchCapacity: 8, threads: threads)
            let batched = try #require(network.engine as? BatchNetwork)
            let result = batched.lossGradients(inputs: Array(inputs[samples.lowerBound * size..<samples.upperBound * size]),
                                               labels: Array(labels[samples]), loss: .crossEntropy, trainingStep: 0)
            return result.tensorGradients + [result.inputGradient]
        }
        let whole = try gradients(threads: 2, samples: 0..<count)
        let alone = try (0..<count).map { try gradients(threads: 1, samples: $0..<$0 + 1) }
        for tensor in 0..<2 {
            let mean = (0..<whole[tensor].count).map { index in alone.reduce(0) { $0 + Double($1[tensor][index]) } / Double(count) }
            let scale = mean.map(abs).max() ?? 0
            let error = zip(whole[tensor], mean).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(scale > 0 && error < 1e-5 * max(scale, 1), "tensor \(tensor): error \(error) of \(scale)")
        }
        // The samples' input gradients, each 1/7 of its own.
        var inputError = 0.0
        for index in 0..<count * size {
            let own = Double(alone[index / size][4][index % size])
            inputError = max(inputError, abs(Double(whole[4][index]) * Double(count) - own))
        }
        #expect(inputError < 1e-5)
        let oneThread = try gradients(threads: 1, samples: 0..<count)
        #expect(oneThread.map { $0.map(\.bitPattern) } == whole.map { $0.map(\.bitPattern) }, "the same bits on 1 and 2 threads")
    }

    @Test("a dense layer cut into blocks of rows: the direct sums' logits and gradients, and the same bits on 1 and 2 threads")
    func blockedDense() throws {
        // 600 inputs are 3 blocks of the weight gradient, 70 samples 3 blocks of the forward product.
        let architecture = try Architecture(spec: "dense:12", input: Shape(height: 20, width: 30, channels: 1))
        let count = 70, size = architecture.input.count
        var generator = SplitMix64(seed: 11)
        let inputs = (0..<count * size).map { _ in Float(generator.nextUniform() - 0.5) }
        let labels = (0..<count).map { $0 % 12 }
        func run(threads: Int) throws -> (logits: [Float], gradients: [[Float]]) {
            let network = try Network(architecture, seed: 4, batchCapacity: count, threads: threads)
            let batched = try #require(network.engine as? BatchNetwork)
            let logits = batched.logits(inputs: inputs, count: count, trainingStep: nil)
            let result = batched.lossGradients(inputs: inputs, labels: labels, loss: .crossEntropy, trainingStep: 0)
            if threads == 1 {
                let (weights, biases) = (network.state.tensors[0], network.state.tensors[1])
                var error = 0.0
                for sample in 0..<count {
                    for unit in 0..<12 {
                        let sum = (0..<size).reduce(Double(biases[unit])) { $0 + Double(inputs[sample * size + $1]) * Double(weights[$1 * 12 + unit]) }
                        error = max(error, abs(sum - Double(logits[sample * 12 + unit])))
                    }
                }
                #expect(error < 1e-4, "logits against the direct sum: error \(error)")
                // dL/dlogits of the batch's mean cross-entropy, then the products it feeds, in Double.
                let logitGradient = (0..<count).flatMap { sample in
                    let row = (0..<12).map { Double(logits[sample * 12 + $0]) }, top = row.max()!
                    let exponentials = row.map { exp($0 - top) }, total = exponentials.reduce(0, +)
                    return (0..<12).map { (exponentials[$0] / total - ($0 == labels[sample] ? 1 : 0)) / Double(count) }
                }
                var weightError = 0.0, inputError = 0.0
                for input in 0..<size {
                    for unit in 0..<12 {
                        let sum = (0..<count).reduce(0.0) { $0 + Double(inputs[$1 * size + input]) * logitGradient[$1 * 12 + unit] }
                        weightError = max(weightError, abs(sum - Double(result.tensorGradients[0][input * 12 + unit])))
                    }
                }
                for sample in 0..<count {
                    for input in 0..<size {
                        let sum = (0..<12).reduce(0.0) { $0 + logitGradient[sample * 12 + $1] * Double(weights[input * 12 + $1]) }
                        inputError = max(inputError, abs(sum - Double(result.inputGradient[sample * size + input])))
                    }
                }
                #expect(weightError < 1e-5 && inputError < 1e-5, "gradients against the direct sums: \(weightError), \(inputError)")
            }
            return (logits, result.tensorGradients + [result.inputGradient])
        }
        let one = try run(threads: 1), two = try run(threads: 2)
        #expect(one.logits.map(\.bitPattern) == two.logits.map(\.bitPattern))
        #expect(one.gradients.map { $0.map(\.bitPattern) } == two.gradients.map { $0.map(\.bitPattern) })
    }

    @Test("cross-entropy's gradient stays p − onehot when p[label] underflows")
    func confidentlyWrong() throws {
        let network = try Network(Architecture(spec: "dense:2", input: Shape(height: 1, width: 1, channels: 1)), seed: 1, batchCapacity: 1)
        guard let batched = network.engine as? BatchNetwork else { return }
        try network.load([[200, -200], [0, 0]])
        let result = batched.lossGradients(inputs: [1], labels: [1], loss: .crossEntropy, trainingStep: 0)
        #expect(abs(result.loss - 400) < 1e-3, "the loss is exact: \(result.loss)")
        #expect(result.tensorGradients[1] == [1, -1])
    }

    @Test("a draw taken by its number is the one the generator gives in turn, so dropout's threads share one stream")
    func drawByNumber() {
        for seed: UInt64 in [0, 3, 0xDEAD_BEEF_F00D] {
            var generator = SplitMix64(seed: seed)
            let inTurn = (0..<1000).map { _ in generator.next() }
            #expect((0..<1000).map { SplitMix64.draw($0, seed: seed) } == inTurn)
        }
    }

    @Test("inverted dropout: training zeroes about p of the values and scales the rest; inference is the identity")
    func dropout() throws {
        let shape = Shape(height: 1, width: 1, channels: 1000)
        let network = try Network(Architecture(spec: "dropout:0.3,dense:2", input: shape), seed: 3, batchCapacity: 1)
        guard let batched = network.engine as? BatchNetwork else { return }
        // The dense layer reads one value at a time: logit 0 = x[i].
        var weights = [Float](repeating: 0, count: 2000)
        let ones = [Float](repeating: 1, count: 1000)
        func logit(_ index: Int, step: Int?) throws -> Float {
            weights = [Float](repeating: 0, count: 2000)
            weights[index * 2] = 1
            try network.load([weights, [0, 0]])
            return batched.logits(inputs: ones, count: 1, trainingStep: step)[0]
        }
        let kept = try (0..<1000).map { try logit($0, step: 5) }
        let dropped = kept.filter { $0 == 0 }.count
        #expect((240...360).contains(dropped), "\(dropped) of 1000 dropped at p = 0.3")
        #expect(kept.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
        #expect(try (0..<1000).map { try logit($0, step: nil) }.allSatisfy { $0 == 1 })
        #expect(try (0..<50).map { try logit($0, step: 6) } != Array(kept.prefix(50)), "each step draws a new mask")
    }

    @Test("batch norm normalizes each channel in training and learns running statistics for inference")
    func batchNorm() throws {
        let shape = Shape(height: 1, width: 1, channels: 2)
        let network = try Network(Architecture(spec: "batchnorm,dense:2", input: shape), seed: 3, batchCapacity: 8)
        guard let batched = network.engine as? BatchNetwork else { return }
        let state = network.state.tensors
        // Identity dense layer, so the logits are batch norm's outputs.
        try network.load([state[0], state[1], state[2], state[3], [1, 0, 0, 1], [0, 0]])
        var generator = SplitMix64(seed: 4)
        let inputs = (0..<16).map { index in Float(index % 2 == 0 ? 5 + 2 * generator.nextNormal() : -3 + 0.5 * generator.nextNormal()) }
        let fresh = batched.logits(inputs: inputs, count: 8, trainingStep: nil)
        #expect(zip(fresh, inputs).allSatisfy { abs($0 - $1) < 1e-4 * max(1, abs($1)) }, "fresh running statistics: identity")
        let trained = batched.logits(inputs: inputs, count: 8, trainingStep: 0)
        for channel in 0..<2 {
            let values = stride(from: channel, to: 16, by: 2).map { Double(trained[$0]) }
            let mean = values.reduce(0, +) / 8
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 8
            #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-3, "channel \(channel): mean \(mean), variance \(variance)")
        }
        for step in 1...200 { _ = batched.logits(inputs: inputs, count: 8, trainingStep: step) }
        let inferred = batched.logits(inputs: inputs, count: 8, trainingStep: nil)
        #expect(zip(inferred, trained).allSatisfy { abs($0 - $1) < 0.2 }, "running statistics (unbiased variance) converge to the batch's")
    }

    @Test("batch norm's statistics over chunks of rows with far-apart means: each chunk's spread about its own mean, plus its offset from the batch's")
    func batchNormAcrossChunks() throws {
        // 200 rows are four chunks; the first 100 lie near 1010, the rest near 990, so most of the
        // variance (about 101) is the chunks' offsets from the batch mean, and none is lost to
        // cancellation against the mean of 1000.
        let rows = 200, shape = Shape(height: 1, width: 1, channels: 1)
        let network = try Network(Architecture(spec: "batchnorm,dense:2", input: shape), seed: 3, batchCapacity: rows)
        guard let batched = network.engine as? BatchNetwork else { return }
        let state = network.state.tensors
        // The first logit is batch norm's output.
        try network.load([state[0], state[1], state[2], state[3], [1, 0], [0, 0]])
        var generator = SplitMix64(seed: 5)
        let inputs = (0..<rows).map { Float(($0 < rows / 2 ? 1010 : 990) + generator.nextNormal()) }
        let mean = inputs.reduce(0) { $0 + Double($1) } / Double(rows)
        let deviation = (inputs.reduce(0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(rows) + 1e-5).squareRoot()
        let logits = batched.logits(inputs: inputs, count: rows, trainingStep: 0)
        let normalized = stride(from: 0, to: 2 * rows, by: 2).map { logits[$0] }
        #expect(zip(normalized, inputs).allSatisfy { abs(Double($0) - (Double($1) - mean) / deviation) < 1e-3 })
    }
}
