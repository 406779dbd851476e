/// What values an imported graph expects for a pixel byte (0 background … 255 ink): the scaling
/// the model was trained with, which `import` records in the model file.
public enum InputConvention: Hashable, Sendable {
    /// digits's own, x/255 − 0.5: the default for graphs made elsewhere.
    case digits
    /// The bytes as they are, 0 … 255: what graphs written by `digits export` take.
    case pixels
    /// (x/255 − mean) / deviation: PyTorch's MNIST examples use 0.1307 and 0.3081, `unit` is 0 and 1.
    case normalized(mean: Float, deviation: Float)

    /// `digits`, `pixels`, `unit`, `pytorch` or `MEAN:DEVIATION`.
    public init?(argument: String) {
        switch argument {
        case "digits": self = .digits
        case "pixels": self = .pixels
        case "unit": self = .normalized(mean: 0, deviation: 1)
        case "pytorch": self = .normalized(mean: 0.1307, deviation: 0.3081)
        default:
            let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map { Float($0) }
            guard parts.count == 2, let mean = parts[0], let deviation = parts[1], mean.isFinite, deviation.isFinite, deviation > 0 else {
                return nil
            }
            self = .normalized(mean: mean, deviation: deviation)
        }
    }

    public static let syntax = "digits, pixels, unit, pytorch or MEAN:DEVIATION"

    /// As byte ÷ range + offset.
    var scaling: InputScaling {
        switch self {
        case .digits: .mnist
        case .pixels: InputScaling(range: 1, offset: 0)
        case let .normalized(mean, deviation): InputScaling(range: 255 * deviation, offset: -mean / deviation)
        }
    }
}
