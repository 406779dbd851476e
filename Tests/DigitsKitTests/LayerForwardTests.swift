import Foundation
@_spi(Testing) import DigitsKit
import Foundation
import Testing

@Suite struct LayerForwardTests {
    @Test("Conv3x3 on a 4×4 image: sums, centres and corners of each 3×3 patch")
    func convolution() {
        var generator = SplitMix64(seed: 0)
        let layer = Conv3x3(input: Shape(height: 4, width: 4, channels: 1), filters: 8, generator: &generator)
        // Tap-major storage: filters[tap * 8 + filter]. Filter 0 sums the patch, 1 takes its centre,
        // 2 its top-left corner, 3 is top-left minus bottom-right; the rest are zero.
        var filters = [Float](repeating: 0, count: 72)
        for tap in 0..<9 { filters[tap * 8] = 1 }
        filters[4 * 8 + 1] = 1
        filters[0 * 8 + 2] = 1
        filters[0 * 8 + 3] = 1
        filters[8 * 8 + 3] = -1
        layer.setParameters([filters])
        let output = LayerHarness.forward(layer, (0..<16).map(Float.init))
        // The image is 0…15 row by row; the patch at (0,0) holds 0 1 2 / 4 5 6 / 8 9 10.
        let expected: [[Float]] = [[45, 5, 0, -10], [54, 6, 1, -10], [81, 9, 4, -10], [90, 10, 5, -10]]
        for position in 0..<4 {
            #expect(Array(output[position * 8..<position * 8 + 4]) == expected[position], "position \(position)")
            #expect(output[position * 8 + 4..<position * 8 + 8].allSatisfy { $0 == 0 })
        }
    }

    @Test("MaxPool2 on 4×4: the largest of each 2×2 window, channel by channel")
    func pooling() {
        let layer = MaxPool2(input: Shape(height: 4, width: 4, channels: 8))
        // Channel c holds value (row * 4 + column) * (c odd ? -1 : 1).
        var input = [Float](repeating: 0, count: 128)
        for row in 0..<4 {
            for column in 0..<4 {
                for channel in 0..<8 {
                    input[(row * 4 + column) * 8 + channel] = Float(row * 4 + column) * (channel % 2 == 1 ? -1 : 1)
                }
            }
        }
        let output = LayerHarness.forward(layer, input)
        let evenChannels: [Float] = [5, 7, 13, 15]
        let oddChannels: [Float] = [0, -2, -8, -10]
        for cell in 0..<4 {
            for channel in 0..<8 {
                #expect(output[cell * 8 + channel] == (channel % 2 == 1 ? oddChannels : evenChannels)[cell])
            }
        }
    }

    @Test("Softmax with zero weights gives probabilities in the ratio of exp(bias)")
    func softmax() {
        var generator = SplitMix64(seed: 0)
        let layer = DenseSoftmax(input: Shape(height: 1, width: 1, channels: 8), classes: 4, generator: &generator)
        layer.setParameters([[Float](repeating: 0, count: 32), [1, 2, 3, 4].map { logf($0) }])
        let output = LayerHarness.forward(layer, LayerHarness.random(8, seed: 1))
        for (value, expected) in zip(output, [0.1, 0.2, 0.3, 0.4] as [Float]) {
            #expect(abs(value - expected) < 1e-6)
        }
    }

    @Test("Softmax stays finite for huge logits")
    func softmaxStable() {
        var generator = SplitMix64(seed: 0)
        let layer = DenseSoftmax(input: Shape(height: 1, width: 1, channels: 8), classes: 2, generator: &generator)
        layer.setParameters([[Float](repeating: 0, count: 16), [1000, 999]])
        let output = LayerHarness.forward(layer, [Float](repeating: 0, count: 8))
        #expect(output.allSatisfy { $0.isFinite })
        #expect(abs(output[0] - 1 / (1 + expf(-1))) < 1e-6)
    }
}
