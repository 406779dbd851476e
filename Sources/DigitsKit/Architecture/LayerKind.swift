/// The kinds of layer the network and the model file know, each describing itself: its token in
/// the `--arch` syntax, the shape it produces, and the tensors it owns.
///
/// The first three are the classic network's per-sample layers; the rest are the general toolkit,
/// run over mini-batches. An architecture uses one family or the other (see `Architecture`).
public enum LayerKind: Hashable, Sendable {
    /// 3×3 valid convolution of a one-channel image, no bias (classic).
    case conv3x3(filters: Int)
    /// 2×2 max pooling with stride 2, on channels in groups of 8 (classic).
    case maxPool2
    /// Fully connected layer with bias, then softmax (classic).
    case denseSoftmax(classes: Int)

    /// Square convolution with bias over every input channel, zero padding on each side.
    case convolution(kernel: Int, filters: Int, stride: Int, padding: Int)
    case maxPool(window: Int, stride: Int)
    case averagePool(window: Int, stride: Int)
    case relu
    /// Reshapes to one row of values; implicit before a dense layer, so only for clarity in a spec.
    case flatten
    /// Fully connected with bias. The last one gives the classes' logits, which feed the softmax.
    case dense(units: Int)
    /// Inverted dropout: zeroes each value with probability `rate` in training and scales the rest.
    case dropout(rate: Float)
    /// Normalizes each channel (each unit after a dense layer) over the batch, then scales and shifts.
    case batchNorm

    /// The layer in `--arch` syntax.
    public var token: String {
        switch self {
        case let .conv3x3(filters): "conv3:\(filters)"
        case .maxPool2: "maxpool2"
        case let .denseSoftmax(classes): "dense:\(classes)"
        case let .convolution(kernel, filters, stride, padding):
            "conv\(kernel):\(filters)" + (stride == 1 ? "" : ":s\(stride)") + (padding == 0 ? "" : ":p\(padding)")
        case let .maxPool(window, stride): "maxpool\(window)" + (stride == window ? "" : ":s\(stride)")
        case let .averagePool(window, stride): "avgpool\(window)" + (stride == window ? "" : ":s\(stride)")
        case .relu: "relu"
        case .flatten: "flatten"
        case let .dense(units): "dense:\(units)"
        case let .dropout(rate): "dropout:\(rate)"
        case .batchNorm: "batchnorm"
        }
    }

    /// Whether this is one of the classic network's per-sample layers.
    public var isClassic: Bool {
        switch self {
        case .conv3x3, .maxPool2, .denseSoftmax: true
        default: false
        }
    }

    /// Whether the layer has weights that feed a following ReLU better with He initialization.
    var isWeighted: Bool {
        switch self {
        case .convolution, .dense: true
        default: false
        }
    }

    /// The shape this layer produces from `input`, or what it needs instead.
    func outputShape(for input: Shape) -> Result<Shape, Misfit> {
        switch self {
        case let .conv3x3(filters):
            guard input.channels == 1, input.height >= 3, input.width >= 3 else {
                return .failure("a one-channel image of at least 3×3")
            }
            guard filters > 0, filters <= 512, filters % 8 == 0 else { return .failure("a filter count that is a multiple of 8, up to 512") }
            return .success(Shape(height: input.height - 2, width: input.width - 2, channels: filters))
        case .maxPool2:
            guard input.channels % 8 == 0, input.height >= 2, input.width >= 2 else {
                return .failure("at least 2×2 values in channels of groups of 8")
            }
            return .success(Shape(height: input.height / 2, width: input.width / 2, channels: input.channels))
        case let .denseSoftmax(classes):
            guard input.count % 8 == 0, (2...1000).contains(classes) else { return .failure("inputs in groups of 8 and 2 to 1000 classes") }
            return .success(Shape(height: 1, width: 1, channels: classes))
        case let .convolution(kernel, filters, stride, padding):
            guard (1...Limits.kernel).contains(kernel) else { return .failure("a kernel of 1 to \(Limits.kernel)") }
            guard (1...Limits.filters).contains(filters) else { return .failure("1 to \(Limits.filters) filters") }
            guard (1...Limits.stride).contains(stride) else { return .failure("a stride of 1 to \(Limits.stride)") }
            guard (0..<kernel).contains(padding) else { return .failure("a padding of 0 to \(kernel - 1) (less than the kernel)") }
            let paddedHeight = input.height + 2 * padding, paddedWidth = input.width + 2 * padding
            guard paddedHeight >= kernel, paddedWidth >= kernel else {
                return .failure("an input of at least \(kernel)×\(kernel) with its padding")
            }
            return .success(Shape(
                height: (paddedHeight - kernel) / stride + 1, width: (paddedWidth - kernel) / stride + 1, channels: filters
            ))
        case let .maxPool(window, stride), let .averagePool(window, stride):
            guard (1...Limits.kernel).contains(window), (1...Limits.stride).contains(stride) else {
                return .failure("a window of 1 to \(Limits.kernel) and a stride of 1 to \(Limits.stride)")
            }
            guard input.height >= window, input.width >= window else { return .failure("an input of at least \(window)×\(window)") }
            return .success(Shape(
                height: (input.height - window) / stride + 1, width: (input.width - window) / stride + 1, channels: input.channels
            ))
        case .relu, .batchNorm:
            return .success(input)
        case let .dropout(rate):
            guard rate >= 0, rate < 1 else { return .failure("a rate from 0 up to (not including) 1") }
            return .success(input)
        case .flatten:
            return .success(Shape(height: 1, width: 1, channels: input.count))
        case let .dense(units):
            guard (1...Limits.units).contains(units) else { return .failure("1 to \(Limits.units) units") }
            return .success(Shape(height: 1, width: 1, channels: units))
        }
    }

    /// The sizes of the tensors the layer owns for `input`, in model-file order; the first
    /// `learnableTensors` of them are trained, the rest are statistics (batch norm's running mean
    /// and variance).
    func tensorCounts(for input: Shape) -> [Int] {
        switch self {
        case let .conv3x3(filters): [9 * filters]
        case let .denseSoftmax(classes): [classes * input.count, classes]
        case let .convolution(kernel, filters, _, _): [kernel * kernel * input.channels * filters, filters]
        case let .dense(units): [input.count * units, units]
        case .batchNorm: Array(repeating: input.channels, count: 4)
        case .maxPool2, .maxPool, .averagePool, .relu, .flatten, .dropout: []
        }
    }

    var learnableTensors: Int {
        switch self {
        case .batchNorm: 2
        default: tensorCounts(for: Shape(height: 1, width: 1, channels: 1)).count
        }
    }

    /// What a layer needs that its input does not give.
    struct Misfit: Error, ExpressibleByStringInterpolation, Sendable {
        let need: String
        init(stringLiteral need: String) { self.need = need }
    }

    /// Bounds that keep a spec or a model file from asking for absurd memory or time.
    enum Limits {
        static let kernel = 11
        static let stride = 8
        static let filters = 1024
        static let units = 65_536
    }
}
