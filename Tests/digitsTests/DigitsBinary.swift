import Foundation

/// Runs the built `digits` executable, as a user would from a shell.
struct DigitsBinary {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `digits` built beside this test bundle.
    static let path: String = {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        // The runner may live inside a .xctest bundle folder.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("digits").path) && directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("digits").path
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var mnist: String {
        ProcessInfo.processInfo.environment["DIGITS_MNIST_DIR"] ?? packageRoot + "/data/mnist"
    }

    /// Starts `digits` with `arguments`; the caller waits or signals.
    static func start(_ arguments: [String], directory: String? = nil, stdin: Data? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        return (process, out, err)
    }

    /// Runs `digits` to the end and collects what it printed.
    static func run(_ arguments: [String], directory: String? = nil, stdin: Data? = nil) throws -> Result {
        let (process, out, err) = try start(arguments, directory: directory, stdin: stdin)
        // Read before waiting so that a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "digits-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
