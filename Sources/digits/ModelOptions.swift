import ArgumentParser
import DigitsKit

/// Which model to predict with; shared by every command that predicts.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model file to use (default: the model built into digits).", valueName: "path"))
    var model: String?

    /// The model and the name to show for it.
    func load() throws -> (model: Model, name: String) {
        guard let model else { return (try BuiltInModel.load(), BuiltInModel.name) }
        return (try ModelSaver.load(from: model), model)
    }

    func network() throws -> Network {
        try Network(load().model.state)
    }
}
