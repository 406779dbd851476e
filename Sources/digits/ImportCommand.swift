import ArgumentParser
import DigitsKit
import Foundation

extension Digits {
    struct ImportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Turn an ONNX graph trained elsewhere into a digits model that every command uses.",
            discussion: """
                The graph must take one 28×28 gray image ([N, 1, 28, 28]) into 10 classes (11, the last "not a digit", \
                when digits exported it from a model that answers so) through a chain of Conv, \
                MaxPool, AveragePool, Relu, Flatten or Reshape, Gemm or MatMul + Add, BatchNormalization, Dropout and \
                Softmax, with its weights as initializers; what PyTorch's torch.onnx.export writes for such a network is \
                read, its flattening arithmetic included. Anything else is refused, naming the node.

                --input-convention says what the graph expects for a pixel byte x (0 background, 255 ink): digits \
                (x/255 − 0.5, the default), pixels (x as it is: the default for graphs digits exported), unit (x/255), \
                pytorch ((x/255 − 0.1307)/0.3081, as PyTorch's MNIST examples train), or MEAN:DEVIATION for \
                (x/255 − MEAN)/DEVIATION. Scalar Mul, Div, Add or Sub on the input before the first layer are folded in.
                """
        )

        @Argument(help: ArgumentHelp("The ONNX file to read.", valueName: "path"))
        var path: String

        @Option(parsing: .unconditional, help: ArgumentHelp("Where to write the digits model.", valueName: "path"))
        var output: String

        @Option(help: ArgumentHelp("What the graph expects for a pixel: \(InputConvention.syntax).", valueName: "convention"),
                transform: { argument in
                    guard let convention = InputConvention(argument: argument) else {
                        throw ValidationError("--input-convention '\(argument)': expected \(InputConvention.syntax)")
                    }
                    return convention
                })
        var inputConvention: InputConvention?

        mutating func run() throws {
            let imported = try ONNXImport.load(from: path, convention: inputConvention)
            let state = imported.state
            let network = try Network(state)
            var metadata = ModelMetadata(
                created: Int64(Date().timeIntervalSince1970), seed: 0, epochs: 0, trainingSamples: 0, learningRate: 0,
                learningRateDecay: 1, testAccuracy: nil, testImages: 0
            )
            metadata.nonDigitPictures = imported.nonDigitPictures
            metadata.notADigitThreshold = imported.notADigitThreshold
            let model = Model(state: network.state, metadata: metadata)
            switch try ModelSaver.save(model, to: output) {
            case .file:
                print("wrote \(output.terminalSafe): \(state.architecture.spec), \(network.parameterCount) parameters, "
                    + "input \(state.architecture.inputScaling)")
            case .discard: print("read \(path.terminalSafe): \(state.architecture.spec); wrote nothing: \(output.terminalSafe) is the null device")
            }
        }
    }
}
