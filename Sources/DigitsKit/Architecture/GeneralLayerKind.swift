/// A kind of the general toolkit: it is also spelled in `--arch`, and it runs over mini-batches.
protocol GeneralLayerKind: LayerKind, Hashable {
    /// Its name in a token: `conv` in `conv3:32`.
    static var name: String { get }
    /// The token's syntax, for help and errors: `conv<k>:<filters>[:s<stride>][:p<padding>]`.
    static var syntax: String { get }
    /// Tokens that show the syntax, for errors: `conv3:32 or conv5:16:s2:p2`.
    static var examples: String { get }
    /// The layer a token with this kind's name spells, or nil when the rest of it is malformed.
    static func parse(_ token: LayerToken) -> Self?
    /// What the weights of an earlier layer see of this one when they choose their initialization.
    var initialization: InitializationHint { get }
    /// The layer that runs this kind.
    func makeLayer(_ context: BatchLayerContext) -> any BatchLayer
}

/// How a layer looks to the weights before it: He initialization suits weights that feed a ReLU,
/// Glorot the others.
enum InitializationHint {
    /// A ReLU.
    case rectifier
    /// Changes no signs or scales that matter to the choice (batch norm, dropout, flatten): look past it.
    case transparent
    /// Anything else.
    case other
}
