@_spi(Testing) import DigitsKit
import Foundation
import Testing

@Suite struct GradientCheckTests {
    @Test("Conv3x3: filter and input gradients match finite differences")
    func convolution() throws {
        var generator = SplitMix64(seed: 7)
        let layer = Conv3x3(input: Shape(height: 6, width: 7, channels: 1), filters: 16, generator: &generator)
        let input = LayerHarness.random(layer.inputShape.count, seed: 1)
        let r = LayerHarness.random(layer.outputShape.count, seed: 2)
        let filters = layer.parameters[0]

        let numericFilters = GradientCheck.numeric(filters, epsilon: 1e-2) { candidate in
            layer.setParameters([candidate])
            return GradientCheck.linearLoss(LayerHarness.forward(layer, input), weights: r)
        }
        layer.setParameters([filters])
        let numericInput = GradientCheck.numeric(input, epsilon: 1e-2) {
            GradientCheck.linearLoss(LayerHarness.forward(layer, $0), weights: r)
        }
        let (inputGradient, change) = LayerHarness.backward(layer, input: input, outputGradient: r, learningRate: 1)

        #expect(GradientCheck.relativeError(analytic: change[0], numeric: numericFilters) < GradientCheck.tolerance)
        #expect(GradientCheck.relativeError(analytic: inputGradient, numeric: numericInput) < GradientCheck.tolerance)
    }

    @Test("MaxPool2: the input gradient matches finite differences")
    func pooling() throws {
        let layer = MaxPool2(input: Shape(height: 4, width: 6, channels: 8))
        // Distinct values 0.01 apart, so a step of 1e-3 never changes which value is the maximum.
        var order = Array(0..<layer.inputShape.count)
        var generator = SplitMix64(seed: 3)
        generator.shuffle(&order)
        let input = order.map { Float($0) * 0.01 }
        let r = LayerHarness.random(layer.outputShape.count, seed: 4)
        let numeric = GradientCheck.numeric(input, epsilon: 1e-3) {
            GradientCheck.linearLoss(LayerHarness.forward(layer, $0), weights: r)
        }
        let (inputGradient, _) = LayerHarness.backward(layer, input: input, outputGradient: r, learningRate: 1)
        #expect(GradientCheck.relativeError(analytic: inputGradient, numeric: numeric) < GradientCheck.tolerance)
    }

    @Test("MaxPool2: a tied window sends its gradient to the first maximum only")
    func poolingTies() throws {
        let layer = MaxPool2(input: Shape(height: 2, width: 2, channels: 8))
        let input = [Float](repeating: -0.5, count: 32)
        let gradient = (1...8).map(Float.init)
        let (inputGradient, _) = LayerHarness.backward(layer, input: input, outputGradient: gradient, learningRate: 1)
        #expect(Array(inputGradient[0..<8]) == gradient)
        #expect(inputGradient[8...].allSatisfy { $0 == 0 })
    }

    @Test("DenseSoftmax: weight, bias and input gradients of cross-entropy match finite differences")
    func softmax() throws {
        var generator = SplitMix64(seed: 11)
        let layer = DenseSoftmax(input: Shape(height: 2, width: 2, channels: 8), classes: 10, generator: &generator)
        let scaled = layer.parameters[0].map { $0 * 40 }
        let biases = LayerHarness.random(10, seed: 5)
        layer.setParameters([scaled, biases])
        let input = LayerHarness.random(layer.inputShape.count, seed: 6)
        let label = 3
        func crossEntropy(_ output: [Float]) -> Double { -log(Double(output[label])) }

        let numericWeights = GradientCheck.numeric(scaled, epsilon: 1e-2) {
            layer.setParameters([$0, biases])
            return crossEntropy(LayerHarness.forward(layer, input))
        }
        let numericBiases = GradientCheck.numeric(biases, epsilon: 1e-2) {
            layer.setParameters([scaled, $0])
            return crossEntropy(LayerHarness.forward(layer, input))
        }
        layer.setParameters([scaled, biases])
        let numericInput = GradientCheck.numeric(input, epsilon: 1e-2) { crossEntropy(LayerHarness.forward(layer, $0)) }

        let probabilities = LayerHarness.forward(layer, input)
        // The layer takes dL/d(logits), which for cross-entropy is p − onehot.
        var outputGradient = probabilities
        outputGradient[label] -= 1
        let (inputGradient, change) = LayerHarness.backward(layer, input: input, outputGradient: outputGradient, learningRate: 1)

        #expect(GradientCheck.relativeError(analytic: change[0], numeric: numericWeights) < GradientCheck.tolerance)
        #expect(GradientCheck.relativeError(analytic: change[1], numeric: numericBiases) < GradientCheck.tolerance)
        #expect(GradientCheck.relativeError(analytic: inputGradient, numeric: numericInput) < GradientCheck.tolerance)
        // The bias gradient of softmax with cross-entropy is exactly p − onehot.
        let expected = probabilities.enumerated().map { $0.element - ($0.offset == label ? 1 : 0) }
        #expect(zip(change[1], expected).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test("the check fails when a gradient is wrong")
    func checkCatchesWrongGradient() throws {
        var generator = SplitMix64(seed: 7)
        let layer = Conv3x3(input: Shape(height: 5, width: 5, channels: 1), filters: 8, generator: &generator)
        let input = LayerHarness.random(25, seed: 1)
        let r = LayerHarness.random(layer.outputShape.count, seed: 2)
        let filters = layer.parameters[0]
        let numeric = GradientCheck.numeric(filters, epsilon: 1e-2) { candidate in
            layer.setParameters([candidate])
            return GradientCheck.linearLoss(LayerHarness.forward(layer, input), weights: r)
        }
        layer.setParameters([filters])
        let (_, change) = LayerHarness.backward(layer, input: input, outputGradient: r, learningRate: 1)
        #expect(GradientCheck.relativeError(analytic: change[0], numeric: numeric) < GradientCheck.tolerance)

        var wrong = change[0]
        let largest = wrong.indices.max { abs(wrong[$0]) < abs(wrong[$1]) }!
        wrong[largest] *= 1.05
        #expect(GradientCheck.relativeError(analytic: wrong, numeric: numeric) > GradientCheck.tolerance)
    }
}
