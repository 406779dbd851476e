@_spi(Testing) import DigitsKit

/// Runs layers on arrays, for tests that compare against hand-computed values and finite differences.
enum LayerHarness {
    static func forward(_ layer: any Layer, _ input: [Float]) -> [Float] {
        var output = [Float](repeating: .nan, count: layer.outputShape.count)
        input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { layer.forward(input, into: $0) }
        }
        return output
    }

    /// Runs forward then backward with `outputGradient`; returns dL/d(input) and what the SGD step
    /// with `learningRate` did to each parameter tensor (before − after).
    static func backward(
        _ layer: any Layer, input: [Float], outputGradient: [Float], learningRate: Float
    ) -> (inputGradient: [Float], parameterChange: [[Float]]) {
        let before = layer.parameters
        let output = forward(layer, input)
        var inputGradient = [Float](repeating: .nan, count: layer.inputShape.count)
        input.withUnsafeBufferPointer { input in
            output.withUnsafeBufferPointer { output in
                outputGradient.withUnsafeBufferPointer { gradient in
                    inputGradient.withUnsafeMutableBufferPointer {
                        layer.backward(input: input, output: output, outputGradient: gradient, inputGradient: $0,
                                       learningRate: learningRate)
                    }
                }
            }
        }
        let change = zip(before, layer.parameters).map { zip($0, $1).map { $0 - $1 } }
        return (inputGradient, change)
    }

    /// Random values from a fixed seed, uniform in −1…1.
    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(generator.nextUniform() * 2 - 1) }
    }
}

/// Compares an analytic gradient with finite differences.
enum GradientCheck {
    /// The largest difference relative to the largest numeric component.
    static func relativeError(analytic: [Float], numeric: [Double]) -> Double {
        precondition(analytic.count == numeric.count)
        let scale = max(numeric.map(abs).max() ?? 0, 1e-6)
        return zip(analytic, numeric).map { abs(Double($0) - $1) }.max()! / scale
    }

    /// Central differences of `loss` with respect to each element of `values`.
    static func numeric(_ values: [Float], epsilon: Float, loss: ([Float]) -> Double) -> [Double] {
        values.indices.map { index in
            var plus = values, minus = values
            plus[index] += epsilon
            minus[index] -= epsilon
            return (loss(plus) - loss(minus)) / Double(plus[index] - minus[index])
        }
    }

    /// Σ r·output in Double: a loss whose gradient with respect to the output is exactly `r`.
    static func linearLoss(_ output: [Float], weights: [Float]) -> Double {
        zip(output, weights).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    static let tolerance = 1e-2
}
