import DigitsKit
import Testing

@Suite struct OptimizerTests {
    @Test("each optimizer trains a small network to 80% on 2,000 test images after two epochs of 4,000", arguments: [
        (OptimizerKind.sgd, Float(0.1)), (.momentum, 0.01), (.rmsprop, 0.001), (.adam, 0.001),
    ])
    func trains(_ kind: OptimizerKind, _ rate: Float) throws {
        let train = try TestData.mnistTrain.get().prefix(4000), test = try TestData.mnistTest.get().prefix(2000)
        let architecture = try Architecture(spec: "conv3:8,relu,maxpool2,dense:64,relu,dense:10")
        let settings = TrainingSettings(epochs: 2, learningRate: rate, learningRateDecay: 1, seed: 1, logEvery: 0,
                                        batchSize: 16, optimizer: OptimizerSettings(kind: kind))
        let network = try Network(architecture, seed: 1, batchCapacity: 16)
        let outcome = try Trainer(network: network, settings: settings).run(on: train, test: test)
        let accuracy = try #require(outcome.epochs.last?.test?.accuracy)
        #expect(accuracy >= 0.8, "\(kind.rawValue): \(accuracy)")
    }

    @Test("weight decay shrinks the weights; the same seed repeats bit for bit")
    func weightDecay() throws {
        let train = try TestData.mnistTrain.get().prefix(512)
        let architecture = try Architecture(spec: "dense:32,relu,dense:10")
        func trained(decay: Float) throws -> NetworkState {
            var optimizer = OptimizerSettings(kind: .sgd)
            optimizer.weightDecay = decay
            let network = try Network(architecture, seed: 3, batchCapacity: 32)
            _ = try Trainer(network: network, settings: TrainingSettings(
                epochs: 3, learningRate: 0.05, seed: 3, logEvery: 0, batchSize: 32, optimizer: optimizer
            )).run(on: train, test: nil)
            return network.state
        }
        func norm(_ state: NetworkState) -> Double { state.tensors[0].reduce(0) { $0 + Double($1 * $1) } }
        let plain = try trained(decay: 0), decayed = try trained(decay: 0.05)
        #expect(norm(decayed) < norm(plain) * 0.95, "\(norm(decayed)) vs \(norm(plain))")
        #expect(try trained(decay: 0.05) == decayed)
    }
}
