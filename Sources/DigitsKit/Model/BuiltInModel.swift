import Foundation

/// The model that ships inside `digits`, so that classifying and drawing work with no model file.
///
/// Its bytes are `data/default-model.dgts`, embedded as base64 in `BuiltInModelData.swift` by
/// `Scripts/embed-default-model.sh`; a test checks that the two agree.
public enum BuiltInModel {
    public static let name = "built-in model"

    /// The file's bytes.
    public static var bytes: [UInt8] {
        [UInt8](Data(base64Encoded: BuiltInModelData.base64) ?? Data())
    }

    public static func load() throws(ModelFileError) -> Model {
        try ModelFile.decode(bytes, path: name)
    }
}
