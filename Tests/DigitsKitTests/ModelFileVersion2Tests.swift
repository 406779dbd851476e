import DigitsKit
import Foundation
import Testing

/// Version 2 of the model file: any architecture, batch-norm statistics, the optimizer's state.
@Suite struct ModelFileVersion2Tests {
    /// A small general network trained a few steps with Adam, so every section of the file is filled.
    static func generalModel(optimizer: OptimizerKind = .adam) throws -> Model {
        let architecture = try Architecture(
            spec: "conv3:4:p1,batchnorm,relu,maxpool2,dropout:0.25,dense:3", input: Shape(height: 6, width: 6, channels: 1)
        )
        let network = try Network(architecture, seed: 2, batchCapacity: 4)
        guard let batched = network.engine as? BatchNetwork else { throw ArchitectureError.noClassifierOutput }
        var settings = OptimizerSettings(kind: optimizer)
        settings.weightDecay = 1e-4
        let trainer = Trainer(network: network, settings: TrainingSettings(
            epochs: 2, learningRate: 0.01, seed: 2, logEvery: 0, batchSize: 4, optimizer: settings
        ))
        var generator = SplitMix64(seed: 1)
        let images = LabelledImages(
            rows: 6, columns: 6, pixels: (0..<12 * 36).map { _ in UInt8(generator.next() % 256) }, labels: (0..<12).map { UInt8($0 % 3) }
        )
        _ = try trainer.run(on: images, test: nil)
        var metadata = ModelMetadata(
            created: 1_790_000_000, seed: 2, epochs: 2, trainingSamples: 24, learningRate: 0.01, learningRateDecay: 0.5,
            testAccuracy: 0.5, testImages: 12
        )
        metadata.batchSize = 4
        metadata.optimizer = settings
        metadata.validationImages = 3
        metadata.validationAccuracy = 0.75
        metadata.bestEpoch = 2
        _ = batched
        return Model(state: network.state, metadata: metadata, optimizer: network.engine.optimizerState)
    }

    @Test("a general model with batch norm and Adam's state round-trips bit for bit")
    func roundTrip() throws {
        let model = try Self.generalModel()
        #expect(model.optimizer?.step == 6)
        #expect(model.optimizer?.moments.count == 6, "conv, batch norm and dense: two tensors each")
        let decoded = try ModelFile.decode(ModelFile.encode(model), path: "m")
        #expect(decoded == model)
        #expect(decoded.state.architecture.spec == "conv3:4:p1,batchnorm,relu,maxpool2,dropout:0.25,dense:3")
        let original = try Network(model.state), reloaded = try Network(decoded.state)
        let pixels = (0..<36).map { UInt8($0 * 7 % 256) }
        #expect(original.probabilities(pixels: pixels) == reloaded.probabilities(pixels: pixels))
    }

    @Test("version 2 files, as saved before named fields, still load, resume and re-save as version 3 unchanged",
          arguments: ["classic-v2.dgts", "general-v2.dgts"])
    func versionTwo(_ name: String) throws {
        let path = TestData.packageRoot + "/Tests/DigitsKitTests/Fixtures/" + name
        let bytes = try FileBytes.read(path, as: .model)
        #expect(bytes[4] == 2)
        let model = try ModelFile.decode(bytes, path: name)
        let resaved = ModelFile.encode(model)
        #expect(resaved[4] == 3 && resaved != bytes)
        #expect(try ModelFile.decode(resaved, path: name) == model, "every tensor, setting and moment survives")
        try model.checkResumable(path: name)
        if name == "general-v2.dgts" {
            #expect(model.optimizer?.step == 4 && model.metadata.optimizer.kind == .adam)
            #expect(model.metadata.augmentation == (try Augmentation(spec: "rotate=5,coarsen=0.5")))
            #expect(model.metadata.validationImages == 64 && model.metadata.bestEpoch == 1)
        } else {
            #expect(model.state.architecture == .classic() && model.metadata.testAccuracy == 0.979)
        }
    }

    @Test("version 1 files, as saved before the toolkit, still load")
    func versionOne() throws {
        let bytes = try FileBytes.read(TestData.packageRoot + "/Tests/DigitsKitTests/Fixtures/classic-v1.dgts", as: .model)
        #expect(bytes[4] == 1)
        let model = try ModelFile.decode(bytes, path: "classic-v1.dgts")
        #expect(model.state.architecture == .classic())
        #expect(model.metadata.testAccuracy == 0.979)
        let accuracy = try Evaluation.run(model.state, on: try TestData.mnistTest.get()).accuracy
        #expect(accuracy == 0.979)
    }

    /// Flips bytes and recomputes the checksum, so that what the reader's own checks do is tested.
    @Test("every byte flipped, with the CRC recomputed: an error or a model that runs, never a crash")
    func everyByteBehindTheChecksum() throws {
        let bytes = ModelFile.encode(try Self.generalModel())
        var refused = 0, accepted = 0
        for offset in 0..<bytes.count - 4 {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                let corrupt = ModelFileTests.patched(bytes, at: offset, with: [bytes[offset] ^ flip])
                do {
                    let model = try ModelFile.decode(corrupt, path: "m")
                    let network = try Network(model.state, batchCapacity: 1)
                    _ = network.probabilities(pixels: [UInt8](repeating: 128, count: network.inputCount))
                    accepted += 1
                } catch is ModelFileError {
                    refused += 1
                }
            }
        }
        #expect(refused > 300, "the header, layer records and sizes are checked: \(refused) refused, \(accepted) accepted")
    }

    @Test("every truncation of a version 2 file, with the CRC recomputed, is refused")
    func everyTruncation() throws {
        let body = Array(ModelFile.encode(try Self.generalModel()).dropLast(4))
        for length in 0..<body.count {
            let cut = Array(body.prefix(length))
            let sealed = cut + withUnsafeBytes(of: ModelFile.crc32(cut).littleEndian, Array.init)
            #expect(throws: ModelFileError.self, "length \(length)") { try ModelFile.decode(sealed, path: "m") }
        }
    }

    @Test("a negative running variance and absurd layer sizes are refused with what is wrong")
    func badRecords() throws {
        var model = try Self.generalModel()
        model.state.tensors[5][1] = -1
        let error = try #require(throws: ModelFileError.self) { try ModelFile.decode(ModelFile.encode(model), path: "m") }
        #expect(error.description.contains("negative running variance"))

        let bytes = ModelFile.encode(try Self.generalModel())
        // The first record is conv3:4:p1: code at 32, kernel at 36, filters at 40.
        let hugeFilters = ModelFileTests.patched(bytes, at: 40, with: [0xFF, 0xFF, 0xFF, 0x7F])
        let misfit = try #require(throws: ModelFileError.self) { try ModelFile.decode(hugeFilters, path: "m") }
        #expect(misfit.description.contains("layer 1, conv3:2147483647:p1"), "\(misfit)")
        let badKernel = ModelFileTests.patched(bytes, at: 36, with: [0, 0, 0, 0])
        #expect(throws: ModelFileError.self) { try ModelFile.decode(badKernel, path: "m") }
    }

    @Test("training settings a resume could not use load for prediction and are refused for resuming, by name",
          arguments: ["momentum or decay", "batch size 0", "learning rate 3.4e+38", "weight decay 3.4e+38"])
    func badSettings(setting: String) throws {
        var model = try Self.generalModel()
        switch setting {
        case "momentum or decay": model.metadata.optimizer.momentum = .nan
        case "batch size 0": model.metadata.batchSize = 0
        case "learning rate 3.4e+38": model.metadata.learningRate = 3.4e38
        default: model.metadata.optimizer.weightDecay = 3.4e38
        }
        let decoded = try ModelFile.decode(ModelFile.encode(model), path: "m")
        #expect(decoded.state == model.state, "prediction needs no training settings")
        let error = try #require(throws: ModelFileError.self) { try decoded.checkResumable(path: "m") }
        #expect(error.description.contains("m: cannot resume training: the model's \(setting)"), "\(error)")
    }

    @Test("a classic model trained in batches classifies but does not resume")
    func classicInBatches() throws {
        var classic = try ModelFileTests.sampleModel()
        classic.metadata.batchSize = 64
        let decoded = try ModelFile.decode(ModelFile.encode(classic), path: "m")
        let error = try #require(throws: ModelFileError.self) { try decoded.checkResumable(path: "m") }
        #expect(error.description.contains("classic network was trained other than one sample at a time"))
        try ModelFileTests.sampleModel().checkResumable(path: "m")
    }
}
