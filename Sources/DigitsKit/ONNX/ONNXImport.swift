/// Reads an ONNX graph, made by PyTorch, Keras, the ONNX helper API or `digits export`, into a
/// digits network that every command runs.
public enum ONNXImport {
    /// A network read from ONNX, and whether its last output is "not a digit".
    public struct Imported: Equatable, Sendable {
        public var state: NetworkState
        /// The non-digit pictures a `digits export` graph says its model was trained on; 0 for a
        /// network of ten digits.
        public var nonDigitPictures: Int
        /// The probability above which such a model answers "not a digit" (`NotADigitRule`); 0 for the likeliest output.
        public var notADigitThreshold: Float
    }

    /// The operator sets whose definitions of the operators read here are known.
    static let operatorSets: ClosedRange<Int64> = 7...23

    /// The network in the ONNX file at `path`, with the values of tensors kept in other files
    /// beside it (as PyTorch's exporter writes `MODEL.onnx.data`).
    /// - Parameter convention: What the graph's input expects for a pixel; nil for digits's own
    ///   (x/255 − 0.5), or raw pixels for a graph that `digits export` wrote.
    public static func load(from path: String, convention: InputConvention?) throws(ONNXError) -> Imported {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path, as: .model) } catch { throw ONNXError(path: path, reason: error.reason) }
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        return try decode(bytes, path: path, convention: convention) { (location) throws(FileBytes.Failure) in
            try FileBytes.read(folder + "/" + location, as: .model)
        }
    }

    /// The network an ONNX file's bytes describe.
    /// - Parameter dataFile: Reads a file of tensor values the graph names; without it, such
    ///   tensors are refused.
    public static func decode(
        _ bytes: [UInt8], path: String, convention: InputConvention?,
        dataFile: ((String) throws(FileBytes.Failure) -> [UInt8])? = nil
    ) throws(ONNXError) -> Imported {
        do {
            var model = try ONNXModel(decoding: bytes[...])
            if var graph = model.graph {
                try loadExternalData(&graph, read: dataFile)
                model.graph = graph
            }
            return try read(model, convention: convention)
        } catch {
            throw ONNXError(path: path, reason: error.reason)
        }
    }

    /// Fills in the initializers whose values are in other files, each file read once; all of them
    /// together may hold no more than a model file.
    private static func loadExternalData(
        _ graph: inout ONNXGraph, read: ((String) throws(FileBytes.Failure) -> [UInt8])?
    ) throws(ONNXProblem) {
        var files: [String: [UInt8]] = [:], total = 0
        for index in graph.initializers.indices {
            guard let external = graph.initializers[index].external else { continue }
            let name = graph.initializers[index].name
            guard let read else { throw ONNXProblem("tensor '\(name)' keeps its data in another file, \(external.location), which is not read here") }
            if files[external.location] == nil {
                let bytes: [UInt8]
                do { bytes = try read(external.location) } catch { throw ONNXProblem("its data file \(external.location): \(error.reason)") }
                total += bytes.count
                guard total <= ModelFile.maximumBytes else {
                    throw ONNXProblem("its data files hold more than \(Quantity.bytes(ModelFile.maximumBytes)), more than any model digits reads")
                }
                files[external.location] = bytes
            }
            let bytes = files[external.location] ?? []
            let length = external.length ?? (bytes.count - external.offset)
            guard external.offset <= bytes.count, length >= 0, length <= bytes.count - external.offset else {
                throw ONNXProblem("tensor '\(name)' runs past the end of its data file \(external.location)")
            }
            try graph.initializers[index].load(raw: bytes[external.offset..<external.offset + length])
            graph.initializers[index].external = nil
        }
    }

    static func read(_ model: ONNXModel, convention: InputConvention?) throws(ONNXProblem) -> Imported {
        guard let graph = model.graph, !graph.nodes.isEmpty else { throw ONNXProblem("no graph with nodes: not an ONNX model") }
        guard let operatorSet = model.standardOperatorSet else { throw ONNXProblem("the graph does not use ONNX's standard operators") }
        guard operatorSets.contains(operatorSet) else {
            throw ONNXProblem("operator set \(operatorSet); digits reads \(operatorSets.lowerBound) to \(operatorSets.upperBound)")
        }
        let exported = model.producerName == ONNXExport.producerName
        let scaling = (convention ?? (exported ? .pixels : .digits)).scaling
        var reader = try ONNXChainReader(graph: graph, operatorSet: operatorSet, scaling: scaling)
        let state = try reader.read()
        let nonDigitPictures = try exported ? nonDigitPictures(model.metadata) : 0
        let classes = nonDigitPictures > 0 ? DigitClassifier.Prediction.outputsWithNotADigit : 10
        guard state.architecture.classes == classes else {
            let expected = nonDigitPictures > 0 ? "11: ten digits and \"not a digit\", as its metadata says" : "10 digits"
            throw ONNXProblem("the graph gives \(state.architecture.classes ?? 0) classes; digits reads \(expected)")
        }
        let classic = exported && model.metadata.contains { $0.key == "digits.architecture" && $0.value.hasPrefix("classic") }
        // The classic network comes back as itself, to run in its own engine with the same results.
        let threshold = try nonDigitPictures > 0 ? notADigitThreshold(model.metadata) : 0
        return Imported(state: classic ? state.classicEquivalent ?? state : state, nonDigitPictures: nonDigitPictures, notADigitThreshold: threshold)
    }

    /// The count under `ONNXExport.nonDigitPicturesKey`, 0 when the key is absent.
    private static func nonDigitPictures(_ metadata: [(key: String, value: String)]) throws(ONNXProblem) -> Int {
        guard let text = metadata.last(where: { $0.key == ONNXExport.nonDigitPicturesKey })?.value else { return 0 }
        guard let count = Int(text), count > 0, count <= LabelledImages.maximumCount else {
            throw ONNXProblem("its \(ONNXExport.nonDigitPicturesKey) is '\(text.prefix(40))', not a count of pictures")
        }
        return count
    }

    /// The threshold under `ONNXExport.notADigitThresholdKey`, 0 when the key is absent.
    private static func notADigitThreshold(_ metadata: [(key: String, value: String)]) throws(ONNXProblem) -> Float {
        guard let text = metadata.last(where: { $0.key == ONNXExport.notADigitThresholdKey })?.value else { return 0 }
        guard let threshold = Float(text), NotADigitRule.thresholds.contains(threshold) else {
            throw ONNXProblem("its \(ONNXExport.notADigitThresholdKey) is '\(text.prefix(40))', not a probability below 1")
        }
        return threshold
    }
}
