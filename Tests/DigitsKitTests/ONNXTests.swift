import DigitsKit
import Foundation
import Testing

/// ONNX export and import, checked against the reference: onnx.checker and ONNX Runtime, run by
/// Scripts/onnx/check.py (`pip install onnx onnxruntime`, which .ci/run does).
@Suite struct ONNXTests {
    /// Networks that use every general layer kind between them: strided, padded convolutions (one
    /// large enough for the Winograd path), both pools, batch norm over channels and over rows,
    /// dropout, an explicit flatten and a dense layer straight on an image.
    static let everyKind = [
        "conv5:16:s2:p2,batchnorm,relu,conv3:16:p1,avgpool2:s1,maxpool3:s2,flatten,batchnorm,dropout:0.3,dense:32,relu,dense:10",
        "dense:64,batchnorm,relu,dropout:0.5,dense:10",
        "conv3:8,maxpool2,dense:10",
    ]

    static let models = ["strong", "classic"] + everyKind

    @Test("the exported graph passes onnx.checker and ONNX Runtime gives digits's logits on 1,000 test images", arguments: models)
    func runtimeAgrees(model: String) throws {
        let state = try Self.state(model)
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/model.onnx"
        try Shell.write(ONNXExport.encode(state, producerVersion: "test"), to: path)
        let result = try Self.runtimeCheck(path, network: Network(state, batchCapacity: 64), in: directory)
        print("ONNX Runtime \(result.onnxruntime) on \(model): max |logit difference| \(result.maxDifference), \(result.argmaxDifferences) argmax differences")
        #expect(result.images == 1000)
        #expect(result.maxDifference <= 1e-4, "\(model): logits differ by \(result.maxDifference)")
        #expect(result.argmaxDifferences == 0)
        #expect(result.outputs == [ONNXExport.logitsName, ONNXExport.probabilitiesName])
    }

    @Test("export then import gives the same architecture and bit-identical probabilities", arguments: models)
    func roundTrip(model: String) throws {
        let state = try Self.state(model)
        let nonDigitPictures = try Self.nonDigitPictures(model)
        let bytes = try ONNXExport.encode(state, nonDigitPictures: nonDigitPictures, producerVersion: "test")
        let imported = try ONNXImport.decode(bytes, path: "round trip", convention: nil)
        #expect(imported.state.architecture == state.architecture, "\(imported.state.architecture.spec)")
        #expect(imported.nonDigitPictures == nonDigitPictures)
        let images = try Self.images(200)
        let before = try Network(state, batchCapacity: 16).probabilities(images: images)
        let after = try Network(imported.state, batchCapacity: 16).probabilities(images: images)
        #expect(before == after)
    }

    @Test("an 11th output comes back as \"not a digit\" only from a graph whose metadata says so")
    func notADigitOutput() throws {
        let state = try Self.state("dense:32,relu,dense:11")
        let marked = try ONNXImport.decode(ONNXExport.encode(state, nonDigitPictures: 500, producerVersion: "test"), path: "x", convention: nil)
        #expect(marked.nonDigitPictures == 500 && marked.notADigitThreshold == 0 && marked.state.architecture == state.architecture)
        let strict = try ONNXImport.decode(ONNXExport.encode(state, nonDigitPictures: 500, notADigitThreshold: 0.7, producerVersion: "test"),
                                           path: "x", convention: nil)
        #expect(strict.notADigitThreshold == 0.7)
        let certain = #expect(throws: ONNXError.self) {
            try ONNXImport.decode(ONNXExport.encode(state, nonDigitPictures: 500, notADigitThreshold: 1.5, producerVersion: "test"),
                                  path: "certain", convention: nil)
        }
        #expect(certain?.reason.contains("digits.not_a_digit_threshold is '1.5', not a probability below 1") == true, "\(certain?.reason ?? "")")
        let unmarked = #expect(throws: ONNXError.self) {
            try ONNXImport.decode(ONNXExport.encode(state, producerVersion: "test"), path: "unmarked", convention: nil)
        }
        #expect(unmarked?.reason.contains("gives 11 classes; digits reads 10 digits") == true, "\(unmarked?.reason ?? "")")
        let ten = try Self.state("dense:32,relu,dense:10")
        let mismarked = #expect(throws: ONNXError.self) {
            try ONNXImport.decode(ONNXExport.encode(ten, nonDigitPictures: 500, producerVersion: "test"), path: "mismarked", convention: nil)
        }
        #expect(mismarked?.reason.contains("gives 10 classes; digits reads 11") == true, "\(mismarked?.reason ?? "")")
    }

    @Test("a graph built with the ONNX helper API, shaped as PyTorch exports, imports and agrees with ONNX Runtime")
    func helperGraph() throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/helper.onnx"
        try Shell.run("python3 '\(TestData.packageRoot)/Scripts/onnx/make-test-graph.py' '\(path)' 7", in: directory)
        let convention = try #require(InputConvention(argument: "pytorch"))
        let state = try ONNXImport.decode(Shell.read(path), path: path, convention: convention).state
        #expect(state.architecture.spec == "conv5:16:s2:p2,relu,conv3:32:p1,batchnorm,relu,maxpool2,avgpool3:s2,dense:64,relu,dropout:0.25,dense:10")
        let scaling = state.architecture.inputScaling
        #expect(abs(scaling.range - 255 * 0.3081) < 1e-3 && abs(scaling.offset + 0.1307 / 0.3081) < 1e-6)
        let result = try Self.runtimeCheck(path, network: Network(state, batchCapacity: 64), in: directory, scaling: scaling)
        print("ONNX Runtime on the helper-API graph: max |logit difference| \(result.maxDifference)")
        #expect(result.maxDifference <= 1e-4, "logits differ by \(result.maxDifference)")
        #expect(result.argmaxDifferences == 0)
    }

    @Test("networks exported by torch.onnx.export import and agree with ONNX Runtime (when torch is installed)",
          .enabled(if: Self.hasTorch), arguments: ["example", "batchnorm"], ["legacy", "dynamo"])
    func torchExport(variant: String, exporter: String) throws {
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/\(variant).onnx"
        try Shell.run("python3 '\(TestData.packageRoot)/Scripts/onnx/torch-export.py' '\(path)' \(variant) \(exporter) >/dev/null 2>&1", in: directory)
        let convention = try #require(InputConvention(argument: "pytorch"))
        // The dynamo exporter keeps the weights in a file beside the graph.
        let state = try ONNXImport.load(from: path, convention: convention).state
        let result = try Self.runtimeCheck(path, network: Network(state, batchCapacity: 64), in: directory,
                                           scaling: state.architecture.inputScaling, logSoftmax: true)
        print("ONNX Runtime on torch's \(variant), \(exporter) exporter (\(state.architecture.spec)): max |log-probability difference| \(result.maxDifference)")
        #expect(result.maxDifference <= 1e-4, "\(variant): log-probabilities differ by \(result.maxDifference)")
        #expect(result.argmaxDifferences == 0)
    }

    /// torch is large, so CI leaves it out; the helper-API graphs cover the same import.
    static let hasTorch = (try? Shell.run("python3 -c 'import torch, onnxscript' 2>/dev/null", in: "/")) != nil

    @Test("graphs digits cannot run are refused with the node and the reason", arguments: [
        ("unsupported-node", "Tanh node 'squash' is not supported; digits imports Conv"),
        ("color-input", "is [N, 3, 32, 32]; digits feeds [N, 1, 28, 28]"),
        ("five-classes", "the graph gives 5 classes; digits reads 10 digits"),
        ("branches", "feeds 2 nodes (Relu node 'left', Relu node 'right'); digits reads one chain of layers"),
        ("cycle", "the shape 'target' is not a constant digits can work out (or its computation loops)"),
        ("stray-nodes", "Relu node 'one' is not on the chain of layers"),
        ("grouped-conv", "Conv node 'grouped' is a grouped convolution"),
        ("huge-tensor", "tensor 'fc.weight' has dimensions [1048576, 1048576], more than 67108864 values"),
        ("external-missing", "its data file weights.bin: No such file or directory"),
        ("external-escape", "tensor 'fc.weight' names its data file or its place in it badly"),
        ("external-short", "tensor 'fc.weight' runs past the end of its data file short.data"),
    ])
    func refused(name: String, reason: String) throws {
        let path = try Self.refusedGraphs() + "/\(name).onnx"
        do {
            let state = try ONNXImport.load(from: path, convention: nil).state
            Issue.record("\(name) was imported as \(state.architecture.spec)")
        } catch {
            #expect(error.path == path)
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test("the graph the refusals start from is accepted, so each refusal is the one change")
    func accepted() throws {
        let directory = try Self.refusedGraphs()
        let state = try ONNXImport.load(from: directory + "/accepted.onnx", convention: nil).state
        #expect(state.architecture.spec == "dense:10")
        // The same graph with its weights in a file beside it.
        let external = try ONNXImport.load(from: directory + "/accepted-external.onnx", convention: nil).state
        #expect(external == state)
        #expect(throws: ONNXError.self) { _ = try ONNXImport.decode(Shell.read(directory + "/accepted-external.onnx"), path: "x", convention: nil) }
    }

    @Test("every truncation of an exported file is refused with the file's name and a reason, never read as a model")
    func truncated() throws {
        let bytes = try ONNXExport.encode(Self.state("classic"), producerVersion: "test")
        for cut in stride(from: 0, to: bytes.count - 1, by: 61) {
            // A cut inside a field reads as truncated; one between fields leaves a graph that misses
            // its weights or its output, refused for that.
            let error = #expect(throws: ONNXError.self) { _ = try ONNXImport.decode(Array(bytes.prefix(cut)), path: "cut", convention: nil) }
            #expect(error?.path == "cut")
            #expect(error?.reason.isEmpty == false)
        }
    }

    @Test("messages nested thousands deep are read no deeper than the schema, and refused")
    func nestedWithoutEnd() throws {
        // graph → node → attribute → its graph (`g`, field 6) → node → …, 3,000 levels.
        var message: [UInt8] = []
        for level in 0..<3000 {
            let field: UInt8 = [1, 5, 6][level % 3]
            message = [field << 3 | 2] + Self.varint(message.count) + message
        }
        message = [7 << 3 | 2] + Self.varint(message.count) + message
        #expect(throws: ONNXError.self) { _ = try ONNXImport.decode(message, path: "nested", convention: nil) }
    }

    @Test("bytes that are not protobuf are refused with the file's name")
    func notProtobuf() throws {
        for bytes in [[UInt8](), Array("DGTS not an onnx file".utf8), [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]] {
            #expect(throws: ONNXError.self) { _ = try ONNXImport.decode(bytes, path: "junk", convention: nil) }
        }
    }

    @Test("input conventions parse as documented", arguments: [
        ("digits", 255, -0.5), ("pixels", 1, 0), ("unit", 255, 0), ("0.5:0.25", 63.75, -2),
    ] as [(String, Float, Float)])
    func conventions(argument: String, range: Float, offset: Float) throws {
        let convention = try #require(InputConvention(argument: argument))
        var architecture = Architecture.classic()
        let state = try Network(architecture, seed: 1).state
        let imported = try ONNXImport.decode(ONNXExport.encode(state, producerVersion: "test"), path: "x", convention: convention).state
        // The exported graph divides by 255 and adds −0.5 itself, on top of the convention.
        architecture.inputScaling = InputScaling(range: range * 255, offset: offset / 255 - 0.5)
        #expect(abs(imported.architecture.inputScaling.range - architecture.inputScaling.range) <= 1e-3 * range)
        #expect(abs(imported.architecture.inputScaling.offset - architecture.inputScaling.offset) <= 1e-6)
        #expect(InputConvention(argument: "0.5:0") == nil && InputConvention(argument: "torch") == nil)
    }

    @Test("docs/onnx.md maps every layer kind")
    func documented() throws {
        let document = try String(contentsOfFile: TestData.packageRoot + "/docs/onnx.md", encoding: .utf8)
        for syntax in LayerKinds.syntaxes + ["classic"] {
            #expect(document.contains("| `\(syntax)` |"), "docs/onnx.md has no row for \(syntax)")
        }
    }

    // MARK: Helpers

    /// A built-in model, or a network of `spec` with weights from a fixed seed and batch norm
    /// statistics drawn away from their start, so that they matter.
    static func state(_ model: String) throws -> NetworkState {
        if let builtIn = BuiltInModel(rawValue: model) { return try builtIn.load().state }
        let architecture = try Architecture(spec: model)
        var state = try Network(architecture, seed: 11).state
        var random = SplitMix64(seed: 0x9E37_79B9)
        for (index, tensor) in try architecture.tensors().enumerated() where !tensor.isLearnable || tensor.name == "shift" {
            state.tensors[index] = state.tensors[index].map { _ in
                let unit = Float(random.nextUniform())
                return tensor.name == "running variance" ? 0.5 + unit : unit - 0.5
            }
        }
        return state
    }

    /// The non-digit pictures a built-in model was trained on; 0 for the other networks.
    static func nonDigitPictures(_ model: String) throws -> Int {
        try BuiltInModel(rawValue: model)?.load().metadata.nonDigitPictures ?? 0
    }

    static func images(_ count: Int) throws -> [[UInt8]] {
        let test = try TestData.mnistTest.get()
        return (0..<count).map { Array(test.image($0)) }
    }

    struct RuntimeCheck: Decodable {
        let images: Int
        let maxDifference: Double
        let argmaxDifferences: Int
        let outputs: [String]
        let onnxruntime: String
    }

    /// Runs check.py on the graph at `path` with 1,000 test images and `network`'s logits for them.
    static func runtimeCheck(
        _ path: String, network: Network, in directory: String, scaling: InputScaling? = nil, logSoftmax: Bool = false
    ) throws -> RuntimeCheck {
        let images = try images(1000)
        try Shell.write(images.flatMap { $0 }, to: directory + "/images.bin")
        let logits = network.logits(images: images).flatMap { $0 }
        try Shell.write(logits.map(\.bitPattern.littleEndian).withUnsafeBytes(Array.init), to: directory + "/logits.bin")
        let scale = (scaling.map { " --scale \($0.range) \($0.offset)" } ?? "") + (logSoftmax ? " --log-softmax" : "")
        let output = try Shell.run(
            "python3 '\(TestData.packageRoot)/Scripts/onnx/check.py' '\(path)' images.bin logits.bin\(scale)", in: directory
        )
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(RuntimeCheck.self, from: Data(output))
    }

    /// The graphs Scripts/onnx/make-refused-graphs.py writes, made once per run.
    static func refusedGraphs() throws -> String { try refusedDirectory.get() }

    private static let refusedDirectory = Result {
        let directory = try TestData.temporaryDirectory()
        try Shell.run("python3 '\(TestData.packageRoot)/Scripts/onnx/make-refused-graphs.py' '\(directory)'", in: directory)
        return directory
    }

    static func varint(_ value: Int) -> [UInt8] {
        var bytes: [UInt8] = [], rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        return bytes + [UInt8(rest)]
    }
}
