/// The models that ship inside `digits`, so that classifying and drawing work with no model file.
///
/// Each one's bytes are `data/NAME-model.dgts`, embedded as base64 in `BuiltInModelData.swift` by
/// `Scripts/embed-models.sh`; a test checks that they agree.
public enum BuiltInModel: String, CaseIterable, Sendable {
    /// The toolkit's best network, trained with augmentation: what predicting commands use by default.
    case strong
    /// The project's classic network, conv3:8, maxpool2, dense:10, as `digits train` makes it.
    case classic

    public static let `default` = BuiltInModel.strong

    /// How commands name it.
    public var name: String { "built-in \(rawValue) model" }

    /// The file's bytes.
    public var bytes: [UInt8] {
        let base64 = switch self {
        case .strong: BuiltInModelData.strong
        case .classic: BuiltInModelData.classic
        }
        return [UInt8](Data(base64Encoded: base64) ?? Data())
    }

    public func load() throws(ModelFileError) -> Model {
        try ModelFile.decode(bytes, path: name)
    }
}
