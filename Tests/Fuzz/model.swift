// libFuzzer target: the model-file reader, on the input as given and with its CRC recomputed so
// that the checks behind the checksum are reached; a model that loads is built and run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for candidate in [bytes, FuzzSupport.sealed(bytes)] {
        guard let model = try? ModelFile.decode(candidate, path: "fuzz") else { continue }
        // Bytes, not values: a NaN training setting reads back as itself but never equals itself.
        let encoded = ModelFile.encode(model)
        precondition((try? ModelFile.decode(encoded, path: "again")).map(ModelFile.encode) == encoded, "a model does not round-trip")
        _ = try? model.checkResumable(path: "fuzz")
        FuzzSupport.exercise(model)
    }
    return 0
}
