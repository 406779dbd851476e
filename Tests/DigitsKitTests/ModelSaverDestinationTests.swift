import DigitsKit
import Foundation
import Glibc
import Testing

/// Where a save lands: a save renames a new file into place, which must never replace a FIFO or a
/// device, cut a symlink, or loosen a file's permissions.
@Suite struct ModelSaverDestinationTests {
    static func folder() throws -> String { try TestData.temporaryDirectory() }

    static func kind(_ path: String) -> FileKind {
        var info = stat()
        return lstat(path, &info) == 0 ? FileKind(mode: info.st_mode) : .unknown
    }

    @Test("a FIFO is refused before anything is written, and stays a FIFO")
    func fifo() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/pipe"
        try #require(mkfifo(fifo, 0o644) == 0)
        let error = try #require(throws: ModelFileError.self) { try ModelSaver.save(ModelFileTests.sampleModel(), to: fifo) }
        #expect(error == .notAFile(path: fifo, kind: "a FIFO (named pipe)"))
        #expect(Self.kind(fifo) == .fifo)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["pipe"], "no temporary file is left")
    }

    @Test("a folder is refused by name")
    func folderPath() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: ModelFileError.notAFile(path: directory, kind: "a folder")) { try ModelSaver.destination(for: directory) }
    }

    @Test("a symlink is followed: its target is replaced atomically and the link stays a link")
    func followsSymlink() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/models", withIntermediateDirectories: false)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: directory + "/models/real.dgts"))
        try #require(symlink("models/real.dgts", directory + "/link.dgts") == 0)
        let model = try ModelFileTests.sampleModel()
        #expect(try ModelSaver.save(model, to: directory + "/link.dgts") == .file(directory + "/models/real.dgts"))
        #expect(Self.kind(directory + "/link.dgts") == .symbolicLink)
        #expect(try ModelSaver.load(from: directory + "/models/real.dgts") == model)
        // A dangling link creates its target.
        try #require(symlink("models/new.dgts", directory + "/dangling.dgts") == 0)
        try ModelSaver.save(model, to: directory + "/dangling.dgts")
        #expect(Self.kind(directory + "/dangling.dgts") == .symbolicLink)
        #expect(try ModelSaver.load(from: directory + "/models/new.dgts") == model)
    }

    @Test("a replaced file keeps its mode: a 600 model stays 600")
    func mode() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/private.dgts"
        let model = try ModelFileTests.sampleModel()
        try ModelSaver.save(model, to: path)
        try #require(chmod(path, 0o600) == 0)
        try ModelSaver.save(model, to: path)
        var info = stat()
        try #require(stat(path, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o600)
    }

    @Test("a missing folder is named before any training would start")
    func missingFolder() throws {
        let error = try #require(throws: ModelFileError.self) { try ModelSaver.destination(for: "/nonexistent/folder/m.dgts") }
        #expect(error == .writeFailed(path: "/nonexistent/folder/m.dgts", reason: "No such file or directory"))
    }

    @Test("reading a FIFO with no writer, or a device, is refused at once instead of blocking")
    func readingStreams() throws {
        let directory = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/pipe"
        try #require(mkfifo(fifo, 0o644) == 0)
        let start = ContinuousClock.now
        for (path, kind) in [(fifo, "a FIFO (named pipe)"), ("/dev/zero", "a character device")] {
            let failure = try #require(throws: FileBytes.Failure.self) { try FileBytes.read(path, as: .picture) }
            #expect(failure.reason.hasPrefix("\(kind), not a regular file"), "\(failure)")
        }
        #expect(ContinuousClock.now - start < .seconds(1))
    }
}
