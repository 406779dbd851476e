/// The classic network and the general layers that compute the same function: conv3:F with zero
/// biases, maxpool2, dense:C. The general form runs where only the general engine goes (the views
/// inside a network); the classic form takes back a network that is one.
extension NetworkState {
    /// The same network in general layers, for a classic one; itself otherwise.
    public var generalEquivalent: NetworkState {
        let layers = architecture.layers
        guard architecture.isClassic, let convolution = layers.first as? ClassicConvolution, let classes = architecture.classes else {
            return self
        }
        let general = Architecture(input: architecture.input, inputScaling: architecture.inputScaling, layers: [
            Convolution(kernel: 3, filters: convolution.filters), MaxPool(window: 2), Dense(units: classes),
        ])
        // One channel: the classic [tap][filter] is the general [ky][kx][channel][filter]; the
        // dense weights go from class-major to input-major.
        let weights = tensors[1], inputs = weights.count / classes
        let inputMajor = (0..<inputs).flatMap { input in (0..<classes).map { weights[$0 * inputs + input] } }
        return NetworkState(architecture: general, tensors: [tensors[0], Array(repeating: 0, count: convolution.filters), inputMajor, tensors[2]])
    }

    /// The classic network, for general layers that are one (a 3×3 convolution without bias,
    /// filters in eights, 2×2 max pooling, a dense layer); nil otherwise.
    public var classicEquivalent: NetworkState? {
        let layers = architecture.layers
        guard layers.count == 3, let convolution = layers[0] as? Convolution, let pool = layers[1] as? MaxPool, let dense = layers[2] as? Dense,
              convolution.kernel == 3, convolution.stride == 1, convolution.padding == 0, pool.window == 2, pool.stride == 2,
              tensors[1].allSatisfy({ $0 == 0 })
        else { return nil }
        var architecture = Architecture.classic(filters: convolution.filters, classes: dense.units, input: architecture.input)
        architecture.inputScaling = self.architecture.inputScaling
        let weights = tensors[2], inputs = weights.count / dense.units
        let classMajor = (0..<dense.units).flatMap { unit in (0..<inputs).map { weights[$0 * dense.units + unit] } }
        let classic = NetworkState(architecture: architecture, tensors: [tensors[0], classMajor, tensors[3]])
        return (try? architecture.parameterCounts()) == classic.tensors.map(\.count) ? classic : nil
    }
}
