@_spi(Testing) import DigitsKit
import Testing

@Suite struct NetworkTests {
    @Test("SplitMix64 gives the published sequence for seed 0")
    func splitMix() {
        var generator = SplitMix64(seed: 0)
        #expect([generator.next(), generator.next(), generator.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test("normal draws have mean 0 and variance 1")
    func normal() {
        var generator = SplitMix64(seed: 9)
        let draws = (0..<100_000).map { _ in generator.nextNormal() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.02)
    }

    @Test("the classic network has the published shape: 26×26×8 → 13×13×8 → 10, 13,602 parameters")
    func classicShape() throws {
        let network = try ClassicNetwork(.classic(), seed: 0)
        #expect(network.layers.map(\.outputShape) == [
            Shape(height: 26, width: 26, channels: 8), Shape(height: 13, width: 13, channels: 8), Shape(height: 1, width: 1, channels: 10),
        ])
        #expect(try Network(.classic(), seed: 0).parameterCount == 72 + 13_520 + 10)
    }

    @Test("initial parameters follow N(0,1)/9 for filters and N(0,1)/1352 for weights, biases 0")
    func initialization() throws {
        let state = try Network(.classic(), seed: 5).state
        func standardDeviation(_ values: [Float]) -> Double {
            let mean = values.reduce(0) { $0 + Double($1) } / Double(values.count)
            return (values.reduce(0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)).squareRoot()
        }
        #expect(abs(standardDeviation(state.tensors[1]) * 1352 - 1) < 0.05)
        #expect(abs(standardDeviation(state.tensors[0]) * 9 - 1) < 0.35)
        #expect(state.tensors[2] == [Float](repeating: 0, count: 10))
    }

    @Test("the same seed gives identical weights after training; another seed differs")
    func reproducible() throws {
        let data = try TestData.mnistTrain.get().prefix(300)
        func trained(seed: UInt64) throws -> NetworkState {
            let network = try Network(.classic(), seed: seed)
            _ = try Trainer(network: network, settings: TrainingSettings(epochs: 2, seed: seed, logEvery: 0)).run(on: data, test: nil)
            return network.state
        }
        let first = try trained(seed: 42)
        #expect(try trained(seed: 42) == first)
        #expect(try trained(seed: 43) != first)
        #expect(first != (try Network(.classic(), seed: 42).state), "training changed nothing")
    }

    @Test("loss on a fixed 500-sample batch falls after one epoch")
    func learns() throws {
        let batch = try TestData.mnistTrain.get().prefix(500)
        let network = try Network(.classic(), seed: 1)
        let before = network.evaluate(batch)
        _ = try Trainer(network: network, settings: TrainingSettings(epochs: 1, learningRate: 0.005, logEvery: 0)).run(on: batch, test: nil)
        let after = network.evaluate(batch)
        #expect(after.meanLoss < before.meanLoss * 0.5, "loss \(before.meanLoss) → \(after.meanLoss)")
        #expect(after.accuracy > before.accuracy)
    }

    @Test("evaluation gives the same confusion matrix on one thread and on several")
    func evaluationThreads() throws {
        let test = try TestData.mnistTest.get().prefix(2000)
        let state = try Network(.classic(), seed: 3).state
        let one = try Evaluation.run(state, on: test, threads: 1)
        let many = try Evaluation.run(state, on: test, threads: 4)
        #expect(one.confusion == many.confusion)
        #expect(one.count == 2000)
        #expect(abs(one.totalLoss - many.totalLoss) < 1e-6 * one.totalLoss)
    }

    @Test("a Ctrl-C request stops training after the current sample and says where")
    func stops() throws {
        let data = try TestData.mnistTrain.get().prefix(1000)
        let network = try Network(.classic(), seed: 1)
        var asked = 0
        let outcome = try Trainer(network: network, settings: TrainingSettings(epochs: 3, logEvery: 0)).run(
            on: data, test: nil, shouldStop: { asked += 1; return asked == 1500 }
        )
        #expect(outcome.interrupted?.epoch == 2)
        #expect(outcome.interrupted?.samples == 500)
        #expect(outcome.samplesTrained == 1500)
        #expect(outcome.epochs.count == 1)
    }

    @Test("the fused convolution and pool compute what the separate layers compute")
    func fusedMatchesSeparate() throws {
        let test = try TestData.mnistTest.get().prefix(20)
        let fused = try ClassicNetwork(.classic(), seed: 4), separate = try ClassicNetwork(.classic(), seed: 4)
        func probabilities(_ network: ClassicNetwork, _ pixels: [UInt8]) -> [Float] {
            pixels.withUnsafeBufferPointer { pixels in
                network.setInput(slot: 0, pixels: pixels)
                return Array(network.infer(count: 1))
            }
        }
        for index in 0..<test.count {
            let pixels = Array(test.image(index))
            // Forward: the layers one by one, by hand, against the network's fused pass.
            var activation = pixels.map { Float($0) / 255 - 0.5 }
            for layer in fused.layers { activation = LayerHarness.forward(layer, activation) }
            #expect(probabilities(fused, pixels) == activation)
            // Backward: asking for the input gradient takes the separate layers' path.
            let label = Int(test.labels[index])
            _ = probabilities(fused, pixels)
            fused.backward(label: label, learningRate: 0.01, wantInputGradient: false)
            _ = probabilities(separate, pixels)
            separate.backward(label: label, learningRate: 0.01, wantInputGradient: true)
        }
        for (a, b) in zip(fused.parameters, separate.parameters) {
            let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-5, "largest difference \(worst)")
        }
        #expect(fused.parameters[0] != (try ClassicNetwork(.classic(), seed: 4)).parameters[0], "the filters learned")
    }

    @Test("training resumed after an epoch ends exactly where an uninterrupted run does")
    func resumeMatchesUninterrupted() throws {
        let data = try TestData.mnistTrain.get().prefix(400)
        let settings = TrainingSettings(epochs: 3, seed: 8, logEvery: 0)
        let whole = try Network(.classic(), seed: 8)
        _ = try Trainer(network: whole, settings: settings).run(on: data, test: nil)

        let first = try Network(.classic(), seed: 8)
        _ = try Trainer(network: first, settings: TrainingSettings(epochs: 1, seed: 8, logEvery: 0)).run(on: data, test: nil)
        let resumed = try Network(first.state)
        let outcome = try Trainer(network: resumed, settings: settings).run(on: data, test: nil, firstEpoch: 2)
        #expect(outcome.epochs.map(\.epoch) == [2, 3])
        #expect(resumed.state == whole.state)
    }
}
