import ArgumentParser
import DigitsKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--color`, shared by the commands that color their output.
struct ColorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("auto (color on a terminal unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    /// Whether what goes to standard output should be colored.
    var isEnabled: Bool {
        color.isEnabled(environment: Self.environment, isTerminal: isatty(STDOUT_FILENO) == 1)
    }

    /// For the drawing pad, which always runs on a terminal.
    var isEnabledOnTerminal: Bool {
        color.isEnabled(environment: Self.environment, isTerminal: true)
    }

    static var environment: [String: String] {
        var values: [String: String] = [:]
        for name in ["NO_COLOR", "TERM"] {
            if let value = getenv(name) { values[name] = String(cString: value) }
        }
        return values
    }
}

extension ColorChoice: ExpressibleByArgument {}
