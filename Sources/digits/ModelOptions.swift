import ArgumentParser
import DigitsKit

/// Which model to predict with; shared by every command that predicts.
struct ModelOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "strong (the default) or classic for a built-in model, or a model file's path (./strong for a file of that name).",
        valueName: "name|path"))
    var model: String?

    /// The model and the name to show for it, refused unless it reads MNIST's 28×28 images into
    /// its 10 digits (and "not a digit", when trained on non-digit pictures), which is what every
    /// command that predicts feeds it and shows.
    func load() throws -> (model: Model, name: String) {
        let (model, name) = try ModelOptions.resolve(self.model)
        let architecture = model.state.architecture
        guard architecture.input == Architecture.mnistInput, architecture.classes == (model.metadata.answersNotADigit ? 11 : 10) else {
            throw ModelShapeMismatch(name: name, input: architecture.input, classes: architecture.classes ?? 0)
        }
        return (model, name)
    }

    /// A built-in model by name, or the file at a path; the default built-in model when nil.
    static func resolve(_ nameOrPath: String?) throws -> (model: Model, name: String) {
        let (bytes, name) = try file(nameOrPath)
        return (try ModelFile.decode(bytes, path: name), name)
    }

    /// The model file's bytes, not yet checked, and the name to show for it.
    static func file(_ nameOrPath: String?) throws -> (bytes: [UInt8], name: String) {
        let builtIn = nameOrPath.map { BuiltInModel(rawValue: $0) } ?? BuiltInModel.default
        if let builtIn { return (builtIn.bytes, builtIn.name) }
        let path = nameOrPath!
        return (try ModelSaver.readBytes(from: path), path)
    }
}

/// A valid model that does not read MNIST's digits.
struct ModelShapeMismatch: Error, CustomStringConvertible {
    let name: String
    let input: Shape
    let classes: Int

    var description: String {
        "\(name): the model reads \(input) images into \(classes) classes; digits needs 28×28×1 images and 10 classes (11 when the last is \"not a digit\", from training with --non-digits)"
    }
}
