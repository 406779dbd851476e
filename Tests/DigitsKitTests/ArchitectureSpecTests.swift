import DigitsKit
import Testing

@Suite struct ArchitectureSpecTests {
    @Test("an input scaling reads as people write it: a minus for a negative offset, never \"+ -\"")
    func inputScalingDescription() {
        #expect(InputScaling.mnist.description == "÷ 255.0 − 0.5")
        #expect(InputScaling(range: 1, offset: 0.25).description == "÷ 1.0 + 0.25")
        #expect(InputScaling(range: 1, offset: -0.0).description == "÷ 1.0 − 0.0")
    }

    @Test("a spec reads back as itself", arguments: [
        "conv3:32,relu,maxpool2,conv3:64,relu,maxpool2,dense:128,relu,dropout:0.5,dense:10",
        "conv5:16:s2:p2,batchnorm,relu,maxpool3:s2,flatten,dense:10",
        "conv3:8:p1,avgpool2,dense:64,batchnorm,relu,dense:10",
    ])
    func roundTrip(_ spec: String) throws {
        #expect(try Architecture(spec: spec).spec == spec)
        #expect(try !Architecture(spec: spec).isClassic)
    }

    @Test("one spec, one model: classic names the fused network, its layers spelled out are general layers with a bias")
    func classic() throws {
        #expect(try Architecture(spec: "classic") == .classic())
        #expect(try Architecture(spec: "classic:16") == .classic(filters: 16))
        #expect(try Architecture(spec: "classic:8:12") == .classic(classes: 12))
        #expect(Architecture.classic().spec == "classic" && Architecture.classic(filters: 16).spec == "classic:16")
        #expect(Architecture.classic(classes: 12).spec == "classic:8:12")
        let general = try Architecture(spec: "conv3:8, maxpool2, dense:10")
        #expect(!general.isClassic && general != .classic() && general.spec == "conv3:8,maxpool2,dense:10")
        #expect(try general.parameterCounts() == [72, 8, 13520, 10] && Architecture.classic().parameterCounts() == [72, 13520, 10])
        for spec in ["classic,relu", "relu,classic", "classic:0", "classic:8:10:1", "classic:x"] {
            #expect(throws: ArchitectureError.self, "\(spec)") { try Architecture(spec: spec) }
        }
    }

    @Test("shapes follow kernel, stride and padding")
    func shapes() throws {
        let shapes = try Architecture(spec: "conv5:6:s2:p2,maxpool3:s2,dense:10").outputShapes()
        #expect(shapes == [Shape(height: 14, width: 14, channels: 6), Shape(height: 6, width: 6, channels: 6),
                           Shape(height: 1, width: 1, channels: 10)])
    }

    @Test("a bad token is quoted with what was expected", arguments: [
        ("conv3,dense:10", "'conv3'"), ("conv3:0,dense:10", "'conv3:0'"), ("dropout:1,dense:10", "'dropout:1'"),
        ("dense:-5", "'dense:-5'"), ("maxpool2:p1,dense:10", "'maxpool2:p1'"), ("sigmoid,dense:10", "'sigmoid'"),
        ("conv3:8:s2:s2,dense:10", "'conv3:8:s2:s2'"), (",dense:10", "''"),
    ])
    func badToken(_ spec: String, _ quoted: String) {
        let error = #expect(throws: ArchitectureError.self) { try Architecture(spec: spec) }
        #expect(error?.description.contains(quoted) == true, "\(String(describing: error))")
        #expect(error?.description.contains("expected") == true)
    }

    @Test("a spec whose shapes do not fit names the layer and the shapes")
    func misfit() {
        let kernel = #expect(throws: ArchitectureError.self) { try Architecture(spec: "maxpool2,maxpool2,maxpool2,conv9:4,dense:10") }
        #expect(kernel?.description == "layer 4, conv9:4, receives 3×3×1 but needs an input of at least 9×9 with its padding")
        let last = #expect(throws: ArchitectureError.self) { try Architecture(spec: "conv3:4,relu") }
        #expect(last == .noClassifierOutput)
        #expect(throws: ArchitectureError.self) { try Architecture(spec: "conv3:4:s0,dense:10") }
        #expect(throws: ArchitectureError.self) { try Architecture(spec: "conv3:4:p3,dense:10") }
    }

    @Test("limits keep a spec from asking for absurd memory or time")
    func limits() throws {
        #expect(throws: ArchitectureError.self) { try Architecture(spec: "conv13:8,dense:10") }
        #expect(throws: ArchitectureError.self) { try Architecture(spec: "conv3:5000,dense:10") }
        #expect(throws: ArchitectureError.self) { try Architecture(spec: "dense:65537,dense:10") }
        #expect(throws: ArchitectureError.self) { try Architecture(spec: "conv3:1024:p1,conv3:1024:p1,dense:65536,dense:10") }
        #expect(throws: ArchitectureError.self) { try Architecture(spec: Array(repeating: "relu", count: 70).joined(separator: ",") + ",dense:10") }
        let huge = try Architecture(spec: "conv3:512:p1,dense:10")
        let error = #expect(throws: ArchitectureError.self) { try BatchNetwork(huge, seed: 0, capacity: 4096, threads: 1) }
        #expect(error?.description.contains("MiB") == true)
    }
}
