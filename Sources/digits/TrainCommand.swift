import ArgumentParser
import DigitsKit

extension Digits {
    struct TrainCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Train a network on MNIST: the classic one per sample, or any --arch in mini-batches.",
            discussion: """
            Defaults: the classic network (--arch classic: a 3×3 convolution of 8 filters without bias, a 2×2 max pool and a dense softmax, in fused per-sample kernels), 5 epochs, plain SGD one sample at a \
            time, learning rate 0.01 halved after each epoch, shuffled each epoch, seed 0. The classic \
            tutorial's settings are --epochs 3 --learning-rate 0.005 --lr-decay 1 --limit 1000 --test-limit 1000. \
            Any other network: --arch conv3:32,relu,maxpool2,conv3:64,relu,maxpool2,dense:128,relu,dropout:0.5,dense:10 \
            --optimizer adam --batch-size 64 --validation 5000.
            """
        )

        @OptionGroup var dataOptions: DataOptions
        @OptionGroup var networkOptions: NetworkOptions

        @Option(parsing: .unconditional, help: ArgumentHelp("Passes over the training images.", valueName: "n"))
        var epochs = 5

        @Option(parsing: .unconditional, help: ArgumentHelp("Step size in the first epoch (default 0.01; 0.001 for rmsprop and adam).", valueName: "rate"))
        var learningRate: Float?

        @Option(parsing: .unconditional, help: ArgumentHelp("Factor applied to the learning rate after each epoch (1 keeps it fixed).", valueName: "factor"))
        var lrDecay: Float = 0.5

        @Option(parsing: .unconditional, help: ArgumentHelp("Train on the first N training images only.", valueName: "n"))
        var limit: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp("Test on the first N test images only.", valueName: "n"))
        var testLimit: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp("Hold out N training images (chosen by the seed); keep the epoch that does best on them.", valueName: "n"))
        var validation: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp("Seed for the initial weights, the shuffles, the validation split and dropout (default 0).", valueName: "n"))
        var seed: UInt64?

        @Flag(help: "Keep the images in file order instead of shuffling each epoch.")
        var noShuffle = false

        @Option(parsing: .unconditional, help: ArgumentHelp("Print the mean loss and accuracy every N samples (0: never).", valueName: "n"))
        var logEvery = 10_000

        @Option(parsing: .unconditional, help: ArgumentHelp("Save the model here after every epoch that is the best so far, and when stopped.", valueName: "path"))
        var output: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("Continue training the model in this file, with the settings it was trained with.", valueName: "path"))
        var resume: String?

        @Flag(help: "On a terminal, draw the first convolution's filters and redraw them after every epoch (not with --json).")
        var showFilters = false

        @Flag(help: "End with one JSON object on stdout (progress goes to stderr).")
        var json = false

        @OptionGroup var colorOptions: ColorOptions

        func validate() throws {
            guard (1...TrainingSettings.maximumEpochs).contains(epochs) else {
                throw ValidationError("--epochs must be from 1 to \(TrainingSettings.maximumEpochs)")
            }
            guard learningRate.map(TrainingSettings.learningRates.contains) ?? true else {
                throw ValidationError("--learning-rate must be positive and at most \(TrainingSettings.learningRates.upperBound)")
            }
            guard TrainingSettings.learningRateDecays.contains(lrDecay) else {
                throw ValidationError("--lr-decay must be positive and at most \(TrainingSettings.learningRateDecays.upperBound)")
            }
            guard output != "-" else {
                throw ValidationError("--output -: train prints its progress on standard output; name a file (digits export writes a model to -)")
            }
            guard limit.map({ $0 > 0 }) ?? true else { throw ValidationError("--limit must be positive") }
            guard testLimit.map({ $0 > 0 }) ?? true else { throw ValidationError("--test-limit must be positive") }
            guard (validation ?? 0) >= 0 else { throw ValidationError("--validation must be 0 or more") }
            guard logEvery >= 0 else { throw ValidationError("--log-every must be 0 or more") }
            try networkOptions.validate()
        }

        mutating func run() throws {
            let train = try dataOptions.load(.train).prefix(limit)
            let test = try dataOptions.load(.test).prefix(testLimit)
            let trainingRun = try makeRun()
            let settings = trainingRun.settings, network = trainingRun.network
            guard settings.validation < train.count else {
                throw ValidationError("validation on \(settings.validation) images leaves none to train on out of \(train.count)")
            }
            // Installed before the first line, so that anyone who has seen output can stop us cleanly.
            StopRequest.install()
            let reporter = TrainingReporter(toStandardError: json, epochs: epochs)
            reporter.line("training \(network.architecture.spec) (\(network.parameterCount) parameters) on \(train.count + settings.nonDigits + settings.penDrawnDigits + settings.typesetDigits - settings.validation) images"
                + (settings.answersNotADigit ? " (\(settings.nonDigits) non-digit pictures, \(settings.penDrawnDigits) pen-drawn and \(settings.typesetDigits) typeset digits among the training and held-out ones)" : "")
                + (settings.validation > 0 ? ", validating on \(settings.validation)" : "") + ", testing on \(test.count)")
            if !network.architecture.isClassic || settings.optimizer.kind != .sgd {
                reporter.line("optimizer \(settings.optimizer.kind.rawValue), batch \(settings.batchSize), loss \(settings.loss.rawValue), \(settings.threads) threads")
            }
            if trainingRun.firstEpoch > 1 { reporter.line("resuming \((resume ?? "").terminalSafe) after epoch \(trainingRun.firstEpoch - 1)") }
            switch trainingRun.destination {
            case nil: reporter.line("the model will not be saved: pass --output PATH to keep it")
            case .discard?: reporter.line("the model will not be saved: \((output ?? "").terminalSafe) is the null device")
            case .file?: break
            }

            let filters = showFilters && !json && reporter.showsBar
                ? FilterDisplay(painter: MapPainter(color: colorOptions.isEnabled, unicode: ShadeRenderer.currentLocaleIsUTF8), width: TerminalWidth.current)
                : nil
            if let filters { reporter.write(filters.draw(network.state, epoch: trainingRun.firstEpoch - 1)) }
            let outcome = try trainingRun.run(train: train, test: test, events: { event in
                guard let filters, case let .epochFinished(report) = event else { return reporter.handle(event) }
                reporter.write(filters.erase())
                reporter.handle(event)
                reporter.write(filters.draw(network.state, epoch: report.epoch))
            }, shouldStop: { StopRequest.isRequested })
            if let (epoch, samples) = outcome.interrupted {
                reporter.line("stopped by request in epoch \(epoch) after \(samples) of \(train.count - settings.validation) samples")
            }
            if let output, let saved = trainingRun.saved {
                let name = output.terminalSafe
                switch saved {
                case let .trained(epochs):
                    reporter.line("saved the model of epoch \(epochs) to \(name)")
                case let .resumedModelKept(epoch, accuracy, copied):
                    reporter.line(String(cFormat: "no epoch beat the %.2f%% validation accuracy of epoch %ld, the resumed model; ", accuracy * 100, epoch)
                        + (copied ? "wrote that model to \(name)" : "\(name) still holds it, unchanged"))
                }
            }
            let best = outcome.best
            let final = try best?.test ?? Evaluation.run(network.state, on: test, threads: settings.threads, rule: settings.notADigitRule)
            if settings.validation > 0, let best, let validated = best.validation {
                reporter.line(String(cFormat: "kept epoch %ld: validation accuracy %.2f%%", best.epoch, validated.accuracy * 100))
            }
            reporter.line(String(
                cFormat: "trained %ld samples in %.1f s (%.0f samples/s); test accuracy %.2f%%, loss %.4f on %ld images",
                outcome.samplesTrained, outcome.trainingSeconds, outcome.samplesPerSecond,
                final.accuracy * 100, final.meanLoss, final.count
            ))
            if !json && isatty(STDOUT_FILENO) == 1 {
                let charts = TrainingCharts.lines(
                    for: outcome.epochs, unicode: ShadeRenderer.currentLocaleIsUTF8, color: colorOptions.isEnabled
                )
                for line in charts { reporter.line(line) }
            }
            if json {
                let kept = best.flatMap { best in best.validation.map { (epoch: best.epoch, accuracy: $0.accuracy) } }
                try printJSON(TrainJSON(
                    testAccuracy: final.accuracy, testLoss: final.meanLoss, trainSamplesPerSecond: outcome.samplesPerSecond.rounded(),
                    seconds: outcome.trainingSeconds, epochs: outcome.epochs.count, interrupted: outcome.interrupted != nil,
                    seed: Double(settings.seed), perEpochTestAccuracy: outcome.epochs.compactMap { $0.test?.accuracy },
                    history: outcome.epochs.map(Self.historyEntry), architecture: network.architecture.spec,
                    validationAccuracy: kept?.accuracy, bestEpoch: kept?.epoch
                ))
            }
            if outcome.interrupted != nil { throw ExitCode(130) }
        }

        private static func historyEntry(_ report: Trainer.EpochReport) -> TrainJSON.Epoch {
            TrainJSON.Epoch(
                epoch: report.epoch, learningRate: Double(report.learningRate), trainLoss: report.trainLoss,
                trainAccuracy: report.trainAccuracy, seconds: report.seconds, validationAccuracy: report.validation?.accuracy,
                testAccuracy: report.test?.accuracy
            )
        }

        /// A fresh run, or the model in --resume continued with the settings it was trained with.
        private func makeRun() throws -> TrainingRun {
            var settings = try networkOptions.settings(
                for: networkOptions.architecture, epochs: epochs, learningRate: learningRate, learningRateDecay: lrDecay, shuffle: !noShuffle, seed: seed ?? 0,
                logEvery: logEvery, validation: validation ?? 0
            )
            guard let resume else {
                return try TrainingRun(architecture: networkOptions.architecture, settings: settings, output: output)
            }
            let model = try ModelSaver.load(from: resume)
            guard model.metadata.epochs < epochs else {
                throw ValidationError("\(resume) has already trained \(model.metadata.epochs) epochs; pass --epochs with more")
            }
            guard model.state.architecture.input == Architecture.mnistInput, model.state.architecture.classes == 10 else {
                throw ValidationError("\(resume) reads \(model.state.architecture.input) images into \(model.state.architecture.classes ?? 0) classes; MNIST needs 28×28×1 and 10")
            }
            let conflicts = networkOptions.conflicts(with: model, seed: seed, learningRate: learningRate, validation: validation)
            guard conflicts.isEmpty else {
                throw ValidationError("\(resume) continues with the settings it was trained with; drop " + conflicts.joined(separator: ", "))
            }
            settings.threads = networkOptions.threadCount
            return try TrainingRun(resuming: model, from: resume, settings: settings, output: output)
        }
    }
}
