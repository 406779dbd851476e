@_spi(Testing) import DigitsKit
import Testing

/// The Winograd F(4×4, 3×3) path of a 3×3 convolution, and the polyphase path of a 5×5 stride-2
/// one built on it, against the direct sum computed here from the network's own tensors; their
/// gradients are checked by finite differences in ToolkitGradientTests.
@Suite struct WinogradConvolutionTests {
    /// Odd and even outputs, with and without padding, one and several groups of 8 filters.
    static let cases: [(filters: Int, padding: Int, input: Shape)] = [
        (8, 0, Shape(height: 7, width: 7, channels: 16)),
        (16, 1, Shape(height: 6, width: 8, channels: 16)),
        (24, 1, Shape(height: 5, width: 5, channels: 24)),
        (32, 0, Shape(height: 13, width: 13, channels: 32)),
    ]

    @Test("a 3×3 stride-1 convolution over 16 or more channels gives the direct sum's logits", arguments: cases.indices)
    func matchesDirectSum(_ index: Int) throws {
        let (filters, padding, input) = Self.cases[index]
        let convolution = Convolution(kernel: 3, filters: filters, padding: padding)
        #expect(convolution.runsWinograd(on: input))
        try Self.expectDirectSum(convolution, input: input, seed: UInt64(index + 1))
    }

    @Test("weights loaded between two inferences are the ones the second uses, not the filters transformed for the first")
    func reloadedWeights() throws {
        let (filters, padding, input) = Self.cases[1]
        try Self.expectDirectSum(Convolution(kernel: 3, filters: filters, padding: padding), input: input, seed: 21, reloadingWeights: true)
    }

    /// Odd and even padded sizes, 4 to 32 channels, the deep network's first strided layer last.
    static let polyphaseCases: [(filters: Int, padding: Int, input: Shape)] = [
        (8, 2, Shape(height: 15, width: 15, channels: 4)),
        (16, 1, Shape(height: 18, width: 20, channels: 8)),
        (8, 0, Shape(height: 19, width: 20, channels: 6)),
        (32, 2, Shape(height: 24, width: 24, channels: 32)),
    ]

    @Test("a 5×5 stride-2 convolution run as Winograd over its polyphase components gives the direct sum's logits", arguments: polyphaseCases.indices)
    func polyphaseMatchesDirectSum(_ index: Int) throws {
        let (filters, padding, input) = Self.polyphaseCases[index]
        let convolution = Convolution(kernel: 5, filters: filters, stride: 2, padding: padding)
        #expect(convolution.runsPolyphase(on: input))
        try Self.expectDirectSum(convolution, input: input, seed: UInt64(index + 11))
    }

    /// Checks the network `convolution,dense:3` against the direct sum in Double of its own tensors;
    /// `reloadingWeights` first infers once with other weights.
    static func expectDirectSum(_ convolution: Convolution, input: Shape, seed: UInt64, reloadingWeights: Bool = false) throws {
        let (kernel, stride, padding, filters) = (convolution.kernel, convolution.stride, convolution.padding, convolution.filters)
        let architecture = try Architecture(spec: "\(convolution.token),dense:3", input: input)
        let network = try Network(architecture, seed: seed, batchCapacity: 5, threads: 2)
        let batched = try #require(network.engine as? BatchNetwork)
        let count = 5
        var generator = SplitMix64(seed: 42)
        let inputs = (0..<count * input.count).map { _ in Float(generator.nextUniform() * 2 - 1) }
        if reloadingWeights {
            let tensors = network.state.tensors
            try network.load(Network(architecture, seed: seed + 1, batchCapacity: 1).state.tensors)
            _ = batched.logits(inputs: inputs, count: count, trainingStep: nil)
            try network.load(tensors)
        }
        let tensors = network.state.tensors
        let (weights, biases, dense, denseBiases) = (tensors[0], tensors[1], tensors[2], tensors[3])
        let height = (input.height + 2 * padding - kernel) / stride + 1, width = (input.width + 2 * padding - kernel) / stride + 1
        let channels = input.channels
        var expected = [Double]()
        for sample in 0..<count {
            var outputs = [Double](repeating: 0, count: height * width * filters)
            for y in 0..<height {
                for x in 0..<width {
                    for filter in 0..<filters {
                        var sum = Double(biases[filter])
                        for ky in 0..<kernel {
                            for kx in 0..<kernel {
                                let sourceY = y * stride + ky - padding, sourceX = x * stride + kx - padding
                                guard (0..<input.height).contains(sourceY), (0..<input.width).contains(sourceX) else { continue }
                                for channel in 0..<channels {
                                    let pixel = inputs[sample * input.count + (sourceY * input.width + sourceX) * channels + channel]
                                    sum += Double(pixel) * Double(weights[((ky * kernel + kx) * channels + channel) * filters + filter])
                                }
                            }
                        }
                        outputs[(y * width + x) * filters + filter] = sum
                    }
                }
            }
            for unit in 0..<3 {
                expected.append(outputs.indices.reduce(Double(denseBiases[unit])) { $0 + outputs[$1] * Double(dense[$1 * 3 + unit]) })
            }
        }
        let logits = batched.logits(inputs: inputs, count: count, trainingStep: nil)
        let scale = expected.map(abs).max() ?? 0
        let error = zip(logits, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(scale > 0.1 && error < 1e-5 * max(scale, 1), "\(architecture): error \(error) of \(scale)")
    }

    @Test("fewer than 16 channels, other kernels and strides keep the unrolled path")
    func choice() {
        #expect(!Convolution(kernel: 3, filters: 32).runsWinograd(on: Shape(height: 28, width: 28, channels: 1)))
        #expect(!Convolution(kernel: 3, filters: 32).runsWinograd(on: Shape(height: 26, width: 26, channels: 8)))
        #expect(!Convolution(kernel: 5, filters: 32, stride: 2, padding: 2).runsWinograd(on: Shape(height: 24, width: 24, channels: 32)))
        #expect(!Convolution(kernel: 3, filters: 32, stride: 2).runsWinograd(on: Shape(height: 24, width: 24, channels: 32)))
        #expect(!Convolution(kernel: 3, filters: 12).runsWinograd(on: Shape(height: 24, width: 24, channels: 32)))
        #expect(Convolution(kernel: 3, filters: 64).runsWinograd(on: Shape(height: 13, width: 13, channels: 32)))
        // Polyphase: 5×5 stride 2 only, an even count of at least 4 channels, filters in eights, outputs of 8×8 or more.
        #expect(Convolution(kernel: 5, filters: 32, stride: 2, padding: 2).runsPolyphase(on: Shape(height: 24, width: 24, channels: 32)))
        #expect(!Convolution(kernel: 5, filters: 64, stride: 2, padding: 2).runsPolyphase(on: Shape(height: 8, width: 8, channels: 64)))
        #expect(!Convolution(kernel: 5, filters: 32, stride: 2).runsPolyphase(on: Shape(height: 24, width: 24, channels: 2)))
        #expect(!Convolution(kernel: 5, filters: 32, stride: 2).runsPolyphase(on: Shape(height: 24, width: 24, channels: 5)))
        #expect(!Convolution(kernel: 5, filters: 12, stride: 2).runsPolyphase(on: Shape(height: 24, width: 24, channels: 32)))
        #expect(!Convolution(kernel: 5, filters: 32, stride: 1).runsPolyphase(on: Shape(height: 24, width: 24, channels: 32)))
        #expect(!Convolution(kernel: 3, filters: 32, stride: 2).runsPolyphase(on: Shape(height: 24, width: 24, channels: 32)))
    }
}
