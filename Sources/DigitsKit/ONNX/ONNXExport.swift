/// Writes any digits model as an ONNX graph that takes raw pixels: opset 13, IR version 7.
///
/// Opset 13 is the first in which every operator used here has its present definition (Softmax
/// over one axis, Dropout's ratio as an input); ONNX Runtime has read it since 1.6, and PyTorch,
/// TensorRT and OpenVINO read it too.
public enum ONNXExport {
    public static let operatorSet: Int64 = 13
    public static let irVersion: Int64 = 7
    /// The graph's input, gray pixels as floats 0 (background) … 255 (ink), [N, 1, 28, 28].
    public static let inputName = "pixels"
    /// Its outputs: the last layer's outputs, then their softmax, both [N, classes].
    public static let logitsName = "logits", probabilitiesName = "probabilities"
    /// What an ONNX file written by digits says of itself, so that `import` reads it back as it was.
    static let producerName = "digits"

    /// The metadata key that marks the last output as "not a digit", with the count of non-digit
    /// pictures the model was trained on.
    static let nonDigitPicturesKey = "digits.non_digit_pictures"
    /// The metadata key of the probability above which "not a digit" is the answer (`NotADigitRule`), when not 0.
    static let notADigitThresholdKey = "digits.not_a_digit_threshold"

    /// The ONNX file for `state`.
    /// - Parameters:
    ///   - nonDigitPictures: The model file's count of non-digit training pictures; when more than
    ///     0, the graph's last output is the probability that a picture is not a digit.
    ///   - notADigitThreshold: How such a model answers "not a digit" (`ModelMetadata.notADigitThreshold`).
    public static func encode(
        _ state: NetworkState, nonDigitPictures: Int = 0, notADigitThreshold: Float = 0, producerVersion: String
    ) throws(ArchitectureError) -> [UInt8] {
        let architecture = state.architecture
        let shapes = try architecture.outputShapes()
        let input = architecture.input, scaling = architecture.inputScaling
        var builder = ONNXGraphBuilder(input: inputName, shape: input)
        // The model's own scaling, byte ÷ range + offset, as the engines compute it.
        builder.append(ONNXNode(inputs: [inputName, builder.constant("input.range", scaling.range)], outputs: ["input.divided"],
                                name: "input.divide", operation: "Div"))
        builder.append(ONNXNode(inputs: ["input.divided", builder.constant("input.offset", scaling.offset)], outputs: ["input.scaled"],
                                name: "input.offset", operation: "Add"))
        var remaining = state.tensors[...]
        for (index, (layer, layerInput)) in zip(architecture.layers, [input] + shapes).enumerated() {
            let count = layer.tensors(for: layerInput).count
            builder.startLayer(index)
            layer.exportONNX(Array(remaining.prefix(count)), to: &builder)
            remaining = remaining.dropFirst(count)
        }
        builder.nameCurrent(logitsName)
        builder.append(ONNXNode(inputs: [logitsName], outputs: [probabilitiesName], name: "softmax", operation: "Softmax",
                                attributes: [ONNXAttribute(name: "axis", value: .integer(1))]))
        var graph = builder.graph
        let classes = Int64(shapes[shapes.count - 1].count)
        graph.name = architecture.spec
        graph.inputs = [ONNXValueInfo(name: inputName, elementType: ONNXTensor.float,
                                      dimensions: [nil, Int64(input.channels), Int64(input.height), Int64(input.width)])]
        graph.outputs = [logitsName, probabilitiesName].map { ONNXValueInfo(name: $0, elementType: ONNXTensor.float, dimensions: [nil, classes]) }
        var metadata = [
            ("digits.architecture", architecture.spec),
            ("digits.input", "gray pixels as floats, 0 (background) to 255 (ink); the graph divides by \(scaling.range) and adds \(scaling.offset)"),
        ]
        if nonDigitPictures > 0 { metadata.append((nonDigitPicturesKey, String(nonDigitPictures))) }
        if nonDigitPictures > 0, notADigitThreshold > 0 { metadata.append((notADigitThresholdKey, "\(notADigitThreshold)")) }
        let model = ONNXModel(
            irVersion: irVersion, operatorSets: [("", operatorSet)], producerName: producerName, producerVersion: producerVersion,
            graph: graph, metadata: metadata
        )
        return model.encoded()
    }
}
