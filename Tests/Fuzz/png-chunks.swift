// libFuzzer target: PNG files whose chunk CRCs are recomputed after mutation, so that libpng
// reads past the checksums into each chunk's contents (text, palette, transparency, image data),
// as the model target reseals the model file's CRC.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNGChunks(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = FuzzSupport.resealedPNG(Array(UnsafeBufferPointer(start: data, count: size)))
    guard let image = try? PNGReader.read(bytes: bytes, path: "fuzz") else { return 0 }
    precondition(image.brightness.allSatisfy { $0 >= 0 && $0 <= 1 })
    if let prepared = try? DigitPreprocessor().prepare(image) {
        precondition(prepared.count == 28 * 28)
    }
    return 0
}
