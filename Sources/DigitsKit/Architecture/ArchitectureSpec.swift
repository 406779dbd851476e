extension Architecture {
    /// Reads a comma-separated `--arch` spec, such as `conv3:32,relu,maxpool2,dense:10`, or the
    /// classic network's `classic[:<filters>]`.
    public init(spec: String, input: Shape = Architecture.mnistInput) throws(ArchitectureError) {
        let tokens = spec.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard tokens.count <= Self.maximumLayers else {
            throw .tooManyLayers(count: tokens.count, limit: Self.maximumLayers)
        }
        if let classic = try Self.classic(tokens: tokens, input: input) {
            self = classic
        } else {
            self.init(input: input, layers: try tokens.map { (token: String) throws(ArchitectureError) in try LayerKinds.parse(token) })
        }
        _ = try outputShapes()
    }
}
