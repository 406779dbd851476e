// libFuzzer target: the IDX reader on raw bytes and on the same bytes gzip-compressed, which must
// parse alike.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let raw = Result { () throws(IDXError) in try IDXFile(bytes: bytes, path: "raw") }
    guard !bytes.isEmpty, !Gzip.isCompressed(bytes) else { return 0 }
    let compressed = Result { () throws(IDXError) in try IDXFile(bytes: FuzzSupport.gzip(bytes), path: "raw") }
    switch (raw, compressed) {
    case let (.success(a), .success(b)):
        precondition(a.payload == b.payload && a.dimensions == b.dimensions && a.elementType == b.elementType)
    case (.failure, .failure):
        break
    default:
        preconditionFailure("a file and its gzip parse differently: \(raw) vs \(compressed)")
    }
    return 0
}
