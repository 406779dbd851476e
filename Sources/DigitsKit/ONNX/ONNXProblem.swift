/// Why an ONNX file could not be read or used, in words for the user.
struct ONNXProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// An ONNX file that cannot be imported, or a model that cannot be exported: the file and why.
public struct ONNXError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}
