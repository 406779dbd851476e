import DigitsKit
import Foundation
import Testing

/// `digits train --arch …` and the other commands with models of any architecture.
@Suite struct ToolkitCommandTests {
    static let small = "conv3:8:p1,batchnorm,relu,maxpool2,dense:32,relu,dropout:0.25,dense:10"
    static let common = ["--data", DigitsBinary.mnist, "--limit", "1200", "--test-limit", "300", "--log-every", "0"]

    @Test("--arch classic trains the same model, bit for bit, as the default")
    func classicSpec() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plain = try DigitsBinary.run(["train", "--epochs", "2", "--output", directory + "/a.dgts"] + Self.common)
        let spelled = try DigitsBinary.run(["train", "--epochs", "2", "--arch", "classic", "--output", directory + "/b.dgts"] + Self.common)
        #expect(plain.status == 0 && spelled.status == 0, "\(plain.stderr)\(spelled.stderr)")
        let a = try ModelSaver.load(from: directory + "/a.dgts"), b = try ModelSaver.load(from: directory + "/b.dgts")
        #expect(a.state.architecture.isClassic && b.state.architecture == a.state.architecture)
        #expect(a.state.tensors.map { $0.map(\.bitPattern) } == b.state.tensors.map { $0.map(\.bitPattern) })
        let info = try DigitsBinary.run(["info", directory + "/a.dgts"]).stdout
        #expect(info.contains("architecture: classic\n") && info.contains("scaling:      pixel byte ÷ 255.0 − 0.5\n"), "\(info)")
    }

    @Test("the classic network's layers spelled out train general layers in batches of 64, and info's spec rebuilds that model")
    func spelledOutClassicIsGeneral() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try DigitsBinary.run(["train", "--epochs", "1", "--arch", "conv3:8,maxpool2,dense:10", "--optimizer", "adam",
                                          "--output", directory + "/a.dgts"] + Self.common)
        #expect(first.status == 0, "\(first.stderr)")
        let info = try DigitsBinary.run(["info", directory + "/a.dgts"]).stdout
        #expect(info.contains("optimizer:    adam, batch 64") && info.contains("parameters:   13610"), "\(info)")
        let spec = try #require(info.split(separator: "\n").first { $0.hasPrefix("architecture: ") }?.dropFirst("architecture: ".count))
        let again = try DigitsBinary.run(["train", "--epochs", "1", "--arch", String(spec), "--optimizer", "adam",
                                          "--output", directory + "/b.dgts"] + Self.common)
        #expect(again.status == 0, "\(again.stderr)")
        let a = try ModelSaver.load(from: directory + "/a.dgts"), b = try ModelSaver.load(from: directory + "/b.dgts")
        #expect(a.state.tensors.map { $0.map(\.bitPattern) } == b.state.tensors.map { $0.map(\.bitPattern) })
        let refused = try DigitsBinary.run(["train", "--epochs", "1", "--optimizer", "adam"] + Self.common)
        #expect(refused.status == 1 && refused.stderr.contains("the adam optimizer needs general layers"), "\(refused.stderr)")
    }

    @Test("a general network trains with validation; --json has its history; info and eval read the model")
    func generalNetwork() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = directory + "/m.dgts"
        let result = try DigitsBinary.run(["train", "--arch", Self.small, "--optimizer", "adam", "--batch-size", "32",
                                           "--epochs", "2", "--validation", "200", "--json", "--output", model] + Self.common)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let history = try #require(object["history"] as? [[String: Any]])
        #expect(history.count == 2)
        for key in ["learning_rate", "train_loss", "train_accuracy", "validation_accuracy", "test_accuracy", "seconds"] {
            #expect(history.allSatisfy { $0[key] != nil }, "history lacks \(key)")
        }
        #expect((object["validation_accuracy"] as? Double ?? 0) > 0.6)
        let best = try #require(object["best_epoch"] as? Int)
        let saved = try ModelSaver.load(from: model)
        #expect(saved.metadata.bestEpoch == best && saved.metadata.validationImages == 200)
        #expect(saved.optimizer?.moments.count == 8)

        let info = try DigitsBinary.run(["info", model])
        #expect(info.stdout.contains("architecture: \(Self.small)\n"), "\(info.stdout)")
        #expect(info.stdout.contains("optimizer:    adam, batch 32"))
        #expect(info.stdout.contains("validation:"))

        let eval = try DigitsBinary.run(["eval", "--model", model, "--data", DigitsBinary.mnist, "--limit", "500", "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let accuracy = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])["accuracy"] as? Double
        #expect((accuracy ?? 0) > 0.6)
    }

    @Test("a resumed run ends bit for bit where an uninterrupted one does (Adam, dropout, batch norm)")
    func resume() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let flags = ["--arch", Self.small, "--optimizer", "adam", "--batch-size", "16"] + Self.common
        let whole = try DigitsBinary.run(["train", "--epochs", "3", "--output", directory + "/whole.dgts"] + flags)
        let first = try DigitsBinary.run(["train", "--epochs", "1", "--output", directory + "/part.dgts"] + flags)
        let rest = try DigitsBinary.run(["train", "--epochs", "3", "--resume", directory + "/part.dgts",
                                         "--output", directory + "/part.dgts"] + Self.common)
        #expect(whole.status == 0 && first.status == 0 && rest.status == 0, "\(rest.stderr)")
        let a = try ModelSaver.load(from: directory + "/whole.dgts"), b = try ModelSaver.load(from: directory + "/part.dgts")
        #expect(a.metadata.epochs == 3 && b.metadata.epochs == 3)
        #expect(a.state == b.state)
        #expect(a.optimizer == b.optimizer)

        let conflict = try DigitsBinary.run(["train", "--epochs", "4", "--resume", directory + "/part.dgts", "--seed", "9"] + Self.common)
        #expect(conflict.status != 0)
        #expect(conflict.stderr.contains("--seed"))
    }

    @Test("bad specs and flags get clear errors, not crashes", arguments: [
        (["--arch", "conv3:32,relu,maxpol2,dense:10"], "'maxpol2'"),
        (["--arch", "conv3:8,dropout:1,dense:10"], "'dropout:1'"),
        (["--arch", "conv31:8,dense:10"], "kernel of 1 to 11"),
        (["--arch", "maxpool2,maxpool2,maxpool2,maxpool2,conv5:8,dense:10"], "layer 5, conv5:8, receives 1×1×1"),
        (["--batch-size", "0"], "--batch-size"),
        (["--learning-rate", "-1"], "--learning-rate"),
        (["--arch", "dense:10", "--filters", "16"], "--filters"),
    ])
    func badInput(_ arguments: [String], _ message: String) throws {
        let result = try DigitsBinary.run(["train", "--data", DigitsBinary.mnist] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a valid model that does not read MNIST's shapes is refused by the commands that predict")
    func foreignShapes() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let metadata = ModelMetadata(created: 0, seed: 0, epochs: 1, trainingSamples: 1, learningRate: 0.01,
                                     learningRateDecay: 1, testAccuracy: nil, testImages: 0)
        let models = [
            ("two.dgts", try Architecture(spec: "conv3:8,relu,dense:2")),
            ("wide.dgts", try Architecture(spec: "classic", input: Shape(height: 30, width: 30, channels: 1))),
        ]
        for (name, architecture) in models {
            let state = try Network(architecture, seed: 1).state
            try ModelSaver.save(Model(state: state, metadata: metadata), to: directory + "/" + name)
            let picture = directory + "/seven.pgm"
            _ = try DigitsBinary.run(["data", "--data", DigitsBinary.mnist, "--set", "test", "--export", "0", picture])
            for command in [["classify", picture], ["eval", "--data", DigitsBinary.mnist, "--limit", "10"]] {
                let result = try DigitsBinary.run(command + ["--model", directory + "/" + name])
                #expect(result.status != 0, "\(command) accepted \(name)")
                #expect(result.stderr.contains("digits needs 28×28×1 images and 10 classes"), "\(result.stderr)")
            }
            #expect(try DigitsBinary.run(["info", directory + "/" + name]).status == 0)
        }
    }
}
