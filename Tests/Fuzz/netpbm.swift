// libFuzzer target: the Netpbm reader, then MNIST-style preprocessing of what it reads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNetpbm(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let result = try? NetpbmReader.read(bytes: bytes, path: "fuzz") else { return 0 }
    if let prepared = try? DigitPreprocessor().prepare(result.image) {
        precondition(prepared.count == 28 * 28)
    }
    return 0
}
