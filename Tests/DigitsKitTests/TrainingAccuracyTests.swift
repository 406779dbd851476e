import DigitsKit
import Testing

/// Trains on real MNIST with fixed seeds. A few seconds each in a release build.
@Suite(.serialized) struct TrainingAccuracyTests {
    func train(_ settings: TrainingSettings, limit: Int? = nil, testLimit: Int? = nil) throws -> Evaluation {
        let train = try TestData.mnistTrain.get().prefix(limit)
        let test = try TestData.mnistTest.get().prefix(testLimit)
        let network = try Network(.classic(), seed: settings.seed)
        _ = try Trainer(network: network, settings: settings).run(on: train, test: nil)
        return try Evaluation.run(network.state, on: test)
    }

    @Test("the defaults reach 97.5% on all 10,000 test images")
    func defaults() throws {
        let result = try train(TrainingSettings())
        #expect(result.accuracy >= 0.975, "accuracy \(result.accuracy)")
    }

    @Test("the defaults reach 97.3% with seeds 1, 2 and 3", arguments: [1, 2, 3] as [UInt64])
    func otherSeeds(seed: UInt64) throws {
        let result = try train(TrainingSettings(seed: seed))
        #expect(result.accuracy >= 0.973, "seed \(seed): accuracy \(result.accuracy)")
    }

    @Test("the classic tutorial's set-up (1,000 images, 3 epochs, rate 0.005) reaches 78%")
    func tutorial() throws {
        let result = try train(TrainingSettings(epochs: 3, learningRate: 0.005, learningRateDecay: 1), limit: 1000, testLimit: 1000)
        #expect(result.accuracy >= 0.78, "accuracy \(result.accuracy)")
    }
}
