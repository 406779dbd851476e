import DigitsKit
import Glibc
import Foundation
import Testing

@Suite struct ModelSaveKillTests {
    /// `digits train --output` prints each epoch's line and then saves; killing the moment the
    /// k-th line arrives lands inside or next to the k-th save.
    @Test("SIGKILL at 50 moments around saves over a model leaves a loadable model every time")
    func killWhileSaving() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = directory + "/m.dgts"
        try Data(BuiltInModel.classic.bytes).write(to: URL(fileURLWithPath: model))
        var generator = SplitMix64(seed: 99)
        var replaced = 0
        for kill in 0..<50 {
            let (process, out, _) = try DigitsBinary.start([
                "train", "--data", DigitsBinary.mnist, "--limit", "500", "--test-limit", "10", "--epochs", "10000",
                "--log-every", "0", "--output", model,
            ])
            let epochs = 1 + Int(generator.next() % 4)
            #expect(ProcessOutput(out).wait(for: "\nepoch ", count: epochs), "kill \(kill): the run ended early")
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let loaded = try ModelSaver.load(from: model)
            if loaded.metadata.epochs > 0 { replaced += 1 }
        }
        #expect(replaced > 0, "no run got as far as saving")
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "m.dgts" }
        #expect(left.count <= 1, "each save removes the temporary files of killed writers: \(left)")
    }
}
