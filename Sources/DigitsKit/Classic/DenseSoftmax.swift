/// A fully connected layer with bias followed by softmax, as the classic network's output: one
/// probability per class.
///
/// Weights are stored class-major, `[class][input]`, so that each class's logit is one contiguous
/// dot product. The loops take five classes at a time (MNIST's ten are two such blocks), with a
/// plain loop for any rest. The input size must be a multiple of 8.
@_spi(Testing) public final class DenseSoftmax: Layer, LayerKernels {
    public let inputShape: Shape
    public let outputShape: Shape
    public var kind: any LayerKind { ClassicDenseSoftmax(classes: classes) }

    let classes: Int
    let inputCount: Int
    let weights: FloatBuffer
    let biases: FloatBuffer

    /// - Parameters:
    ///   - generator: Fills the weights with N(0, 1) / inputs, as the classic network does; biases start at 0.
    public init(input: Shape, classes: Int, generator: inout SplitMix64) {
        precondition(input.count % 8 == 0, "DenseSoftmax reads its input in groups of 8")
        precondition(classes >= 2, "DenseSoftmax needs at least two classes")
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
        precondition(tensors.count == 2, "DenseSoftmax has weights and biases")
        weights.assign(tensors[0])
        biases.assign(tensors[1])
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        logits(input, into: output)
        softmax(output, into: output, classes: classes)
    }

    /// The logits alone, before the softmax.
    func logits(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        var label = 0
        while label &+ 5 <= classes {
            logitsOfFive(from: label, input, into: output)
            label &+= 5
        }
        while label < classes {
            let row = weights.pointer + label &* inputCount
            var sum = SIMD8<Float>()
            var index = 0
            while index < inputCount {
                sum.addProduct(load8(row + index), load8(input + index))
                index &+= 8
            }
            output[label] = sum.sum() + biases.pointer[label]
            label &+= 1
        }
    }

    /// Five logits at once: each input vector is loaded once for five weight rows, and two
    /// accumulators per class hide the FMA latency.
    @inline(__always)
    private func logitsOfFive(from first: Int, _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let r0 = weights.pointer + first &* inputCount, r1 = r0 + inputCount, r2 = r1 + inputCount
        let r3 = r2 + inputCount, r4 = r3 + inputCount
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>(), a4 = SIMD8<Float>()
        var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>(), b3 = SIMD8<Float>(), b4 = SIMD8<Float>()
        var index = 0
        while index &+ 16 <= inputCount {
            let x = load8(input + index), y = load8(input + (index &+ 8))
            a0.addProduct(load8(r0 + index), x); b0.addProduct(load8(r0 + (index &+ 8)), y)
            a1.addProduct(load8(r1 + index), x); b1.addProduct(load8(r1 + (index &+ 8)), y)
            a2.addProduct(load8(r2 + index), x); b2.addProduct(load8(r2 + (index &+ 8)), y)
            a3.addProduct(load8(r3 + index), x); b3.addProduct(load8(r3 + (index &+ 8)), y)
            a4.addProduct(load8(r4 + index), x); b4.addProduct(load8(r4 + (index &+ 8)), y)
            index &+= 16
        }
        if index < inputCount {
            let x = load8(input + index)
            a0.addProduct(load8(r0 + index), x); a1.addProduct(load8(r1 + index), x); a2.addProduct(load8(r2 + index), x)
            a3.addProduct(load8(r3 + index), x); a4.addProduct(load8(r4 + index), x)
        }
        let bias = biases.pointer + first
        output[first] = (a0 + b0).sum() + bias[0]
        output[first &+ 1] = (a1 + b1).sum() + bias[1]
        output[first &+ 2] = (a2 + b2).sum() + bias[2]
        output[first &+ 3] = (a3 + b3).sum() + bias[3]
        output[first &+ 4] = (a4 + b4).sum() + bias[4]
    }

    /// Back-propagates one sample and takes one SGD step. `outputGradient` is dL/d(logits), the
    /// gradient before the softmax: for cross-entropy that is exactly p − onehot, which the network
    /// computes in one step so that it stays exact however small p[label] is.
    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, learningRate: Float
    ) {
        func logitGradient(_ label: Int) -> Float { outputGradient[label] }

        if let inputGradient { inputGradient.update(repeating: 0, count: inputCount) }
        var label = 0
        while label &+ 5 <= classes {
            let gradients = (logitGradient(label), logitGradient(label &+ 1), logitGradient(label &+ 2),
                             logitGradient(label &+ 3), logitGradient(label &+ 4))
            descendFive(from: label, gradients: gradients, input: input, inputGradient: inputGradient, learningRate: learningRate)
            label &+= 5
        }
        while label < classes {
            let gradient = logitGradient(label)
            let row = weights.pointer + label &* inputCount
            let spread = SIMD8<Float>(repeating: gradient), step = SIMD8<Float>(repeating: -learningRate * gradient)
            var index = 0
            while index < inputCount {
                let weight = load8(row + index)
                if let inputGradient { store8(load8(inputGradient + index).addingProduct(weight, spread), inputGradient + index) }
                store8(weight.addingProduct(step, load8(input + index)), row + index)
                index &+= 8
            }
            biases.pointer[label] -= learningRate * gradient
            label &+= 1
        }
    }

    /// Five weight rows at once, so that each input and input-gradient vector is loaded and stored
    /// once for five rows rather than once per row: dL/d(input) gathers the rows' old values, then
    /// each row takes its step.
    @inline(__always)
    private func descendFive(
        from first: Int, gradients g: (Float, Float, Float, Float, Float), input: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, learningRate: Float
    ) {
        let r0 = weights.pointer + first &* inputCount, r1 = r0 + inputCount, r2 = r1 + inputCount
        let r3 = r2 + inputCount, r4 = r3 + inputCount
        let g0 = SIMD8(repeating: g.0), g1 = SIMD8(repeating: g.1), g2 = SIMD8(repeating: g.2)
        let g3 = SIMD8(repeating: g.3), g4 = SIMD8(repeating: g.4)
        let s0 = SIMD8(repeating: -learningRate * g.0), s1 = SIMD8(repeating: -learningRate * g.1)
        let s2 = SIMD8(repeating: -learningRate * g.2), s3 = SIMD8(repeating: -learningRate * g.3)
        let s4 = SIMD8(repeating: -learningRate * g.4)
        var index = 0
        while index < inputCount {
            let x = load8(input + index)
            let w0 = load8(r0 + index), w1 = load8(r1 + index), w2 = load8(r2 + index)
            let w3 = load8(r3 + index), w4 = load8(r4 + index)
            if let inputGradient {
                var sum = load8(inputGradient + index)
                sum.addProduct(w0, g0); sum.addProduct(w1, g1); sum.addProduct(w2, g2)
                sum.addProduct(w3, g3); sum.addProduct(w4, g4)
                store8(sum, inputGradient + index)
            }
            store8(w0.addingProduct(s0, x), r0 + index)
            store8(w1.addingProduct(s1, x), r1 + index)
            store8(w2.addingProduct(s2, x), r2 + index)
            store8(w3.addingProduct(s3, x), r3 + index)
            store8(w4.addingProduct(s4, x), r4 + index)
            index &+= 8
        }
        let bias = biases.pointer + first
        bias[0] -= learningRate * g.0
        bias[1] -= learningRate * g.1
        bias[2] -= learningRate * g.2
        bias[3] -= learningRate * g.3
        bias[4] -= learningRate * g.4
    }
}
