/// Runs a network of any architecture for the views inside it: the classic network as the general
/// layers that compute the same function, every layer on its own so that each output is kept, and
/// the backward pass for the saliency map.
public final class NetworkInspector {
    public let architecture: Architecture
    private let network: BatchNetwork
    private let state: NetworkState
    private let shapes: [Shape]
    /// How the network's last output, "not a digit", is answered (`ModelMetadata.notADigitRule`).
    private let rule: NotADigitRule?

    public init(_ state: NetworkState, rule: NotADigitRule? = nil) throws(ArchitectureError) {
        self.rule = rule
        let general = state.generalEquivalent
        architecture = state.architecture
        self.state = general
        shapes = [general.architecture.input] + (try general.architecture.outputShapes())
        network = try BatchNetwork(general.architecture, seed: 0, capacity: 1, threads: 1, drawsWeights: false, fusesSteps: false)
        network.load(general.tensors)
    }

    /// Everything the views show for one image of bytes (0 background … 255 ink).
    public func inspect(pixels: [UInt8]) -> NetworkInspection {
        pixels.withUnsafeBufferPointer { network.setInput(slot: 0, pixels: $0) }
        let probabilities = Array(network.infer(count: 1))
        let predicted = probabilities.withUnsafeBufferPointer { NotADigitRule.answer($0, by: rule) }
        let input = FeatureMap.channel(0, of: network.activation(0), shape: shapes[0])
        let layers = state.architecture.layers.indices.map { index in
            let shape = shapes[index + 1], values = network.activation(index + 1)
            let isImage = shape.height * shape.width > 1
            return NetworkInspection.Layer(
                token: state.architecture.layers[index].token, shape: shape,
                maps: isImage ? (0..<shape.channels).map { FeatureMap.channel($0, of: values, shape: shape) } : [],
                values: isImage ? [] : Array(values)
            )
        }
        return NetworkInspection(input: input, layers: layers, filters: filters(), probabilities: probabilities,
                                 predicted: predicted, saliency: saliencyOfLastPass(predicted: predicted), answersNotADigit: rule != nil)
    }

    /// The input the network sees and |∂ logit of the predicted class / ∂ pixel|, per pixel.
    public func saliency(pixels: [UInt8]) -> (predicted: Int, values: [Float]) {
        pixels.withUnsafeBufferPointer { network.setInput(slot: 0, pixels: $0) }
        let predicted = NotADigitRule.answer(network.infer(count: 1), by: rule)
        return (predicted, saliencyOfLastPass(predicted: predicted))
    }

    private func saliencyOfLastPass(predicted: Int) -> [Float] {
        // The network reads byte ÷ range + offset, so d/d(byte) is d/d(value) ÷ range.
        let range = state.architecture.inputScaling.range
        return network.inputGradient(ofClass: predicted).map { abs($0) / range }
    }

    /// The first layer's output maps for one image, when the first layer is a convolution.
    public func firstLayerMaps(pixels: [UInt8]) -> [FeatureMap] {
        pixels.withUnsafeBufferPointer { network.setInput(slot: 0, pixels: $0) }
        _ = network.infer(count: 1)
        let shape = shapes[1]
        guard shape.height * shape.width > 1 else { return [] }
        return (0..<shape.channels).map { FeatureMap.channel($0, of: network.activation(1), shape: shape) }
    }

    /// Every convolution's filters, from the weights `[ky][kx][channel][filter]`.
    public func filters() -> [NetworkInspection.Filters] {
        var result: [NetworkInspection.Filters] = []
        var tensorIndex = 0
        for (index, layer) in state.architecture.layers.enumerated() {
            let input = shapes[index]
            defer { tensorIndex += layer.tensors(for: input).count }
            guard let convolution = layer as? Convolution else { continue }
            let weights = state.tensors[tensorIndex], kernel = convolution.kernel, channels = input.channels, count = convolution.filters
            let maps = (0..<count).map { filter in
                FeatureMap(height: kernel, width: kernel, values: (0..<kernel * kernel).map { tap in
                    (0..<channels).reduce(Float(0)) { $0 + weights[(tap * channels + $1) * count + filter] } / Float(channels)
                }, index: filter)
            }
            result.append(NetworkInspection.Filters(layer: index, token: architecture.isClassic ? "conv3:\(count)" : layer.token,
                                                    channels: channels, maps: maps))
        }
        return result
    }
}
