/// `dense:<units>`: fully connected with bias. The last one gives the classes' logits, which feed
/// the softmax.
public struct Dense: LayerKind, GeneralLayerKind, ClassifierLayerKind {
    public let units: Int

    public init(units: Int) { self.units = units }

    var classes: Int { units }

    public static let code: UInt8 = 15
    public static let firstVersion = 2
    static let name = "dense"
    static let syntax = "dense:<units>"
    static let examples = "dense:128"

    static func parse(_ token: LayerToken) -> Dense? {
        guard token.head == name, token.options.count == 1, let units = Int(token.options[0]), units > 0 else { return nil }
        return Dense(units: units)
    }

    public init?(arguments: [UInt32]) { self.init(units: Int(arguments[0])) }
    public var arguments: [UInt32] { [UInt32(truncatingIfNeeded: units)] }
    public var token: String { "dense:\(units)" }

    public func outputShape(for input: Shape) -> Result<Shape, LayerMisfit> {
        guard (1...LayerLimits.units).contains(units) else { return .failure("1 to \(LayerLimits.units) units") }
        return .success(Shape(height: 1, width: 1, channels: units))
    }

    public func tensors(for input: Shape) -> [LayerTensor] {
        [.weights(input.count * units, fanIn: input.count, fanOut: units), .biases(units)]
    }

    public func multiplyAdds(input: Shape, output: Shape) -> Int { input.count * output.count }
    public func workspaceFloats(input: Shape, output: Shape) -> Int { 0 }
    var initialization: InitializationHint { .other }

    /// Gemm (after a Flatten when the input is an image); digits's weights are `[input][unit]`.
    public func exportONNX(_ tensors: [[Float]], to graph: inout ONNXGraphBuilder) {
        let (weights, units) = (tensors[0], units)
        graph.dense(units: units, biases: tensors[1]) { input, unit in weights[input * units + unit] }
    }

    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer { DenseLayer(input: context.input, units: units, workers: context.workers) }
}

/// A fully connected layer with bias: the batch's inputs (flattened) times a weight matrix.
///
/// Weights are `[input][unit]`, so the forward pass is one (batch × inputs)·(inputs × units) product.
/// Each product is cut into blocks of rows fixed by the shapes alone, each block one single-threaded
/// SGEMM on one of our threads: the same calls on any thread count, so the same bits, and no
/// OpenBLAS thread pool spinning against ours.
final class DenseLayer: BatchLayer {
    let inputShape: Shape
    let outputShape: Shape
    let weights: FloatBuffer, biases: FloatBuffer
    let weightGradient: FloatBuffer, biasGradient: FloatBuffer

    var tensors: [FloatBuffer] { [weights, biases] }
    var gradients: [FloatBuffer] { [weightGradient, biasGradient] }

    private let workers: Workers

    /// Samples per block of the forward and input-gradient products, and inputs per block of the
    /// weight gradient's: enough rows to keep SGEMM efficient, few enough to give both cores work.
    static let sampleRows = 32, inputRows = 256

    init(input: Shape, units: Int, workers: Workers) {
        inputShape = input
        self.workers = workers
        outputShape = Shape(height: 1, width: 1, channels: units)
        weights = FloatBuffer(count: input.count * units)
        biases = FloatBuffer(count: units)
        weightGradient = FloatBuffer(count: input.count * units)
        biasGradient = FloatBuffer(count: units)
    }

    /// Calls `body` with each block of `rows` rows, `size` at most, the blocks shared among threads.
    private func forEachBlock(of rows: Int, size: Int, _ body: (Range<Int>) -> Void) {
        workers.forEachRange((rows + size - 1) / size) { blocks in
            for block in blocks { body(block * size..<min((block + 1) * size, rows)) }
        }
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int, mode: BatchMode) {
        let units = outputShape.channels, inputs = inputShape.count
        forEachBlock(of: count, size: Self.sampleRows) { rows in
            let out = output + rows.lowerBound * units
            fillRows(out, rows: rows.count, columns: units, with: biases.pointer)
            matrixProduct(m: rows.count, n: units, k: inputs, input + rows.lowerBound * inputs, weights.pointer, into: out, accumulate: true)
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, count: Int
    ) {
        let units = outputShape.channels, inputs = inputShape.count
        forEachBlock(of: inputs, size: Self.inputRows) { rows in
            matrixProduct(m: rows.count, n: units, k: count, input + rows.lowerBound, transposeA: true, leadingA: inputs,
                          outputGradient, into: weightGradient.pointer + rows.lowerBound * units)
        }
        sumRows(outputGradient, rows: count, columns: units, into: biasGradient.pointer)
        guard let inputGradient else { return }
        forEachBlock(of: count, size: Self.sampleRows) { rows in
            matrixProduct(m: rows.count, n: inputs, k: units, outputGradient + rows.lowerBound * units, weights.pointer, transposeB: true,
                          into: inputGradient + rows.lowerBound * inputs)
        }
    }
}
