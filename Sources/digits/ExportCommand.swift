import ArgumentParser
import DigitsKit

extension Digits {
    struct ExportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a model without its optimizer state, or as an ONNX graph for other runtimes.",
            discussion: """
                --output writes a digits model file without the optimizer state: a third of the size for Adam, the same \
                predictions, but it cannot be resumed exactly.

                --onnx writes an ONNX graph (opset 13, IR version 7) that ONNX Runtime, PyTorch and others read. It takes \
                float pixels as they come, 0 (background) to 255 (ink), shape [N, 1, 28, 28] under the name "pixels"; the \
                model's own scaling is part of the graph. Its outputs are "logits" and "probabilities", [N, 10] each ([N, 11] with "not a digit"). \
                docs/onnx.md lists how each layer maps to ONNX.

                --reject-above sets how a model trained with --non-digits answers: "not a digit" only when that \
                output's probability is above P (and above every digit's), else the likeliest digit. 0, the \
                default of a trained model, answers the likeliest output; a higher P rejects fewer real digits \
                and fewer pictures that are not digits (measure with digits eval and eval --non-digits).
                """
        )

        @Argument(help: ArgumentHelp("The model: strong or classic for a built-in one, or a model file's path.", valueName: "name|path"))
        var path: String

        @Option(parsing: .unconditional, help: ArgumentHelp("Write a digits model without its optimizer state here; - writes it to standard output.", valueName: "path"))
        var output: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("Write the model as an ONNX graph here; - writes it to standard output.", valueName: "path"))
        var onnx: String?

        @Option(help: ArgumentHelp("With a model that answers \"not a digit\": answer it only above this probability (0 to below 1).", valueName: "p"))
        var rejectAbove: Float?

        func validate() throws {
            if let rejectAbove, !NotADigitRule.thresholds.contains(rejectAbove) {
                throw ValidationError("--reject-above \(rejectAbove) is not a probability from 0 to below 1")
            }
            guard (output == nil) != (onnx == nil) else { throw ValidationError("give one of --output (a digits model) or --onnx (an ONNX graph)") }
            guard (output ?? onnx) != "-" || isatty(STDOUT_FILENO) == 0 else {
                throw ValidationError("- would write a binary model to the terminal; redirect standard output to a file")
            }
        }

        mutating func run() throws {
            var (model, _) = try ModelOptions.resolve(path)
            model.optimizer = nil
            if let rejectAbove {
                guard model.metadata.answersNotADigit else {
                    throw ValidationError("--reject-above: \(path.terminalSafe) answers only digits (it was not trained with --non-digits)")
                }
                model.metadata.notADigitThreshold = rejectAbove
            }
            let (target, bytes, what) = if let onnx {
                (onnx, try ONNXExport.encode(model.state, nonDigitPictures: model.metadata.nonDigitPictures,
                                             notADigitThreshold: model.metadata.notADigitThreshold, producerVersion: Digits.version),
                 "as ONNX (opset \(ONNXExport.operatorSet))")
            } else {
                (output ?? "-", ModelFile.encode(model), "without the optimizer state")
            }
            if target == "-" {
                try StandardOutput.write(bytes)
                return
            }
            switch try ModelSaver.save(bytes: bytes, to: target) {
            case .file: print("wrote \(target.terminalSafe) \(what)")
            case .discard: print("wrote nothing: \(target.terminalSafe) is the null device")
            }
        }
    }
}
