import DigitsKit
import Foundation
import Glibc
import Testing

/// Ordinary use that used to lose work or hang: a diverged run over a good model, a trap after
/// a trained epoch, a resumed run that wrote nothing, outputs that are not files, FIFOs as input.
@Suite struct NothingLostCommandTests {
    static let data = ["--data", DigitsBinary.mnist, "--log-every", "0"]

    static func sha(_ path: String) throws -> [UInt8] { try FileBytes.read(path, as: .model) }

    @Test("a diverged run stops with an error and keeps the model that was at --output",
          arguments: [["--arch", "conv3:8,relu,maxpool2,dense:10"], [], ["--validation", "100"]])
    func diverged(extra: [String]) throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = directory + "/m.dgts"
        try Data(BuiltInModel.classic.bytes).write(to: URL(fileURLWithPath: model))
        let result = try DigitsBinary.run(["train", "--learning-rate", "1e6", "--limit", "1000", "--test-limit", "100", "--epochs", "2",
                                           "--output", model] + Self.data + extra)
        #expect(result.status == 1)
        #expect(result.stderr.contains("digits: training diverged in epoch 1 after"), "\(result.stderr)")
        #expect(result.stderr.contains("is no longer a finite number (learning rate 1000000.0; try a smaller --learning-rate); nothing was written to \(model)"))
        #expect(!result.stdout.contains("saved"))
        #expect(try Self.sha(model) == BuiltInModel.classic.bytes)
    }

    @Test("a network whose evaluation batch of 250 would exceed the workspace trains, tests and evaluates in smaller batches")
    func wideNetwork() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 61 activations of 28×28×64 with their gradients: 25 MB a sample, 6 GB for 250.
        let spec = "conv3:64:p1," + Array(repeating: "relu", count: 60).joined(separator: ",") + ",dense:10"
        let model = directory + "/wide.dgts"
        let trained = try DigitsBinary.run(["train", "--arch", spec, "--batch-size", "8", "--limit", "16", "--test-limit", "200",
                                            "--epochs", "1", "--output", model] + Self.data)
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.contains("saved the model of epoch 1 to \(model)"))
        let evaluated = try DigitsBinary.run(["eval", "--model", model, "--limit", "200", "--data", DigitsBinary.mnist])
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        #expect(evaluated.stdout.contains("on 200 test images: accuracy"))
    }

    @Test("a resumed --validation run whose epochs do not beat the stored best says so and writes the kept model")
    func resumedWithoutImprovement() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = directory + "/first.dgts", second = directory + "/second.dgts"
        // A decay of 1e-30 leaves epoch 2's weights as epoch 1's: the same validation accuracy, not a better one.
        let base = ["--limit", "600", "--test-limit", "50"] + Self.data
        let trained = try DigitsBinary.run(["train", "--epochs", "1", "--validation", "100", "--lr-decay", "1e-30", "--output", first] + base)
        try #require(trained.status == 0, "\(trained.stderr)")
        let resumed = try DigitsBinary.run(["train", "--resume", first, "--epochs", "2", "--output", second] + base)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("no epoch beat the"), "\(resumed.stdout)")
        #expect(resumed.stdout.contains("of epoch 1, the resumed model; wrote that model to \(second)"))
        #expect(try ModelSaver.load(from: second) == ModelSaver.load(from: first))
        let inPlace = try DigitsBinary.run(["train", "--resume", first, "--epochs", "2", "--output", first] + base)
        #expect(inPlace.stdout.contains("\(first) still holds it, unchanged"), "\(inPlace.stdout)")
    }

    @Test("--output refuses a FIFO before training, follows a symlink, keeps a 600 mode; /dev/null-like discards are announced")
    func outputs() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/pipe"
        try #require(mkfifo(fifo, 0o644) == 0)
        let start = ContinuousClock.now
        let refused = try DigitsBinary.run(["train", "--output", fifo] + Self.data)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(fifo): cannot save the model there: it is a FIFO (named pipe), not a regular file"))
        #expect(!refused.stdout.contains("epoch"), "refused before training")
        #expect(ContinuousClock.now - start < .seconds(20))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && FileKind(mode: info.st_mode) == .fifo)

        let source = DigitsBinary.packageRoot + "/data/classic-model.dgts"
        let target = directory + "/real.dgts"
        try Data([0]).write(to: URL(fileURLWithPath: target))
        try #require(chmod(target, 0o600) == 0 && symlink("real.dgts", directory + "/link.dgts") == 0)
        let exported = try DigitsBinary.run(["export", source, "--output", directory + "/link.dgts"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(lstat(directory + "/link.dgts", &info) == 0 && FileKind(mode: info.st_mode) == .symbolicLink)
        #expect(stat(target, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try ModelSaver.load(from: target).state == ModelSaver.load(from: source).state)
    }

    @Test("export --output - writes the model to standard output")
    func exportToStandardOutput() throws {
        let source = DigitsBinary.packageRoot + "/data/strong-model.dgts"
        let (process, out, _) = try DigitsBinary.start(["export", source, "--output", "-"])
        let bytes = [UInt8](out.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try ModelFile.decode(bytes, path: "-").state == ModelSaver.load(from: source).state)
        #expect(!FileManager.default.fileExists(atPath: "-"))
    }

    @Test("classify and info refuse a FIFO with no writer at once and go on to the next file")
    func fifoInput() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/pipe"
        try #require(mkfifo(fifo, 0o644) == 0)
        let picture = directory + "/seven.pgm"
        _ = try DigitsBinary.run(["data", "--data", DigitsBinary.mnist, "--set", "test", "--export", "0", picture])
        let classified = try DigitsBinary.run(["classify", fifo, picture])
        #expect(classified.status == 1)
        #expect(classified.stderr.contains("digits: \(fifo): cannot read the image: a FIFO (named pipe), not a regular file"), "\(classified.stderr)")
        #expect(classified.stdout.contains("\(picture): 7 ("))
        let info = try DigitsBinary.run(["info", fifo])
        #expect(info.status == 1 && info.stderr.contains("a FIFO (named pipe), not a regular file"))
    }

    @Test("a model with training settings a resume cannot use still classifies; --resume names the setting")
    func oddSettings() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var model = try ModelFile.decode(BuiltInModel.classic.bytes, path: "classic")
        model.metadata.batchSize = 64
        let path = directory + "/odd.dgts"
        try ModelSaver.save(model, to: path)
        let picture = directory + "/seven.pgm"
        _ = try DigitsBinary.run(["data", "--data", DigitsBinary.mnist, "--set", "test", "--export", "0", picture])
        let classified = try DigitsBinary.run(["classify", "--model", path, picture])
        #expect(classified.status == 0, "\(classified.stderr)")
        let info = try DigitsBinary.run(["info", path])
        #expect(info.stdout.contains("resumable:    no: the classic network was trained other than one sample at a time"), "\(info.stdout)")
        let resumed = try DigitsBinary.run(["train", "--resume", path, "--epochs", "9"] + Self.data)
        #expect(resumed.status == 1)
        #expect(resumed.stderr.contains("digits: \(path): cannot resume training: the model's classic network was trained other than"), "\(resumed.stderr)")
    }

    @Test("errors share one prefix; negative numbers reach validation; control characters in names are spelled out")
    func messages() throws {
        let top = try DigitsBinary.run(["classify", "--top", "-1", "x.png"])
        #expect(top.stderr.hasPrefix("digits: --top must be 1 to 10"), "\(top.stderr)")
        let rate = try DigitsBinary.run(["train", "--learning-rate", "-1"])
        #expect(rate.stderr.hasPrefix("digits: --learning-rate must be positive"), "\(rate.stderr)")
        // A weight decay that --resume would refuse is refused before training, not after it.
        let decay = try DigitsBinary.run(["train", "--weight-decay", "2"])
        #expect(decay.status == 64 && decay.stderr.hasPrefix("digits: --weight-decay must be from 0 to 1"), "\(decay.stderr)")
        let seed = try DigitsBinary.run(["train", "--seed", "-1"])
        #expect(seed.stderr.hasPrefix("digits: The value '-1' is invalid for '--seed <n>'"), "\(seed.stderr)")
        // Labels 0–9 need ten outputs: refused before the first step, not a crash in it.
        for command in [["train", "--limit", "100"] + Self.data, ["bench", "--data", DigitsBinary.mnist]] {
            let few = try DigitsBinary.run(command + ["--arch", "conv3:4,relu,dense:5"])
            #expect(few.status == 1 && few.stderr.contains("this network has 5 outputs; end the --arch with dense:10"), "\(command[0]): \(few.stderr)")
        }
        let numbers = try DigitsBinary.run(["eval", "--numbers", "5", "--calibration"])
        #expect(numbers.status == 64 && numbers.stderr.hasPrefix("digits: --calibration measures single digits and cannot go with --numbers"), "\(numbers.stderr)")
        let missing = try DigitsBinary.run(["info", "/nonexistent.dgts"])
        #expect(missing.stderr.hasPrefix("digits: /nonexistent.dgts: cannot read the model file"), "\(missing.stderr)")
        let evil = "evil\u{1B}]0;owned\u{7}\u{1B}[2J.png"
        let named = try DigitsBinary.run(["classify", evil])
        #expect(named.stderr.contains("evil\\x1b]0;owned\\x7\\x1b[2J.png"), "\(named.stderr)")
        #expect(!named.stderr.contains("\u{1B}") && !named.stdout.contains("\u{1B}"))
    }

    @Test("info gives the cost of an image and refuses a compute bomb, naming its cost")
    func cost() throws {
        // The classic network: 26·26·8·9 for the convolution, 13·13·8·4 for the pool, 1352·10 for the dense layer.
        let info = try DigitsBinary.run(["info", "--model", "classic"])
        #expect(info.stdout.contains("cost:         67.6 k multiply-adds and 59.0 KiB of memory per image"), "\(info.stdout)")
        let spec = Array(repeating: "conv11:16:p10", count: 19).joined(separator: ",") + ",dense:10"
        let train = try DigitsBinary.run(["train", "--arch", spec] + Self.data)
        #expect(train.status != 0 && train.stderr.contains("one image costs 11.4 G multiply-adds"), "\(train.stderr)")
    }

    @Test("bench sizes its inference batch to fit and infers as many images as it trains")
    func bench() throws {
        // 3.7 MB of workspace a sample: a batch of 1000 would be over the 3 GiB bound.
        let spec = "conv3:64:p1," + Array(repeating: "relu", count: 8).joined(separator: ",") + ",dense:10"
        let result = try DigitsBinary.run(["bench", "--arch", spec, "--steps", "64", "--repetitions", "1", "--data", DigitsBinary.mnist])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(median of 1 × 64 images, batches of 64)"), "\(result.stdout)")
    }
}
