// libFuzzer target: the --arch parser; whatever it accepts must print back as itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArchitectureSpec(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let architecture = try? Architecture(spec: text) else { return 0 }
    precondition((try? Architecture(spec: architecture.spec)) == architecture, "\(text) does not read back as \(architecture.spec)")
    _ = try? architecture.cost()
    return 0
}
