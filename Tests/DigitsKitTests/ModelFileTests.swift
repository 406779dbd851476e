import DigitsKit
import Foundation
import Testing

@Suite struct ModelFileTests {
    static func sampleModel(filters: Int = 8, seed: UInt64 = 5) throws -> Model {
        let network = try Network(.classic(filters: filters), seed: seed)
        let metadata = ModelMetadata(
            created: 1_790_000_000, seed: seed, epochs: 3, trainingSamples: 180_000, learningRate: 0.01,
            learningRateDecay: 0.5, testAccuracy: 0.9791, testImages: 10_000
        )
        return Model(state: network.state, metadata: metadata)
    }

    /// Replaces bytes of an encoded model and fixes the checksum, so that the field checks are reached.
    static func patched(_ bytes: [UInt8], at offset: Int, with replacement: [UInt8]) -> [UInt8] {
        var body = Array(bytes.dropLast(4))
        body.replaceSubrange(offset..<offset + replacement.count, with: replacement)
        return body + withUnsafeBytes(of: ModelFile.crc32(body).littleEndian, Array.init)
    }

    /// Where the value of metadata field `name` starts in an encoded model (version 3: a u8 name
    /// length, the name, a u8 type, then the value).
    static func fieldValueOffset(_ bytes: [UInt8], name: String) throws -> Int {
        let key = [UInt8(name.utf8.count)] + Array(name.utf8)
        let start = try #require((0...(bytes.count - key.count)).first { Array(bytes[$0..<$0 + key.count]) == key }, "no field \(name)")
        return start + key.count + 1
    }

    @Test("save then load gives bit-identical parameters, the same metadata and the same predictions")
    func roundTrip() throws {
        let model = try Self.sampleModel()
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ModelSaver.save(model, to: directory + "/m.dgts")
        let loaded = try ModelSaver.load(from: directory + "/m.dgts")
        #expect(loaded == model)
        for (a, b) in zip(loaded.state.tensors, model.state.tensors) {
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        }
        let test = try TestData.mnistTest.get().prefix(1000)
        let original = try Network(model.state), reloaded = try Network(loaded.state)
        for index in 0..<test.count {
            #expect(original.probabilities(pixels: Array(test.image(index))) == reloaded.probabilities(pixels: Array(test.image(index))))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(leftovers == ["m.dgts"], "the temporary file is gone")
    }

    @Test("the unknown test accuracy survives a round trip as unknown")
    func unknownAccuracy() throws {
        var model = try Self.sampleModel()
        model.metadata.testAccuracy = nil
        #expect(try ModelFile.decode(ModelFile.encode(model), path: "m").metadata.testAccuracy == nil)
    }

    @Test("the classic network's file is about 55 KB: the documented fields and 13,602 floats")
    func size() throws {
        // Version 3: magic, version, flags, input, scaling, layer count, three 20-byte layer records.
        let header = 8 + 12 + 8 + 4 + 3 * 20
        // Named fields: a u8 name length, the name, a u8 type, an 8-byte value or a u8-counted text.
        let numbers = ["created", "seed", "epochs", "training samples", "learning rate", "learning-rate decay", "test accuracy",
                       "test images", "batch size", "momentum", "rms decay", "beta1", "beta2", "epsilon", "weight decay",
                       "validation images", "best epoch"]
        let texts = [("optimizer", "sgd"), ("loss", "cross-entropy")]
        let metadata = 4 + numbers.reduce(0) { $0 + 2 + $1.utf8.count + 8 } + texts.reduce(0) { $0 + 3 + $1.0.utf8.count + $1.1.utf8.count }
        let tensors = 4 + (4 + 72 * 4) + (4 + 13_520 * 4) + (4 + 10 * 4)
        #expect(ModelFile.encode(try Self.sampleModel()).count == header + metadata + tensors + 4)
    }

    @Test("every single-byte corruption is rejected with an error, never a crash")
    func everyByteCorruption() throws {
        let bytes = ModelFile.encode(try Self.sampleModel())
        for offset in bytes.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var corrupt = bytes
                corrupt[offset] ^= flip
                #expect(throws: ModelFileError.self, "byte \(offset) ^ \(flip)") { try ModelFile.decode(corrupt, path: "m") }
            }
        }
    }

    @Test("every truncation is rejected with an error, never a crash")
    func everyTruncation() throws {
        let bytes = ModelFile.encode(try Self.sampleModel())
        for length in 0..<bytes.count {
            #expect(throws: ModelFileError.self, "length \(length)") { try ModelFile.decode(Array(bytes.prefix(length)), path: "m") }
        }
        #expect(throws: ModelFileError.trailingBytes(path: "m", count: 4)) {
            try ModelFile.decode(Self.patched(bytes + [0, 0, 0, 0], at: 0, with: Array("DGTS".utf8)), path: "m")
        }
    }

    @Test("a newer format version is refused, naming both versions")
    func newerVersion() throws {
        let bytes = Self.patched(ModelFile.encode(try Self.sampleModel()), at: 4, with: [4, 0])
        #expect(throws: ModelFileError.newerVersion(path: "m", fileVersion: 4, supportedVersion: 3)) {
            try ModelFile.decode(bytes, path: "m")
        }
        let error = ModelFileError.newerVersion(path: "m", fileVersion: 4, supportedVersion: 3)
        #expect(error.description.contains("version 4") && error.description.contains("version 3"))
    }

    @Test("a wrong magic is refused")
    func wrongMagic() throws {
        var bytes = ModelFile.encode(try Self.sampleModel())
        bytes.replaceSubrange(0..<4, with: Array("PK\u{3}\u{4}".utf8))
        #expect(throws: ModelFileError.badMagic(path: "m", found: [0x50, 0x4B, 3, 4])) { try ModelFile.decode(bytes, path: "m") }
    }

    @Test("a flipped byte with a stale checksum is reported as corruption")
    func checksum() throws {
        var bytes = ModelFile.encode(try Self.sampleModel())
        bytes[1000] ^= 0x10
        let error = try #require(throws: ModelFileError.self) { try ModelFile.decode(bytes, path: "m") }
        guard case .checksumMismatch = error else {
            Issue.record("expected a checksum mismatch, got \(error)")
            return
        }
    }

    @Test("an architecture that does not match the stored tensors is refused")
    func architectureMismatch() throws {
        let bytes = ModelFile.encode(try Self.sampleModel())
        // The first layer's record sits after magic, version, flags, input, scaling and layer count.
        let sixteenFilters = Self.patched(bytes, at: 36, with: [16, 0, 0, 0])
        #expect(throws: ModelFileError.tensorMismatch(path: "m", index: 0, expectedCount: 144, foundCount: 72)) {
            try ModelFile.decode(sixteenFilters, path: "m")
        }
        let sevenFilters = Self.patched(bytes, at: 36, with: [7, 0, 0, 0])
        #expect(throws: ModelFileError.self) { try ModelFile.decode(sevenFilters, path: "m") }
        let unknownKind = Self.patched(bytes, at: 32, with: [9])
        #expect(throws: ModelFileError.badArchitecture(path: "m", reason: "layer 1 has unknown kind 9 or bad arguments")) {
            try ModelFile.decode(unknownKind, path: "m")
        }
        let hugeInput = Self.patched(bytes, at: 8, with: [0xFF, 0xFF, 0, 0])
        #expect(throws: ModelFileError.self) { try ModelFile.decode(hugeInput, path: "m") }
    }

    @Test("NaN or infinite weights are refused")
    func nonFinite() throws {
        var model = try Self.sampleModel()
        model.state.tensors[1][17] = .nan
        #expect(throws: ModelFileError.nonFiniteWeight(path: "m", tensor: 1, index: 17)) {
            try ModelFile.decode(ModelFile.encode(model), path: "m")
        }
        model.state.tensors[1][17] = .infinity
        #expect(throws: ModelFileError.nonFiniteWeight(path: "m", tensor: 1, index: 17)) {
            try ModelFile.decode(ModelFile.encode(model), path: "m")
        }
    }

    @Test("saving into a missing folder fails clearly and leaves nothing behind")
    func missingFolder() throws {
        let error = try #require(throws: ModelFileError.self) { try ModelSaver.save(try Self.sampleModel(), to: "/nonexistent/m.dgts") }
        #expect(error == .writeFailed(path: "/nonexistent/m.dgts", reason: "No such file or directory"))
    }

    @Test("a failed save leaves the old file as it was")
    func failedSaveKeepsOldFile() throws {
        let directory = try TestData.temporaryDirectory()
        defer {
            chmod(directory, 0o755)
            try? FileManager.default.removeItem(atPath: directory)
        }
        let path = directory + "/m.dgts"
        let old = try Self.sampleModel(seed: 1)
        try ModelSaver.save(old, to: path)
        // A read-only folder refuses the temporary file, as a full disk would refuse its bytes.
        chmod(directory, 0o555)
        let canStillWrite = FileManager.default.isWritableFile(atPath: directory)  // root ignores modes
        if !canStillWrite {
            #expect(throws: ModelFileError.self) { try ModelSaver.save(try Self.sampleModel(seed: 2), to: path) }
        }
        // Saving over a path that is a folder fails at the rename.
        chmod(directory, 0o755)
        try FileManager.default.createDirectory(atPath: directory + "/folder", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: directory + "/folder/x", withIntermediateDirectories: false)
        #expect(throws: ModelFileError.self) { try ModelSaver.save(try Self.sampleModel(seed: 2), to: directory + "/folder") }
        #expect(try ModelSaver.load(from: path) == old)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory)) == ["m.dgts", "folder"])
    }

    @Test("a missing model file names the path")
    func missingFile() {
        #expect(throws: ModelFileError.unreadable(path: "/nonexistent.dgts", reason: "No such file or directory")) {
            try ModelSaver.load(from: "/nonexistent.dgts")
        }
    }
}
