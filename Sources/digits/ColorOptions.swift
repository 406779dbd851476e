import ArgumentParser
import DigitsKit

/// `--color`, shared by the commands that color their output.
struct ColorOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("auto (color on a terminal unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    /// Whether what goes to standard output should be colored.
    var isEnabled: Bool {
        color.isEnabled(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1)
    }

    /// For the drawing pad, which always runs on a terminal.
    var isEnabledOnTerminal: Bool {
        color.isEnabled(environment: ProcessInfo.processInfo.environment, isTerminal: true)
    }
}

extension ColorChoice: ExpressibleByArgument {}
