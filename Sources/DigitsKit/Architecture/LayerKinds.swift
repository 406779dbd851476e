/// Every layer kind, listed once. The `--arch` parser, its help and its errors, and the model
/// file's reader all come from these lists; a test holds the README and docs/model-format.md to them.
public enum LayerKinds {
    /// The general toolkit's kinds, in the order help lists them.
    static let general: [any GeneralLayerKind.Type] = [
        Convolution.self, MaxPool.self, AveragePool.self, ReLU.self, Dense.self, Dropout.self, BatchNorm.self, Flatten.self,
    ]
    /// The classic network's kinds, which only the `classic` spec names.
    static let classic: [any ClassicLayerKind.Type] = [ClassicConvolution.self, ClassicMaxPool.self, ClassicDenseSoftmax.self]

    /// Every kind a model file may hold.
    static let all: [any LayerKind.Type] = classic + general

    /// The general kinds' syntaxes, as `--arch` takes them.
    public static var syntaxes: [String] { general.map { kind in kind.syntax } }

    /// Each kind's model-file code with its token syntax (the classic kinds' as `classic` spells them).
    public static var codes: [(code: UInt8, name: String)] {
        classic.map { kind in (kind.code, "classic") } + general.map { kind in (kind.code, kind.syntax) }
    }

    /// One example token of each general kind, for tests.
    @_spi(Testing) public static var examples: [String] {
        general.flatMap { kind in kind.examples.components(separatedBy: " or ") }
    }

    /// The name of every kind's type, for the test that finds them all in the sources.
    @_spi(Testing) public static var typeNames: [String] { all.map { kind in String(describing: kind) } }

    /// The layer a token spells, through the kind its name claims.
    static func parse(_ raw: String) throws(ArchitectureError) -> any LayerKind {
        let token = LayerToken(raw)
        guard let kind = general.first(where: { token.isNamed($0.name) }) else {
            throw .badToken(token: raw, expected: "one of " + syntaxes.joined(separator: ", "))
        }
        guard let layer = parse(token, as: kind) else {
            throw .badToken(token: raw, expected: kind.syntax == kind.name ? "\(kind.name) with no options" : "\(kind.syntax), as in \(kind.examples)")
        }
        return layer
    }

    private static func parse<Kind: GeneralLayerKind>(_ token: LayerToken, as kind: Kind.Type) -> (any LayerKind)? {
        kind.parse(token)
    }

    /// The layer a model-file record describes, or nil for an unknown code, one newer than the file's
    /// version, or arguments that do not read back as written (nonzero unused ones among them).
    static func decode(code: UInt8, arguments: [UInt32], version: Int) -> (any LayerKind)? {
        guard let kind = all.first(where: { $0.code == code && $0.firstVersion <= version }) else { return nil }
        let padded = arguments + Array(repeating: 0, count: max(0, 4 - arguments.count))
        guard let layer = kind.init(arguments: padded) else { return nil }
        let written = layer.arguments
        guard padded == written + Array(repeating: 0, count: padded.count - written.count) else { return nil }
        return layer
    }
}
