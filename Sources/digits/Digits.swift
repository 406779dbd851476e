import ArgumentParser
import DigitsKit

@main
struct Digits: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learns to read handwritten digits from MNIST; draw one in the terminal and see the guess.",
        version: Digits.version,
        subcommands: [DrawCommand.self, ClassifyCommand.self, TrainCommand.self, EvalCommand.self, InfoCommand.self, InspectCommand.self, ExportCommand.self, ImportCommand.self, BenchCommand.self, DataCommand.self]
    )

    /// Every error, from the argument parser or from the work, reads `digits: …`, as Unix tools' do.
    static var _errorPrefix: String { "digits: " }

    /// Runs the command; an error is printed with its control characters spelled out, since it
    /// may quote a file name or a file's bytes that could otherwise drive the terminal.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error).escapingControls(keepingNewlines: true)
            if code == .success {
                print(text)
            } else if !text.isEmpty {
                printError(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            }
            // The module's exit, not ParsableCommand's exit(withError:), which would print again.
            #if canImport(Glibc)
            Glibc.exit(code.rawValue)
            #else
            Darwin.exit(code.rawValue)
            #endif
        }
    }
}

extension Digits {
    /// The package's version, then the git commit it was built from when built in a checkout.
    static let packageVersion = "0.5.0"
    static var version: String {
        BuildInfo.commit.isEmpty ? packageVersion : "\(packageVersion) (\(BuildInfo.commit))"
    }
}
