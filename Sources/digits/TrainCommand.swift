import ArgumentParser
import DigitsKit
import Foundation

extension Digits {
    struct TrainCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Train the network on MNIST, one sample at a time.",
            discussion: """
            Defaults: 5 epochs, learning rate 0.01 halved after each epoch, shuffled each epoch, seed 0. \
            The classic tutorial's settings are --epochs 3 --learning-rate 0.005 --lr-decay 1 \
            --limit 1000 --test-limit 1000.
            """
        )

        @OptionGroup var dataOptions: DataOptions

        @Option(help: ArgumentHelp("Passes over the training images.", valueName: "n"))
        var epochs = 5

        @Option(help: ArgumentHelp("SGD step size in the first epoch.", valueName: "rate"))
        var learningRate: Float = 0.01

        @Option(help: ArgumentHelp("Factor applied to the learning rate after each epoch (1 keeps it fixed).", valueName: "factor"))
        var lrDecay: Float = 0.5

        @Option(help: ArgumentHelp("Train on the first N training images only.", valueName: "n"))
        var limit: Int?

        @Option(help: ArgumentHelp("Test on the first N test images only.", valueName: "n"))
        var testLimit: Int?

        @Option(help: ArgumentHelp("Filters in the convolution (a multiple of 8).", valueName: "n"))
        var filters = 8

        @Option(help: ArgumentHelp("Seed for the initial weights and the shuffles.", valueName: "n"))
        var seed: UInt64 = 0

        @Flag(help: "Keep the images in file order instead of shuffling each epoch.")
        var noShuffle = false

        @Option(help: ArgumentHelp("Print the mean loss and accuracy every N steps (0: never).", valueName: "n"))
        var logEvery = 10_000

        @Option(help: ArgumentHelp("Save the model here after every epoch and when stopped.", valueName: "path"))
        var output: String?

        @Option(help: ArgumentHelp("Continue training the model in this file (its architecture and seed).", valueName: "path"))
        var resume: String?

        @Flag(help: "End with one JSON object on stdout (progress goes to stderr).")
        var json = false

        func validate() throws {
            guard epochs > 0 else { throw ValidationError("--epochs must be at least 1") }
            guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--learning-rate must be positive") }
            guard lrDecay > 0, lrDecay.isFinite else { throw ValidationError("--lr-decay must be positive") }
            guard limit.map({ $0 > 0 }) ?? true else { throw ValidationError("--limit must be positive") }
            guard testLimit.map({ $0 > 0 }) ?? true else { throw ValidationError("--test-limit must be positive") }
            guard filters > 0, filters <= 512, filters % 8 == 0 else {
                throw ValidationError("--filters must be a multiple of 8 from 8 to 512 (each group of 8 is one vector)")
            }
            guard logEvery >= 0 else { throw ValidationError("--log-every must be 0 or more") }
        }

        mutating func run() throws {
            let train = try dataOptions.load(.train).prefix(limit)
            let test = try dataOptions.load(.test).prefix(testLimit)
            let start = try startingPoint()
            let settings = TrainingSettings(
                epochs: epochs, learningRate: learningRate, learningRateDecay: lrDecay, shuffle: !noShuffle,
                seed: start.seed, logEvery: logEvery
            )
            let reporter = TrainingReporter(toStandardError: json, epochs: epochs)
            let network = start.network
            reporter.line("training \(network.architecture) (\(network.parameterCount) parameters) on \(train.count) images, testing on \(test.count)")
            if start.firstEpoch > 1 { reporter.line("resuming \(resume ?? "") after epoch \(start.firstEpoch - 1)") }
            if output == nil { reporter.line("the model will not be saved: pass --output PATH to keep it") }

            var saved = Saved(epochs: start.firstEpoch - 1, samples: start.samplesBefore, accuracy: nil)
            var saveError: (any Error)?
            func save(_ saved: Saved) {
                guard let output, saveError == nil else { return }
                let metadata = ModelMetadata(
                    created: Int64(Date().timeIntervalSince1970), seed: settings.seed, epochs: saved.epochs,
                    trainingSamples: saved.samples, learningRate: learningRate, learningRateDecay: lrDecay,
                    testAccuracy: saved.accuracy, testImages: saved.accuracy == nil ? 0 : test.count
                )
                do {
                    try ModelSaver.save(Model(state: network.state, metadata: metadata), to: output)
                } catch {
                    saveError = error
                }
            }

            StopRequest.install()
            let outcome = Trainer(network: network, settings: settings).run(
                on: train, test: test, firstEpoch: start.firstEpoch,
                events: { event in
                    reporter.handle(event)
                    if case let .epochFinished(report) = event {
                        saved = Saved(epochs: report.epoch, samples: saved.samples + report.samples, accuracy: report.test?.accuracy)
                        save(saved)
                    }
                },
                shouldStop: { StopRequest.isRequested || saveError != nil }
            )
            if let saveError { throw saveError }
            if let (epoch, samples) = outcome.interrupted {
                reporter.line("stopped by request in epoch \(epoch) after \(samples) of \(train.count) samples")
                save(Saved(epochs: saved.epochs, samples: saved.samples + samples, accuracy: nil))
                if let saveError { throw saveError }
            }
            if let output { reporter.line("saved the model to \(output)") }
            let final = outcome.epochs.last?.test ?? Evaluation.run(network.state, on: test)
            reporter.line(String(
                format: "trained %d samples in %.1f s (%.0f samples/s); test accuracy %.2f%%, loss %.4f on %d images",
                outcome.samplesTrained, outcome.trainingSeconds, outcome.samplesPerSecond,
                final.accuracy * 100, final.meanLoss, final.count
            ))
            if json {
                try printJSON([
                    "test_accuracy": final.accuracy, "test_loss": final.meanLoss,
                    "train_samples_per_second": outcome.samplesPerSecond.rounded(),
                    "seconds": outcome.trainingSeconds, "epochs": outcome.epochs.count,
                    "interrupted": outcome.interrupted != nil, "seed": Double(settings.seed),
                    "per_epoch_test_accuracy": outcome.epochs.compactMap { $0.test?.accuracy },
                ])
            }
            if outcome.interrupted != nil { throw ExitCode(130) }
        }

        /// What has been saved so far.
        private struct Saved {
            var epochs: Int
            var samples: Int
            var accuracy: Double?
        }

        /// A fresh network, or the one in --resume with where it left off.
        private func startingPoint() throws -> (network: Network, seed: UInt64, firstEpoch: Int, samplesBefore: Int) {
            guard let resume else { return (try Network(.classic(filters: filters), seed: seed), seed, 1, 0) }
            let model = try ModelSaver.load(from: resume)
            guard model.metadata.epochs < epochs else {
                throw ValidationError("\(resume) has already trained \(model.metadata.epochs) epochs; pass --epochs with more")
            }
            return (try Network(model.state), model.metadata.seed, model.metadata.epochs + 1, model.metadata.trainingSamples)
        }
    }
}
