/// Why training stopped before its last epoch, other than a stop request.
public enum TrainingFailure: Error, Equatable, CustomStringConvertible {
    /// The loss or the weights stopped being finite numbers. `kept` says what the output file
    /// holds now: nothing written, or the model of an earlier epoch, never the diverged one.
    case diverged(epoch: Int, samples: Int, learningRate: Float, quantity: String, kept: String)
    /// The network cannot be built to evaluate a set (an architecture whose single sample does not fit).
    case cannotEvaluate(ArchitectureError)
    /// The trained model would make a file larger than any this program reads back.
    case modelTooLarge(bytes: Int)
    /// The classic network's fused engine does not do what the settings ask.
    case classicCannotTrain(with: [String])
    /// Non-digit pictures are labelled 10, so the network needs an output after the ten digits.
    case nonDigitsNeedEleventhOutput(classes: Int)
    /// The images' labels run from 0 to 9, so the network needs an output for each.
    case fewerOutputsThanDigits(classes: Int)

    public var description: String {
        switch self {
        case let .diverged(epoch, samples, learningRate, quantity, kept):
            "training diverged in epoch \(epoch) after \(samples) samples: \(quantity) is no longer a finite number "
                + "(learning rate \(learningRate); try a smaller --learning-rate)" + (kept.isEmpty ? "" : "; \(kept)")
        case let .cannotEvaluate(error):
            "cannot evaluate the network: \(error)"
        case let .modelTooLarge(bytes):
            "the model file of this network would be \(Quantity.bytes(bytes)) with its optimizer state, "
                + "over the \(Quantity.bytes(ModelFile.maximumBytes)) digits reads; choose a smaller network"
        case let .classicCannotTrain(settings):
            "the classic network trains one sample at a time with plain SGD; \(settings.joined(separator: ", ")) "
                + (settings.count == 1 ? "needs" : "need") + " general layers: give an --arch such as conv3:8,maxpool2,dense:10 (batch 64 unless told)"
        case let .nonDigitsNeedEleventhOutput(classes):
            "pictures that are not digits are learnt as an 11th output, and this network has \(classes); "
                + "end the --arch with dense:11 (or use classic:8:11)"
        case let .fewerOutputsThanDigits(classes):
            "the images are labelled with the ten digits, and this network has \(classes) outputs; end the --arch with dense:10"
        }
    }
}
