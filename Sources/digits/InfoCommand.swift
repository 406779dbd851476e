import ArgumentParser
import DigitsKit
import Foundation

extension Digits {
    struct InfoCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Describe a model file: architecture, parameters, how it was trained, checksum."
        )

        @Argument(help: ArgumentHelp("The model file (default: the built-in model).", valueName: "path"))
        var path: String?

        mutating func run() throws {
            var bytes = BuiltInModel.bytes
            if let path {
                do {
                    bytes = try FileBytes.read(path)
                } catch {
                    throw ModelFileError.unreadable(path: path, reason: error.reason)
                }
            }
            let model = try ModelFile.decode(bytes, path: path ?? BuiltInModel.name)
            // Decoding has verified the checksum; show it.
            let crc = ModelFile.crc32(Array(bytes.dropLast(4)))
            let counts = try model.state.architecture.parameterCounts()
            let parameters = model.state.architecture.learnableTensorIndices.reduce(0) { $0 + counts[$1] }
            let metadata = model.metadata
            let created = Date(timeIntervalSince1970: TimeInterval(metadata.created))
            let architecture = model.state.architecture
            var lines = [
                "model:        \(path ?? BuiltInModel.name) (format version \(bytes[4]))",
                "architecture: \(architecture.spec)",
                "input:        \(architecture.input), \(architecture.classes ?? 0) classes"
                    + (architecture.isClassic ? ", classic per-sample network" : ""),
                "parameters:   \(parameters) in \(model.state.tensors.count) tensors",
                "created:      \(ISO8601DateFormatter().string(from: created))",
                "trained:      \(metadata.epochs) epochs, \(metadata.trainingSamples) samples, seed \(metadata.seed)",
                "optimizer:    \(metadata.optimizer.kind.rawValue), batch \(metadata.batchSize), loss \(metadata.loss.rawValue)"
                    + (metadata.optimizer.weightDecay > 0 ? ", weight decay \(metadata.optimizer.weightDecay)" : "")
                    + (model.optimizer.map { ", state saved at step \($0.step)" } ?? ""),
                "learning:     rate \(metadata.learningRate), ×\(metadata.learningRateDecay) per epoch",
            ]
            if let validation = metadata.validationAccuracy {
                lines.append(String(format: "validation:   %.2f%% accuracy on %d held-out images (epoch %d kept)",
                                    validation * 100, metadata.validationImages, metadata.bestEpoch))
            }
            if let accuracy = metadata.testAccuracy {
                lines.append(String(format: "test:         %.2f%% accuracy on %d images", accuracy * 100, metadata.testImages))
            } else {
                lines.append("test:         not measured")
            }
            lines.append("checksum:     CRC-32 " + String(format: "%08X", crc) + " ok")
            print(lines.joined(separator: "\n"))
        }
    }
}
