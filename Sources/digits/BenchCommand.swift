import ArgumentParser
import DigitsKit
import Foundation

extension Digits {
    struct BenchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Measure training and inference speed of the default network on MNIST (one thread)."
        )

        @OptionGroup var dataOptions: DataOptions

        @Option(help: ArgumentHelp("Training steps per repetition.", valueName: "n"))
        var steps = 200_000

        @Option(help: ArgumentHelp("Single-image inferences per repetition.", valueName: "n"))
        var inferences = 100_000

        @Option(help: ArgumentHelp("Repetitions; the median is reported.", valueName: "n"))
        var repetitions = 5

        @Option(help: ArgumentHelp("Filters in the convolution (a multiple of 8).", valueName: "n"))
        var filters = 8

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func validate() throws {
            guard steps > 0, inferences > 0, repetitions > 0 else {
                throw ValidationError("--steps, --inferences and --repetitions must be positive")
            }
        }

        mutating func run() throws {
            let train = try dataOptions.load(.train)
            let test = try dataOptions.load(.test)
            var benchmark = Benchmark()
            benchmark.architecture = .classic(filters: filters)
            benchmark.trainSteps = steps
            benchmark.inferences = inferences
            benchmark.repetitions = repetitions
            let result = try benchmark.run(train: train, test: test)
            if json {
                try printJSON([
                    "train_samples_per_second": result.trainSamplesPerSecond.rounded(),
                    "inference_images_per_second": result.inferenceImagesPerSecond.rounded(),
                    "train_runs": result.trainRuns.map { $0.rounded() },
                    "inference_runs": result.inferenceRuns.map { $0.rounded() },
                    "pad_update_microseconds": (result.padUpdateMicroseconds * 10).rounded() / 10,
                    "repetitions": Double(repetitions),
                ])
            } else {
                print("training:  \(Int(result.trainSamplesPerSecond)) samples/s (median of \(repetitions) × \(steps) steps)")
                print("inference: \(Int(result.inferenceImagesPerSecond)) images/s (median of \(repetitions) × \(inferences) images)")
                print(String(format: "pad update: %.1f µs (stroke, preprocessing and prediction; median)", result.padUpdateMicroseconds))
            }
        }
    }
}
