extension String {
    /// printf-style formatting of numbers, as `String(format:)` does but without Foundation, whose
    /// full build would bring ICU's 30 MB of data into a static binary. Strings are interpolated
    /// by the caller instead: there is no `%@`.
    public init(cFormat format: String, _ arguments: any CVarArg...) {
        let length = withVaList(arguments) { Int(vsnprintf(nil, 0, format, $0)) }
        guard length > 0 else {
            self = ""
            return
        }
        var buffer = [CChar](repeating: 0, count: length + 1)
        _ = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
        self = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
