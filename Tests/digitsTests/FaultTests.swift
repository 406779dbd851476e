import DigitsKit
import Foundation
import Glibc
import Testing

/// Faults from outside: full and read-only disks, missing folders, data that vanishes or changes,
/// files built to exhaust memory.
@Suite struct FaultTests {
    /// Mounts a small tmpfs (root only), runs `body` with its path, and unmounts it.
    static func withTmpfs(_ options: String, _ body: (String) throws -> Void) throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #require(shell("mount -t tmpfs -o \(options) tmpfs '\(directory)'") == 0, "mounting a tmpfs at \(directory)")
        defer { _ = shell("umount '\(directory)'") }
        try body(directory)
    }

    static let canMount = getuid() == 0 && shell("mount -t tmpfs -o size=4k tmpfs /mnt 2>/dev/null && umount /mnt") == 0

    @discardableResult
    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let train = ["train", "--data", DigitsBinary.mnist, "--limit", "500", "--test-limit", "50", "--epochs", "1", "--log-every", "0"]

    @Test("a full disk fails the save with a clear error and leaves the old model and no temporary file", .enabled(if: canMount))
    func fullDisk() throws {
        // 64 KB holds the old model (55 KB) but not a second copy beside it.
        try Self.withTmpfs("size=64k") { directory in
            let model = directory + "/m.dgts"
            try Data(BuiltInModel.classic.bytes).write(to: URL(fileURLWithPath: model))
            let result = try DigitsBinary.run(Self.train + ["--output", model])
            #expect(result.status != 0)
            #expect(result.stderr.contains("\(model): cannot save the model: No space left on device"), "\(result.stderr)")
            #expect(try FileBytes.read(model, as: .model) == BuiltInModel.classic.bytes)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["m.dgts"])
        }
    }

    @Test("a read-only folder and a missing folder fail the save with a clear error", .enabled(if: canMount))
    func readOnly() throws {
        try Self.withTmpfs("ro,size=64k") { directory in
            let result = try DigitsBinary.run(Self.train + ["--output", directory + "/m.dgts"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("cannot save the model: Read-only file system"), "\(result.stderr)")
        }
        let missing = try DigitsBinary.run(Self.train + ["--output", "/nonexistent/folder/m.dgts"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/folder/m.dgts: cannot save the model: No such file or directory"))
    }

    @Test("data that vanishes or is cut short between start and read gives an error naming the file")
    func vanishingData() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in MNIST.fileNames where !name.hasPrefix("train-images") {
            try FileManager.default.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: DigitsBinary.mnist + "/" + name)
        }
        // A dangling link: the file is gone.
        try FileManager.default.createSymbolicLink(atPath: directory + "/train-images-idx3-ubyte.gz", withDestinationPath: directory + "/gone")
        let gone = try DigitsBinary.run(["data", "--data", directory])
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("\(directory)/train-images-idx3-ubyte.gz: not found"), "\(gone.stderr)")

        // A FIFO in place of the file is refused by name, at once: with no writer it would block.
        try FileManager.default.removeItem(atPath: directory + "/train-images-idx3-ubyte.gz")
        #expect(mkfifo(directory + "/train-images-idx3-ubyte.gz", 0o600) == 0)
        let cut = try DigitsBinary.run(["data", "--data", directory])
        #expect(cut.status != 0)
        #expect(cut.stderr.contains("train-images-idx3-ubyte.gz: cannot read the file: a FIFO (named pipe), not a regular file"), "\(cut.stderr)")
    }

    @Test("a 2 MB gzip bomb (a valid header, then gigabytes of zeros) is refused within a 600 MB address space")
    func gzipBomb() throws {
        let directory = try DigitsBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in MNIST.fileNames where !name.hasPrefix("train-images") {
            try FileManager.default.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: DigitsBinary.mnist + "/" + name)
        }
        // MNIST's own header (60,000 × 28 × 28), then 2 GB of zeros instead of 47 MB of pixels.
        let bomb = directory + "/train-images-idx3-ubyte.gz"
        #expect(Self.shell("(printf '\\000\\000\\010\\003\\000\\000\\352\\140\\000\\000\\000\\034\\000\\000\\000\\034'; head -c 2000000000 /dev/zero) | gzip -9 > '\(bomb)'") == 0)
        #expect(try FileBytes.read(bomb, as: .data).count < 3_000_000)
        let digits = DigitsBinary.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // AddressSanitizer reserves terabytes of address space for itself, so its builds run unbounded.
        let bound = ProcessInfo.processInfo.environment["DIGITS_SANITIZER"] == nil ? "ulimit -v 600000; " : ""
        process.arguments = ["-c", "\(bound)exec '\(digits)' data --data '\(directory)'"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("IDX payload should be 47040000 bytes"), "\(stderr)")
    }
}
