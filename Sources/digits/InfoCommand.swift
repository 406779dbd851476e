import ArgumentParser
import DigitsKit

extension Digits {
    struct InfoCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Describe a model file: architecture, parameters, how it was trained, checksum."
        )

        @Argument(help: ArgumentHelp("The model file.", valueName: "path"))
        var path: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("strong (the default) or classic for a built-in model, or a model file's path.", valueName: "name|path"))
        var model: String?

        func validate() throws {
            guard path == nil || model == nil else { throw ValidationError("give the model as a path or with --model, not both") }
        }

        mutating func run() throws {
            // A positional path is always a file, even one named like a built-in model.
            let (bytes, name) = try path.map { (try ModelSaver.readBytes(from: $0), $0) } ?? ModelOptions.file(model)
            let model = try ModelFile.decode(bytes, path: name)
            // Decoding has verified the checksum; show it.
            let crc = ModelFile.crc32(Array(bytes.dropLast(4)))
            let counts = try model.state.architecture.parameterCounts()
            let parameters = model.state.architecture.learnableTensorIndices.reduce(0) { $0 + counts[$1] }
            let metadata = model.metadata
            let created = Date(timeIntervalSince1970: TimeInterval(metadata.created))
            let architecture = model.state.architecture
            let cost = try architecture.cost()
            var resumable = model.optimizer != nil || metadata.optimizer.kind == .sgd
                ? "yes" : "yes, with \(metadata.optimizer.kind.rawValue)'s state started afresh (it was not saved)"
            do {
                try model.checkResumable(path: name)
            } catch {
                if case let .notResumable(_, setting) = error { resumable = "no: the \(setting)" }
            }
            var lines = [
                "model:        \(name.terminalSafe) (format version \(bytes[4]))",
                "architecture: \(architecture.spec)",
                "input:        \(architecture.input), \(architecture.classes ?? 0) classes"
                    + (architecture.isClassic ? ", classic per-sample network" : ""),
                "answers:      " + (metadata.answersNotADigit
                    ? "a digit, or \"not a digit\" when the 11th output is the most likely"
                        + (metadata.notADigitThreshold > 0 ? " and above \(metadata.notADigitThreshold)" : "")
                        + " (trained with \(metadata.nonDigitPictures) generated non-digit pictures)"
                    : "always a digit (trained on digits only)"),
                "scaling:      pixel byte \(architecture.inputScaling)",
                "parameters:   \(parameters) in \(model.state.tensors.count) tensors",
                "cost:         \(Quantity.count(cost.multiplyAdds)) multiply-adds and \(Quantity.bytes(cost.workspaceBytes)) of memory per image",
                "created:      \(created.formatted(.iso8601))",
                metadata.trainingSamples == 0 ? "trained:      not by digits (no training record, as for an imported model)"
                    : "trained:      \(metadata.epochs) epochs, \(metadata.trainingSamples) samples, seed \(metadata.seed)",
                "optimizer:    \(metadata.optimizer.kind.rawValue), batch \(metadata.batchSize), loss \(metadata.loss.rawValue)"
                    + (metadata.optimizer.weightDecay > 0 ? ", weight decay \(metadata.optimizer.weightDecay)" : "")
                    + (model.optimizer.map { ", state saved at step \($0.step)" } ?? ""),
                "learning:     rate \(metadata.learningRate), ×\(metadata.learningRateDecay) per epoch",
                "augmentation: \(metadata.augmentation.spec)",
                "resumable:    \(resumable)",
            ]
            if let validation = metadata.validationAccuracy {
                lines.append(String(cFormat: "validation:   %.2f%% accuracy on %ld held-out images (epoch %ld kept)",
                                    validation * 100, metadata.validationImages, metadata.bestEpoch))
            }
            if let accuracy = metadata.testAccuracy {
                // Training measures with the likeliest output; a threshold set later changes the answers.
                lines.append(String(cFormat: "test:         %.2f%% accuracy on %ld images", accuracy * 100, metadata.testImages)
                    + (metadata.notADigitThreshold > 0 ? " in training (answering the likeliest output)" : ""))
            } else {
                lines.append("test:         not measured")
            }
            lines.append("checksum:     CRC-32 " + String(cFormat: "%08X", crc) + " ok")
            print(lines.joined(separator: "\n"))
        }
    }
}
