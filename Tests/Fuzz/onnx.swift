// libFuzzer target: the ONNX importer (protobuf reader, schema subset, chain reader); a graph that
// imports is built and run, and exported again must import to the same network.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzONNX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let imported = try? ONNXImport.decode(bytes, path: "fuzz", convention: nil) else { return 0 }
    let state = imported.state
    // Run, not checked for NaN: finite weights as large as 1e38 overflow, as they would in any runtime.
    if let network = try? Network(state, batchCapacity: 1, threads: 1) {
        _ = network.probabilities(pixels: [UInt8](repeating: 128, count: network.inputCount))
    }
    if let exported = try? ONNXExport.encode(state, nonDigitPictures: imported.nonDigitPictures, producerVersion: "fuzz") {
        let again = try? ONNXImport.decode(exported, path: "again", convention: .pixels)
        precondition(again?.state.architecture.layers.map(\.token) == state.architecture.layers.map(\.token), "an imported graph does not round-trip")
    }
    return 0
}
