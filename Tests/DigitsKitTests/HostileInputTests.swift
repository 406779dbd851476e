import DigitsKit
import Foundation
import Glibc
import Testing

/// Regressions for files built to crash or exhaust: each failed before its fix.
@Suite struct HostileInputTests {
    @Test("an IDX header declaring gigabytes is refused before anything of that size is inflated")
    func declaredTooLarge() throws {
        // 20,000 × 300 × 300 bytes = 1.8 GB declared, 1 MB of zeros present.
        let header = TestData.idx(type: 0x08, dimensions: [20_000, 300, 300], payload: [])
        let bomb = try TestData.gzip(header + [UInt8](repeating: 0, count: 1 << 20))
        let error = #expect(throws: IDXError.self) { try IDXFile(bytes: bomb, path: "bomb.gz") }
        guard case .payloadTooLarge(path: "bomb.gz", dimensions: [20_000, 300, 300], bytes: 1_800_000_000, limit: _)? = error else {
            Issue.record("expected payloadTooLarge, got \(String(describing: error))")
            return
        }
    }

    @Test("a gzip stream longer than its header declares stops one byte past the payload")
    func inflatesOnlyTheDeclared() throws {
        let header = TestData.idx(type: 0x08, dimensions: [10, 10], payload: [])
        let padded = try TestData.gzip(header + [UInt8](repeating: 7, count: 100) + [UInt8](repeating: 0, count: 50_000_000))
        #expect(throws: IDXError.trailingBytes(path: "p.gz", expectedBytes: 100, actualBytes: 101)) {
            try IDXFile(bytes: padded, path: "p.gz")
        }
        let exact = try IDXFile(bytes: try TestData.gzip(header + [UInt8](repeating: 7, count: 100)), path: "e.gz")
        #expect(exact.payload == [UInt8](repeating: 7, count: 100))
        let twoMembers = try TestData.gzip(header + [UInt8](repeating: 7, count: 60)) + (try TestData.gzip([UInt8](repeating: 7, count: 40)))
        #expect(try IDXFile(bytes: twoMembers, path: "m.gz").payload == exact.payload, "concatenated members read as one")
    }

    @Test("a model input of 4096×2048×8, within each dimension's range, is refused as too large")
    func hugeInput() throws {
        let bytes = ModelFile.encode(try ModelFileTests.sampleModel())
        var input: [UInt8] = []
        for value: UInt32 in [4096, 2048, 8] { withUnsafeBytes(of: value.littleEndian) { input += $0 } }
        let error = #expect(throws: ModelFileError.self) { try ModelFile.decode(ModelFileTests.patched(bytes, at: 8, with: input), path: "m") }
        #expect(error?.description.contains("input 4096×2048×8 is out of range") == true, "\(String(describing: error))")
    }

    @Test("finite but huge weights give probabilities, never NaN", arguments: ["classic", "conv3:8,relu,dense:10"])
    func hugeWeights(_ spec: String) throws {
        let network = try Network(Architecture(spec: spec), seed: 1)
        let huge = network.state.tensors.map { $0.enumerated().map { $0.offset % 2 == 0 ? Float(3e38) : -3e38 } }
        try network.load(huge)
        let pixels = (0..<784).map { UInt8($0 % 251) }
        let probabilities = network.probabilities(pixels: pixels)
        #expect(probabilities.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "\(probabilities)")
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
    }

    @Test("a saved model is as readable as any new file (the umask, unchanged), and no temporary file stays")
    func modeFollowsUmask() throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ModelSaver.save(try ModelFileTests.sampleModel(), to: directory + "/m.dgts")
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let umaskLine = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
        let mask = try #require(Int(umaskLine.split(separator: "\t").last ?? "", radix: 8))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: directory + "/m.dgts")[.posixPermissions] as? Int)
        #expect(mode == 0o666 & ~mask)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["m.dgts"])
    }

    @Test("files another thread creates while models are saved keep the process's umask")
    func umaskUntouched() throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try ModelFileTests.sampleModel()
        let expected = try FileManager.default.attributesOfItem(atPath: {
            _ = FileManager.default.createFile(atPath: directory + "/probe", contents: nil)
            return directory + "/probe"
        }())[.posixPermissions] as? Int
        let saving = Thread {
            for _ in 0..<500 { _ = try? ModelSaver.save(model, to: directory + "/m.dgts") }
        }
        saving.start()
        var wrong = 0, index = 0
        // Until every save is done: before the fix, a few of these landed while the umask was 0.
        while saving.isExecuting || index < 1000 {
            index += 1
            let path = directory + "/f\(index % 16)"
            unlink(path)
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o666)
            var info = stat()
            if descriptor >= 0, fstat(descriptor, &info) == 0, Int(info.st_mode & 0o777) != expected { wrong += 1 }
            close(descriptor)
        }
        while saving.isExecuting { usleep(1000) }
        #expect(wrong == 0, "\(wrong) files were created with another mode while saving")
    }

    @Test("a save removes the temporary files of dead writers of the same model, never a live writer's")
    func staleTemporaries() throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = ".m.dgts.\(finished.processIdentifier).1a2b3c4d", live = ".m.dgts.1.5e6f7a8b", other = ".n.dgts.\(finished.processIdentifier).99"
        for name in [dead, live, other] { _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data([1])) }
        try ModelSaver.save(try ModelFileTests.sampleModel(), to: directory + "/m.dgts")
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        #expect(left == ["m.dgts", live, other])
    }
}
