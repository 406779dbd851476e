import DigitsKit
import Foundation
import Testing

@Suite struct BuiltInModelTests {
    @Test("each embedded model is byte for byte its data/NAME-model.dgts", arguments: BuiltInModel.allCases)
    func matchesFile(_ builtIn: BuiltInModel) throws {
        let file = try FileBytes.read(TestData.packageRoot + "/data/\(builtIn.rawValue)-model.dgts", as: .model)
        #expect(builtIn.bytes == file)
    }

    @Test("the classic model reaches 97.5% on the real MNIST test set, as its metadata says")
    func classicAccuracy() throws {
        let model = try BuiltInModel.classic.load()
        let evaluation = try Evaluation.run(model.state, on: try TestData.mnistTest.get())
        #expect(evaluation.accuracy >= 0.975, "accuracy \(evaluation.accuracy)")
        let recorded = try #require(model.metadata.testAccuracy)
        #expect(abs(recorded - evaluation.accuracy) < 1e-4)
        #expect(model.state.architecture == .classic())
    }

    @Test("the strong model reads 99% of MNIST's test images, rejecting under 0.6% as not digits, and within 0.2 points of that as paper-style pictures")
    func strongAccuracy() throws {
        let model = try BuiltInModel.strong.load()
        #expect(model.metadata.answersNotADigit)
        let test = try TestData.mnistTest.get()
        let plain = try Evaluation.run(model.state, on: test, rule: model.metadata.notADigitRule)
        #expect(plain.accuracy >= 0.99, "accuracy \(plain.accuracy)")
        #expect(plain.rejected <= 60, "rejected \(plain.rejected) of \(plain.count)")
        // Training measured the accuracy the file records, answering the likeliest output.
        let recorded = try #require(model.metadata.testAccuracy)
        #expect(abs(recorded - (try Evaluation.run(model.state, on: test, rule: NotADigitRule())).accuracy) < 1e-4)
        let paper = try Evaluation.run(model.state, on: DigitStyle.paper.restyle(test), rule: model.metadata.notADigitRule)
        #expect(paper.accuracy >= plain.accuracy - 0.002, "paper \(paper.accuracy), plain \(plain.accuracy)")
        #expect(model.optimizer?.step == nil, "the shipped model carries no optimizer state")
    }
}
