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
            let settings = TrainingSettings(
                epochs: epochs, learningRate: learningRate, learningRateDecay: lrDecay, shuffle: !noShuffle,
                seed: seed, logEvery: logEvery
            )
            let network = try Network(.classic(filters: filters), seed: seed)
            let reporter = TrainingReporter(toStandardError: json, epochs: epochs)
            reporter.line("training \(network.architecture) (\(network.parameterCount) parameters) on \(train.count) images, testing on \(test.count)")

            StopRequest.install()
            let outcome = Trainer(network: network, settings: settings).run(
                on: train, test: test, events: reporter.handle, shouldStop: { StopRequest.isRequested }
            )
            if let (epoch, samples) = outcome.interrupted {
                reporter.line("stopped by request in epoch \(epoch) after \(samples) of \(train.count) samples")
            }
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
                    "interrupted": outcome.interrupted != nil, "seed": Double(seed),
                    "per_epoch_test_accuracy": outcome.epochs.compactMap { $0.test?.accuracy },
                ])
            }
            if outcome.interrupted != nil { throw ExitCode(130) }
        }
    }
}
