import ArgumentParser
import DigitsKit

/// Where the MNIST files are; shared by every command that reads them.
struct DataOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "Folder with the MNIST IDX files (.gz or raw); default $DIGITS_DATA, else ./data/mnist when it exists, else $XDG_DATA_HOME/digits/mnist (~/.local/share/digits/mnist).",
        valueName: "dir"))
    var data: String?

    /// The folder the files are read from.
    func directory() throws -> String {
        try DataLocation.resolve(explicit: data, environment: ProcessInfo.processInfo.environment) { path in
            var status = stat()
            return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
        }
    }

    func load(_ split: MNIST.Split) throws -> LabelledImages {
        try MNIST.load(split, from: directory())
    }
}

extension MNIST.Split: ExpressibleByArgument {}
