// libFuzzer target: the PNG reader (libpng's simplified API and our bounds), then MNIST-style
// preprocessing of what it reads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let image = try? PNGReader.read(bytes: bytes, path: "fuzz") else { return 0 }
    precondition(image.brightness.allSatisfy { $0 >= 0 && $0 <= 1 })
    if let prepared = try? DigitPreprocessor().prepare(image) {
        precondition(prepared.count == 28 * 28)
    }
    return 0
}
