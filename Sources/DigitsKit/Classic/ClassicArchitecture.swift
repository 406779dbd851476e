extension Architecture {
    /// The classic MNIST network: Conv 3×3 (no bias) → MaxPool 2×2 → Dense+Softmax, run by its
    /// fused per-sample engine.
    public static func classic(filters: Int = 8, classes: Int = 10, input: Shape = mnistInput) -> Architecture {
        Architecture(input: input, layers: [ClassicConvolution(filters: filters), ClassicMaxPool(), ClassicDenseSoftmax(classes: classes)])
    }

    /// The syntax of the classic spec, for help and errors.
    public static let classicSyntax = "classic[:<filters>[:<classes>]]"

    /// `classic`, `classic:16` or `classic:16:12` for a classic network (8 filters and 10 classes
    /// are left out), nil for general layers.
    var classicSpec: String? {
        guard isClassic, layers.count == 3, let convolution = layers[0] as? ClassicConvolution, let classes else { return nil }
        return "classic" + (convolution.filters == 8 && classes == 10 ? "" : ":\(convolution.filters)") + (classes == 10 ? "" : ":\(classes)")
    }

    /// The classic network a spec's tokens name, nil when none of them is `classic`.
    static func classic(tokens: [String], input: Shape) throws(ArchitectureError) -> Architecture? {
        guard let raw = tokens.first(where: { LayerToken($0).head == "classic" }) else { return nil }
        let numbers = LayerToken(raw).options.map { Int($0) }
        guard tokens.count == 1, numbers.count <= 2, numbers.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw .badToken(token: raw, expected: "\(classicSyntax) alone, as in classic or classic:16")
        }
        return classic(filters: numbers.first.flatMap { $0 } ?? 8, classes: numbers.dropFirst().first.flatMap { $0 } ?? 10, input: input)
    }
}
