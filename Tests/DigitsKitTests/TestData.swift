import DigitsKit
import Foundation
import Testing

/// Where the tests find the package's own files and the real data sets.
enum TestData {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var mnistDirectory: String {
        ProcessInfo.processInfo.environment["DIGITS_MNIST_DIR"] ?? packageRoot + "/data/mnist"
    }

    /// Fashion-MNIST: `../shared/fashion-mnist` beside the checkout, or Debian's dataset-fashion-mnist.
    static var fashionMNISTDirectory: String? {
        [packageRoot + "/../shared/fashion-mnist", "/usr/share/dataset-fashion-mnist", "/usr/share/fashion-mnist"]
            .first { FileManager.default.fileExists(atPath: $0 + "/train-labels-idx1-ubyte.gz") }
    }

    static let mnistTrain = Result { try MNIST.load(.train, from: mnistDirectory) }
    static let mnistTest = Result { try MNIST.load(.test, from: mnistDirectory) }

    /// Builds an IDX file in memory: header, dimensions, payload.
    static func idx(type: UInt8, dimensions: [UInt32], payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
        for size in dimensions { withUnsafeBytes(of: size.bigEndian) { bytes += $0 } }
        return bytes + payload
    }

    /// A scratch folder for one test, removed by the caller.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "digits-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// gzip-compresses bytes with the system's gzip, as the published files were made.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/data"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-n", path]
        try process.run()
        process.waitUntilExit()
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
    }
}
