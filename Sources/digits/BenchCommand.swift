import ArgumentParser
import DigitsKit

extension Digits {
    struct BenchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Measure training and inference speed on MNIST: the classic network per sample on one thread, any --arch in batches.",
            discussion: """
            The classic network: per-sample SGD steps and single-image inference. Any other --arch: \
            mini-batches of --batch-size with --optimizer (default adam) on --threads threads, and inference \
            in batches of up to 1000 (fewer when the network's workspace allows fewer). Compare with ../shared/bench/reference.sh (classic) and \
            ../shared/bench/torch-strong.py (the toolkit's reference network) run right before or after.
            """
        )

        @OptionGroup var dataOptions: DataOptions

        @Option(parsing: .unconditional, help: ArgumentHelp("Training steps per repetition.", valueName: "n"))
        var steps = 200_000

        @Option(parsing: .unconditional, help: ArgumentHelp("Images inferred per repetition (default: as many as --steps, at most 100000).", valueName: "n"))
        var inferences: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp("Repetitions; the median is reported.", valueName: "n"))
        var repetitions = 5

        @OptionGroup var networkOptions: NetworkOptions

        @Option(parsing: .unconditional, help: ArgumentHelp("Measure this model's network (strong, classic or a path) instead of --arch; the pad update then uses the model as draw would.", valueName: "name|path"))
        var model: String?

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        @Flag(help: "Also time each layer's forward and backward pass in the training steps, as a table (or under \"profile\" in --json).")
        var profile = false

        func validate() throws {
            try networkOptions.validate()
            guard model == nil || (networkOptions.arch == nil && networkOptions.filters == nil) else {
                throw ValidationError("--model measures the model's own network; leave out --arch and --filters")
            }
            guard steps > 0, inferences ?? 1 > 0, repetitions > 0 else {
                throw ValidationError("--steps, --inferences and --repetitions must be positive")
            }
        }

        mutating func run() throws {
            let train = try dataOptions.load(.train)
            let test = try dataOptions.load(.test)
            var benchmark = Benchmark()
            benchmark.architecture = try model.map { name in
                var options = ModelOptions()
                options.model = name
                return try options.load().model.state.architecture
            } ?? networkOptions.architecture
            let settings = try networkOptions.settings(
                for: benchmark.architecture, epochs: 1, learningRate: nil, learningRateDecay: 1, shuffle: false, seed: 0, logEvery: 0,
                validation: 0
            )
            if model == nil { try settings.check(for: benchmark.architecture) }
            if !benchmark.architecture.isClassic {
                benchmark.settings = settings
                if networkOptions.optimizer == nil {
                    benchmark.settings.optimizer.kind = .adam
                    benchmark.settings.learningRate = 0.001
                }
            }
            benchmark.trainSteps = steps
            benchmark.inferences = inferences ?? min(steps, 100_000)
            benchmark.repetitions = repetitions
            benchmark.profiling = profile
            let inferenceBatch = try benchmark.inferenceBatch(for: benchmark.architecture)
            let meter = BenchProgress(repetitions: repetitions)
            let result = try benchmark.run(train: train, test: test, progress: meter.show)
            meter.finish()
            if json {
                try printJSON(BenchJSON(
                    trainSamplesPerSecond: result.trainSamplesPerSecond.rounded(),
                    inferenceImagesPerSecond: result.inferenceImagesPerSecond.rounded(),
                    trainRuns: result.trainRuns.map { $0.rounded() }, inferenceRuns: result.inferenceRuns.map { $0.rounded() },
                    padUpdateMicroseconds: (result.padUpdateMicroseconds * 10).rounded() / 10,
                    padSaliencyMicroseconds: (result.padSaliencyMicroseconds * 10).rounded() / 10,
                    padMapsMicroseconds: (result.padMapsMicroseconds * 10).rounded() / 10,
                    repetitions: Double(repetitions), architecture: benchmark.architecture.spec,
                    openblasKernels: benchmark.architecture.isClassic ? nil : Benchmark.matrixKernels,
                    profile: result.profile.map { ProfileReport(profile: $0).json }
                ))
            } else {
                print("network:   \(benchmark.architecture.spec)" + (benchmark.architecture.isClassic ? " (per sample, one thread)"
                    : " (batch \(benchmark.settings.batchSize), \(benchmark.settings.optimizer.kind.rawValue), \(benchmark.settings.threads) thread" + (benchmark.settings.threads == 1 ? "" : "s")
                        + ", OpenBLAS \(Benchmark.matrixKernels)"
                        + (benchmark.settings.augmentation.isIdentity ? ")" : ", augmented: \(benchmark.settings.augmentation.spec))")))
                print("training:  \(Int(result.trainSamplesPerSecond)) samples/s (median of \(repetitions) × \(steps) samples)")
                print("inference: \(Int(result.inferenceImagesPerSecond)) images/s (median of \(repetitions) × \(benchmark.inferences) images"
                    + (benchmark.architecture.isClassic ? ", one at a time)" : ", batches of \(inferenceBatch))"))
                print(String(cFormat: "pad update: %.1f µs (stroke, preprocessing and prediction; median); with the saliency view %.1f µs, the first-layer maps %.1f µs",
                             result.padUpdateMicroseconds, result.padSaliencyMicroseconds, result.padMapsMicroseconds))
                if let profile = result.profile { print(ProfileReport(profile: profile).lines.joined(separator: "\n")) }
            }
        }
    }
}
