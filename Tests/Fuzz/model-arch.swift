// libFuzzer target: a consistent model file written around an architecture the input chooses,
// then read back, run forward and trained one step.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelArchitecture(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))[...]
    func next(_ range: ClosedRange<Int>) -> Int {
        let byte = bytes.popFirst() ?? 0
        return range.lowerBound + Int(byte) % (range.count)
    }
    let input = Shape(height: next(1...16), width: next(1...16), channels: next(1...3))
    var layers: [any LayerKind] = []
    for _ in 0..<next(0...6) {
        switch next(0...7) {
        case 0: layers.append(Convolution(kernel: next(1...5), filters: next(1...8), stride: next(1...3), padding: next(0...2)))
        case 1: layers.append(MaxPool(window: next(1...3), stride: next(1...3)))
        case 2: layers.append(AveragePool(window: next(1...3), stride: next(1...3)))
        case 3: layers.append(ReLU())
        case 4: layers.append(Dense(units: next(1...16)))
        case 5: layers.append(Dropout(rate: Float(next(0...9)) / 10))
        case 6: layers.append(BatchNorm())
        default: layers.append(Flatten())
        }
    }
    layers.append(Dense(units: next(2...10)))
    let architecture = Architecture(input: input, layers: layers)
    guard let network = try? Network(architecture, seed: UInt64(next(0...255)), batchCapacity: 2, threads: 1) else { return 0 }
    let engine = network.engine
    var metadata = ModelMetadata(created: 0, seed: 0, epochs: 1, trainingSamples: 2, learningRate: 0.01,
                                 learningRateDecay: 1, testAccuracy: nil, testImages: 0)
    metadata.optimizer = OptimizerSettings(kind: [.sgd, .momentum, .rmsprop, .adam][next(0...3)])
    engine.startTraining(TrainingSettings(batchSize: 2, optimizer: metadata.optimizer), state: nil)
    let pixels = (0..<2 * network.inputCount).map { _ in UInt8(next(0...255)) }
    let images = LabelledImages(rows: 1, columns: network.inputCount, pixels: pixels,
                                labels: [UInt8(next(0...1)), UInt8(next(0...1))])
    images.withImages { images in
        for slot in 0..<2 { engine.setInput(slot: slot, pixels: images[slot]) }
    }
    for slot in 0..<2 { engine.setLabel(slot: slot, label: Int(images.labels[slot])) }
    let result = engine.train(count: 2, learningRate: 0.01)
    precondition(!result.loss.isNaN || network.state.tensors.joined().contains { !$0.isFinite }, "NaN loss from finite weights")
    let model = Model(state: network.state, metadata: metadata, optimizer: engine.optimizerState)
    guard model.state.tensors.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return 0 }
    let decoded = try? ModelFile.decode(ModelFile.encode(model), path: "fuzz")
    precondition(decoded == model, "a consistent model does not round-trip")
    FuzzSupport.exercise(model)
    return 0
}
