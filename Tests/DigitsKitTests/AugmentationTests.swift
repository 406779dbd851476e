import DigitsKit
import Foundation
import Testing

@Suite struct AugmentationTests {
    @Test("a spec reads back from its own text; 'standard' and 'none' are names")
    func specRoundTrip() throws {
        let mix = try Augmentation(spec: "rotate=10, shear=0.25,thickness=0.5")
        #expect(mix.rotation == 10 && mix.shear == 0.25 && mix.thickness == 0.5 && mix.shift == 0)
        #expect(try Augmentation(spec: mix.spec) == mix)
        #expect(try Augmentation(spec: "standard") == .standard)
        #expect(try Augmentation(spec: Augmentation.standard.spec) == .standard)
        #expect(try Augmentation(spec: "none").isIdentity)
        #expect(Augmentation().spec == "none")
    }

    @Test("bad specs are refused with the part that is wrong", arguments: [
        ("twist=3", "twist=3"), ("rotate=90", "rotate must be a number from 0 to 45"), ("rotate", "name=value"),
        ("shear=-0.1", "shear must be"), ("rotate=5,rotate=6", "given twice"), ("", "name=value"), ("scale=nan", "scale must be"),
    ])
    func badSpecs(_ spec: String, _ expected: String) {
        #expect(throws: Augmentation.SpecError.self) { try Augmentation(spec: spec) }
        do {
            _ = try Augmentation(spec: spec)
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test("a distortion depends on the seed, the epoch and the index only")
    func repeatable() throws {
        let digit = Array(try TestData.mnistTrain.get().image(0))
        let mix = Augmentation.standard
        let first = mix.distorted(digit, seed: 1, epoch: 1, index: 0)
        #expect(mix.distorted(digit, seed: 1, epoch: 1, index: 0) == first)
        #expect(mix.distorted(digit, seed: 1, epoch: 2, index: 0) != first)
        #expect(mix.distorted(digit, seed: 1, epoch: 1, index: 1) != first)
        #expect(mix.distorted(digit, seed: 2, epoch: 1, index: 0) != first)
    }

    @Test("with every strength 0 a digit is only framed, as classify frames a picture of it")
    func identityFrames() throws {
        let digit = Array(try TestData.mnistTrain.get().image(7))
        let framed = try DigitPreprocessor(polarity: .lightInk).prepare(
            ink: digit.map { Float($0) / 255 }, width: 28, height: 28
        )
        #expect(Augmentation().distorted(digit, seed: 0, epoch: 1, index: 7) == framed)
    }

    @Test("thicker strokes carry more ink and thinner ones less, measured before framing rescales them")
    func thickness() throws {
        let train = try TestData.mnistTrain.get()
        var thicker = try Augmentation(spec: "thickness=1"), total = (more: 0, less: 0)
        for index in 0..<200 {
            let digit = Array(train.image(index))
            // The strength is a draw in ±1, so compare against the undistorted framing digit by digit,
            // in thin vertical-stroke units: the ink per row of the digit's height.
            let plain = inkPerRow(Augmentation().distorted(digit, seed: 0, epoch: 1, index: index))
            let changed = inkPerRow(thicker.distorted(digit, seed: 0, epoch: 1, index: index))
            if changed > plain * 1.05 { total.more += 1 } else if changed < plain * 0.95 { total.less += 1 }
        }
        // About half the draws thicken and half thin; both kinds must visibly happen.
        #expect(total.more > 50 && total.less > 50, "\(total)")
        thicker.thickness = 0
        #expect(thicker.isIdentity)
    }

    @Test("distorted digits stay the digits they were: the classic model reads most of them")
    func keepsLabels() throws {
        let test = try TestData.mnistTest.get().prefix(1000)
        let network = try Network(BuiltInModel.classic.load().state)
        var right = 0
        for index in 0..<test.count {
            let distorted = Augmentation.standard.distorted(Array(test.image(index)), seed: 5, epoch: 1, index: index)
            let probabilities = network.probabilities(pixels: distorted)
            if probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }) == Int(test.labels[index]) { right += 1 }
        }
        // The classic model reads 97.9% of MNIST's digits and never trained on distorted ones, which
        // costs it some (it reads 786 here); a wrong map (flipped axes, a bad inverse) drops it to chance.
        #expect(right >= 750, "\(right) of 1000")
    }

    @Test("training with augmentation gives the same network on one thread and on two")
    func threadIndependent() throws {
        let train = try TestData.mnistTrain.get().prefix(640)
        let architecture = try Architecture(spec: "conv3:4,relu,maxpool2,dense:10")
        func trained(threads: Int) throws -> NetworkState {
            let network = try Network(architecture, seed: 9, batchCapacity: 32, threads: threads)
            _ = try Trainer(network: network, settings: TrainingSettings(
                epochs: 1, learningRate: 0.01, seed: 9, logEvery: 0, batchSize: 32, optimizer: OptimizerSettings(kind: .adam),
                threads: threads, augmentation: .standard
            )).run(on: train, test: nil)
            return network.state
        }
        let single = try trained(threads: 1)
        #expect(try trained(threads: 2) == single)
        let plain = try Network(architecture, seed: 9, batchCapacity: 32)
        _ = try Trainer(network: plain, settings: TrainingSettings(
            epochs: 1, learningRate: 0.01, seed: 9, logEvery: 0, batchSize: 32, optimizer: OptimizerSettings(kind: .adam)
        )).run(on: train, test: nil)
        #expect(plain.state != single, "augmentation changed nothing")
    }

    @Test("a model file keeps the augmentation it was trained with, and refuses an impossible one")
    func modelFile() throws {
        let network = try Network(try Architecture(spec: "dense:10"), seed: 1, batchCapacity: 1)
        var metadata = ModelMetadata(created: 0, seed: 1, epochs: 1, trainingSamples: 1, learningRate: 0.1,
                                     learningRateDecay: 1, testAccuracy: nil, testImages: 0)
        metadata.augmentation = try Augmentation(spec: "rotate=7.25,elastic=1.5")
        let model = Model(state: network.state, metadata: metadata)
        let bytes = ModelFile.encode(model)
        #expect(try ModelFile.decode(bytes, path: "m").metadata.augmentation == metadata.augmentation)

        // Make the rotation 200°, out of range, and re-seal the checksum so only the value is wrong.
        let offset = try ModelFileTests.fieldValueOffset(bytes, name: "augment rotate")
        #expect(Array(bytes[offset..<offset + 8]) == withUnsafeBytes(of: Double(7.25).bitPattern.littleEndian, Array.init))
        let damaged = ModelFileTests.patched(bytes, at: offset, with: withUnsafeBytes(of: Double(200).bitPattern.littleEndian, Array.init))
        #expect(throws: ModelFileError.self) { try ModelFile.decode(damaged, path: "m") }
    }

    private func inkPerRow(_ pixels: [UInt8]) -> Double {
        let rows = (0..<28).filter { row in (0..<28).contains { pixels[row * 28 + $0] > 25 } }.count
        return Double(pixels.reduce(0) { $0 + Int($1) }) / Double(max(rows, 1))
    }
}
