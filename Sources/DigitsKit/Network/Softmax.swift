import Foundation

/// A fully connected layer with bias, followed by softmax: the network's output, one probability
/// per class.
///
/// Weights are stored class-major, `[class][input]`, so that each class's logit is one contiguous
/// dot product. The input size must be a multiple of 8.
public final class Softmax: Layer {
    public let inputShape: Shape
    public let outputShape: Shape
    public var kind: LayerKind { .softmax(classes: classes) }

    let classes: Int
    let inputCount: Int
    let weights: FloatBuffer
    let biases: FloatBuffer

    /// - Parameters:
    ///   - generator: Fills the weights with N(0, 1) / inputs, as the classic network does; biases start at 0.
    public init(input: Shape, classes: Int, generator: inout SplitMix64) {
        precondition(input.count % 8 == 0, "Softmax reads its input in groups of 8")
        precondition(classes >= 2, "Softmax needs at least two classes")
        inputShape = input
        outputShape = Shape(height: 1, width: 1, channels: classes)
        self.classes = classes
        inputCount = input.count
        weights = FloatBuffer(count: classes * input.count)
        biases = FloatBuffer(count: classes)
        for index in 0..<weights.count {
            weights.pointer[index] = Float(generator.nextNormal() / Double(inputCount))
        }
    }

    public var parameters: [[Float]] { [weights.array, biases.array] }

    public func setParameters(_ tensors: [[Float]]) {
        precondition(tensors.count == 2, "Softmax has weights and biases")
        weights.assign(tensors[0])
        biases.assign(tensors[1])
    }

    public func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        var largest = -Float.infinity
        for label in 0..<classes {
            let row = weights.pointer + label * inputCount
            // Four accumulators hide the FMA latency.
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            var index = 0
            while index + 32 <= inputCount {
                a0.addProduct(load8(row + index), load8(input + index))
                a1.addProduct(load8(row + index + 8), load8(input + index + 8))
                a2.addProduct(load8(row + index + 16), load8(input + index + 16))
                a3.addProduct(load8(row + index + 24), load8(input + index + 24))
                index += 32
            }
            while index < inputCount {
                a0.addProduct(load8(row + index), load8(input + index))
                index += 8
            }
            let logit = ((a0 + a1) + (a2 + a3)).sum() + biases.pointer[label]
            output[label] = logit
            largest = max(largest, logit)
        }
        // Subtracting the largest logit keeps exp from overflowing; it does not change the result.
        var total: Float = 0
        for label in 0..<classes {
            output[label] = expf(output[label] - largest)
            total += output[label]
        }
        let scale = 1 / total
        for label in 0..<classes { output[label] *= scale }
    }

    public func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, learningRate: Float
    ) {
        // Through softmax: dL/dz = p ⊙ (g − Σ g·p). With cross-entropy's g = −onehot / p[label]
        // this is the familiar p − onehot.
        var projection: Float = 0
        for label in 0..<classes { projection += outputGradient[label] * output[label] }
        if let inputGradient { inputGradient.update(repeating: 0, count: inputCount) }
        for label in 0..<classes {
            let logitGradient = output[label] * (outputGradient[label] - projection)
            let row = weights.pointer + label * inputCount
            let gradient = SIMD8<Float>(repeating: logitGradient)
            let step = SIMD8<Float>(repeating: -learningRate * logitGradient)
            var index = 0
            if let inputGradient {
                while index < inputCount {
                    let weight = load8(row + index)
                    store8(load8(inputGradient + index).addingProduct(weight, gradient), inputGradient + index)
                    store8(weight.addingProduct(step, load8(input + index)), row + index)
                    index += 8
                }
            } else {
                while index < inputCount {
                    store8(load8(row + index).addingProduct(step, load8(input + index)), row + index)
                    index += 8
                }
            }
            biases.pointer[label] -= learningRate * logitGradient
        }
    }
}
