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
            let network = try Network(model.state)
            let metadata = model.metadata
            let created = Date(timeIntervalSince1970: TimeInterval(metadata.created))
            var lines = [
                "model:        \(path ?? BuiltInModel.name) (format version \(ModelFile.currentVersion))",
                "architecture: \(model.state.architecture)",
                "parameters:   \(network.parameterCount) in \(model.state.tensors.count) tensors",
                "created:      \(ISO8601DateFormatter().string(from: created))",
                "trained:      \(metadata.epochs) epochs, \(metadata.trainingSamples) samples, seed \(metadata.seed)",
                "learning:     rate \(metadata.learningRate), ×\(metadata.learningRateDecay) per epoch",
            ]
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
