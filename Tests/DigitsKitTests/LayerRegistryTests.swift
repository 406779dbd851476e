import Foundation
@_spi(Testing) import DigitsKit
import Testing

/// `LayerKinds` lists every layer kind once; these tests hold the sources and the documents to it.
@Suite struct LayerRegistryTests {
    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: TestData.packageRoot + "/" + path, encoding: .utf8)
    }

    @Test("every type in the sources that conforms to a layer-kind protocol is in the registry, once")
    func complete() throws {
        let root = TestData.packageRoot + "/Sources/DigitsKit"
        let files = try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.hasSuffix(".swift") }
        let declaration = try Regex(#"(?m)^(?:public )?struct (\w+): (?:LayerKind, )?(?:GeneralLayerKind|ClassicLayerKind|PoolKind)\b"#)
        var declared: [String] = []
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            declared += text.matches(of: declaration).map { String($0.output[1].substring ?? "") }
        }
        #expect(declared.count == 11, "\(declared)")
        #expect(declared.sorted() == LayerKinds.typeNames.sorted())
        #expect(Set(LayerKinds.codes.map(\.code)).count == LayerKinds.codes.count, "codes are unique")
    }

    @Test("each general kind's examples parse, print back as written, and survive the model file")
    func examples() throws {
        for example in LayerKinds.examples {
            let architecture = try Architecture(spec: example + ",dense:10", input: Shape(height: 12, width: 12, channels: 2))
            #expect(architecture.spec == example + ",dense:10")
            let tensors = try architecture.parameterCounts().map { [Float](repeating: 0.5, count: $0) }
            let model = Model(state: NetworkState(architecture: architecture, tensors: tensors), metadata: try ModelFileTests.sampleModel().metadata)
            #expect(try ModelFile.decode(ModelFile.encode(model), path: example).state.architecture == architecture)
        }
    }

    @Test("the --arch help, the README and docs/model-format.md name every kind")
    func documents() throws {
        let readme = try Self.read("README.md"), format = try Self.read("docs/model-format.md")
        for syntax in LayerKinds.syntaxes {
            #expect(readme.contains("`\(syntax)`"), "README lacks \(syntax)")
        }
        let table = try #require(format.components(separatedBy: "| kind | `--arch` |").dropFirst().first)
        let rows = table.split(separator: "\n").dropFirst(2).prefix { $0.hasPrefix("| ") }
        let documented = rows.map { row in row.split(separator: "|").prefix(2).map { $0.trimmingCharacters(in: .whitespaces) } }
        let registered = LayerKinds.codes.sorted { $0.code < $1.code }
        #expect(documented.map { $0[0] } == registered.map { "\($0.code)" }, "the kinds table's codes")
        #expect(documented.map { $0[1] } == registered.map { "`\($0.name)`" }, "the kinds table's --arch column")
    }
}
