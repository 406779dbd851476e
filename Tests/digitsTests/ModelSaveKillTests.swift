import DigitsKit
import Foundation
import Testing

@Suite struct ModelSaveKillTests {
    /// `digits train --output` saves after every epoch; with 1,000 images an epoch takes a few
    /// milliseconds, so a SIGKILL at a random moment often lands inside a save.
    @Test("SIGKILL at any moment while saving over a model leaves a loadable model")
    func killWhileSaving() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = directory + "/m.dgts"
        try Data(BuiltInModel.bytes).write(to: URL(fileURLWithPath: model))
        var generator = SplitMix64(seed: 99)
        var replaced = 0
        for _ in 0..<25 {
            let (process, _, _) = try DigitsBinary.start([
                "train", "--data", DigitsBinary.mnist, "--limit", "1000", "--test-limit", "10", "--epochs", "100000",
                "--log-every", "0", "--output", model,
            ])
            Thread.sleep(forTimeInterval: 0.3 + generator.nextUniform() * 0.5)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let loaded = try ModelSaver.load(from: model)
            if loaded.metadata.trainingSamples % 1000 == 0 && loaded.metadata.epochs > 0 { replaced += 1 }
        }
        #expect(replaced > 0, "no run got as far as saving")
    }
}
