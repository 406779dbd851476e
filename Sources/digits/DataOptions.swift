import ArgumentParser
import DigitsKit

/// Where the MNIST files are; shared by every command that reads them.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder with the MNIST IDX files (.gz or raw).", valueName: "dir"))
    var data = "data/mnist"

    func load(_ split: MNIST.Split) throws -> LabelledImages {
        try MNIST.load(split, from: data)
    }
}

extension MNIST.Split: ExpressibleByArgument {}
