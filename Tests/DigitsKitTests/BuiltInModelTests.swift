import DigitsKit
import Foundation
import Testing

@Suite struct BuiltInModelTests {
    @Test("the embedded model is byte for byte data/default-model.dgts")
    func matchesFile() throws {
        let file = try FileBytes.read(TestData.packageRoot + "/data/default-model.dgts")
        #expect(BuiltInModel.bytes == file)
    }

    @Test("the built-in model reaches 97.5% on the real MNIST test set, as its metadata says")
    func accuracy() throws {
        let model = try BuiltInModel.load()
        let evaluation = Evaluation.run(model.state, on: try TestData.mnistTest.get())
        #expect(evaluation.accuracy >= 0.975, "accuracy \(evaluation.accuracy)")
        let recorded = try #require(model.metadata.testAccuracy)
        #expect(abs(recorded - evaluation.accuracy) < 1e-4)
        #expect(model.state.architecture == .classic())
    }
}
