import ArgumentParser
import DigitsKit

/// Which model to predict with; shared by every command that predicts.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model file to use (default: the model built into digits).", valueName: "path"))
    var model: String?

    /// The model and the name to show for it, refused unless it reads MNIST's 28×28 images into
    /// its 10 digits, which is what every command that predicts feeds it and shows.
    func load() throws -> (model: Model, name: String) {
        let name = model ?? BuiltInModel.name
        let loaded = try model.map { try ModelSaver.load(from: $0) } ?? BuiltInModel.load()
        let architecture = loaded.state.architecture
        guard architecture.input == Architecture.mnistInput, architecture.classes == 10 else {
            throw ModelShapeMismatch(name: name, input: architecture.input, classes: architecture.classes ?? 0)
        }
        return (loaded, name)
    }

    func network(batchCapacity: Int = 1) throws -> Network {
        try Network(load().model.state, batchCapacity: batchCapacity)
    }
}

/// A valid model that does not read MNIST's digits.
struct ModelShapeMismatch: Error, CustomStringConvertible {
    let name: String
    let input: Shape
    let classes: Int

    var description: String {
        "\(name): the model reads \(input) images into \(classes) classes; digits needs 28×28×1 images and 10 classes"
    }
}
