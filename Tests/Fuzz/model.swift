// libFuzzer target: the model-file reader, on the input as given and with its CRC recomputed so
// that the checks behind the checksum are reached; a model that loads is built and run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for candidate in [bytes, FuzzSupport.sealed(bytes)] {
        guard let model = try? ModelFile.decode(candidate, path: "fuzz") else { continue }
        precondition((try? ModelFile.decode(ModelFile.encode(model), path: "again")) == model, "a model does not round-trip")
        FuzzSupport.exercise(model)
    }
    return 0
}
