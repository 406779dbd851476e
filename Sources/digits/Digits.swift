import ArgumentParser

@main
struct Digits: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learns to read handwritten digits from MNIST; draw one in the terminal and see the guess.",
        subcommands: [DrawCommand.self, ClassifyCommand.self, TrainCommand.self, EvalCommand.self, InfoCommand.self, BenchCommand.self, DataCommand.self]
    )
}
