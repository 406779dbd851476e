import DigitsKit
import Foundation
import Testing

@Suite struct TrainCommandTests {
    @Test("train --json ends with one JSON object with the fields other tools read")
    func json() throws {
        let result = try DigitsBinary.run(["train", "--data", DigitsBinary.mnist, "--limit", "1000", "--epochs", "3",
                                           "--test-limit", "1000", "--learning-rate", "0.005", "--lr-decay", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let last = try #require(result.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        for key in ["test_accuracy", "test_loss", "train_samples_per_second", "seconds", "epochs"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect((object["test_accuracy"] as? Double ?? 0) >= 0.78)
        #expect(object["epochs"] as? Int == 3)
        #expect(!result.stdout.contains("\u{1B}"), "no escape codes when stdout is not a terminal")
        #expect(result.stderr.contains("[step 100] last 100: loss") == false, "logs every 10,000 steps by default")
    }

    @Test("log lines follow the classic format when stdout is a pipe")
    func logLines() throws {
        let result = try DigitsBinary.run(["train", "--data", DigitsBinary.mnist, "--limit", "300", "--epochs", "1",
                                           "--test-limit", "100", "--log-every", "100"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("[step ") }
        #expect(lines.count == 3)
        #expect(lines.first?.contains("[step 100] last 100: loss ") == true)
        #expect(lines.first?.contains(" | acc ") == true)
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test("--output saves a model that info and eval read; --resume continues it")
    func saveAndResume() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = directory + "/m.dgts"
        let common = ["--data", DigitsBinary.mnist, "--limit", "2000", "--test-limit", "500", "--log-every", "0"]
        let first = try DigitsBinary.run(["train", "--epochs", "1", "--output", model] + common)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try ModelSaver.load(from: model).metadata.epochs == 1)

        let info = try DigitsBinary.run(["info", model])
        #expect(info.stdout.contains("architecture: classic\n"))
        #expect(info.stdout.contains("(format version 3)"))
        #expect(info.stdout.contains("1 epochs, 2000 samples"))
        let crc = ModelFile.crc32(Array(try FileBytes.read(model, as: .model).dropLast(4)))
        #expect(info.stdout.contains("CRC-32 " + String(crc, radix: 16, uppercase: true).leftPadded(8) + " ok"))

        let resumed = try DigitsBinary.run(["train", "--epochs", "2", "--resume", model, "--output", model] + common)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming"))
        #expect(resumed.stdout.contains("epoch 2/2"))
        let after = try ModelSaver.load(from: model)
        #expect(after.metadata.epochs == 2)
        #expect(after.metadata.trainingSamples == 4000)

        let eval = try DigitsBinary.run(["eval", "--model", model, "--data", DigitsBinary.mnist, "--limit", "300", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        #expect((object["per_digit"] as? [Double])?.count == 10)
        #expect((object["confusion"] as? [[Int]])?.count == 10)
        #expect((object["accuracy"] as? Double ?? 0) > 0.8)
        #expect(object["loss"] is Double)
    }

    @Test("Ctrl-C stops after the current sample, says where, saves, exits 130, and --resume continues")
    func interrupt() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = directory + "/m.dgts"
        let common = ["--data", DigitsBinary.mnist, "--test-limit", "100", "--log-every", "0", "--output", model]
        let (process, out, _) = try DigitsBinary.start(["train", "--epochs", "50"] + common)
        let output = ProcessOutput(out)
        // The handler is installed before the first line is written.
        #expect(output.wait(for: "training "))
        process.interrupt()
        let stdout = output.rest()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(stdout.contains("stopped by request in epoch 1"), "\(stdout)")
        let saved = try ModelSaver.load(from: model)
        #expect(saved.metadata.epochs == 0)

        let resumed = try DigitsBinary.run(["train", "--epochs", "1", "--resume", model, "--limit", "2000"] + common)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try ModelSaver.load(from: model).metadata.epochs == 1)
    }

    @Test("bad data folders and options give clear errors")
    func errors() throws {
        let missing = try DigitsBinary.run(["train", "--data", "/nonexistent"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/train-images-idx3-ubyte.gz: not found"))
        let filters = try DigitsBinary.run(["train", "--filters", "5"])
        #expect(filters.status != 0)
        #expect(filters.stderr.contains("multiple of 8"))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
