import ArgumentParser

@main
struct Digits: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learns to read handwritten digits from MNIST; draw one in the terminal and see the guess.",
        version: Digits.version,
        subcommands: [DrawCommand.self, ClassifyCommand.self, TrainCommand.self, EvalCommand.self, InfoCommand.self, ExportCommand.self, BenchCommand.self, DataCommand.self]
    )
}

extension Digits {
    /// The package's version, then the git commit it was built from when built in a checkout.
    static let packageVersion = "0.5.0"
    static var version: String {
        BuildInfo.commit.isEmpty ? packageVersion : "\(packageVersion) (\(BuildInfo.commit))"
    }
}
