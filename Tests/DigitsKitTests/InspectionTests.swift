@_spi(Testing) import DigitsKit
import Foundation
import Testing

/// The views inside a network: each checked against what it shows, computed here independently.
@Suite struct InspectionTests {
    static let models: [BuiltInModel] = [.classic, .strong]

    @Test("each first-layer map is the input's correlation with that filter, plus its bias", arguments: models)
    func firstLayerMaps(model: BuiltInModel) throws {
        let state = try model.load().state
        let pixels = try Array(TestData.mnistTest.get().image(0))
        let inspection = try NetworkInspector(state).inspect(pixels: pixels)
        let scaling = state.architecture.inputScaling
        let input = pixels.map { Float($0) / scaling.range + scaling.offset }
        // The first tensor holds 3×3 filters, tap-major ([ky][kx][filter]) in both models'
        // layouts for one input channel; the strong model's convolution has biases next.
        let weights = state.tensors[0], filters = weights.count / 9
        let biases = state.architecture.isClassic ? [Float](repeating: 0, count: filters) : state.tensors[1]
        let maps = inspection.layers[0].maps
        #expect(maps.count == filters && maps[0].height == 26 && maps[0].width == 26)
        var largestError: Float = 0
        for filter in 0..<filters {
            for y in 0..<26 {
                for x in 0..<26 {
                    var sum = biases[filter]
                    for ky in 0..<3 {
                        for kx in 0..<3 { sum += input[(y + ky) * 28 + x + kx] * weights[(ky * 3 + kx) * filters + filter] }
                    }
                    largestError = max(largestError, abs(sum - maps[filter].values[y * 26 + x]))
                }
            }
        }
        #expect(largestError < 1e-4)
        #expect(inspection.input.values == input)
    }

    @Test("the saliency map is the chosen digit's logit's slope in each pixel, as finite differences measure it", arguments: models)
    func saliency(model: BuiltInModel) throws {
        let state = try model.load().state
        let pixels = try Array(TestData.mnistTest.get().image(1))
        let inspector = try NetworkInspector(state)
        let (predicted, saliency) = inspector.saliency(pixels: pixels)
        let general = state.generalEquivalent
        let steps: [Float] = [2.5e-4, 1e-3, 4e-3]
        let network = try BatchNetwork(general.architecture, seed: 0, capacity: 2 * steps.count, threads: 1, drawsWeights: false)
        network.load(general.tensors)
        let scaling = state.architecture.inputScaling
        let input = pixels.map { Float($0) / scaling.range + scaling.offset }
        let logits = network.logits(inputs: input, count: 1, trainingStep: nil)
        #expect(predicted == logits.withUnsafeBufferPointer(Network.argmax))
        // The ten most salient pixels of ink: the logit's change as the input value moves a step
        // either way, within 2% of the slope for a network of ReLUs and max pools at one of three
        // steps. The smallest is a sixteenth of a byte; a kink between the two ends (more likely
        // the larger the step) or Float32 rounding (larger the smaller it is) can spoil one step,
        // rarely all three. (Background pixels are left out: their pool windows tie, and any ink
        // changes which input wins.)
        let strongest = saliency.indices.filter { (3...252).contains(pixels[$0]) }.sorted { saliency[$0] > saliency[$1] }.prefix(10)
        var agreeing = 0
        for pixel in strongest {
            var moved: [Float] = []
            for step in steps {
                for direction: Float in [-1, 1] {
                    var one = input
                    one[pixel] += direction * step
                    moved += one
                }
            }
            let outputs = network.logits(inputs: moved, count: moved.count / input.count, trainingStep: nil)
            let agrees = steps.indices.contains { index in
                let below = outputs[2 * index * logits.count + predicted], above = outputs[(2 * index + 1) * logits.count + predicted]
                let slope = abs(above - below) / (2 * steps[index]) / scaling.range
                return abs(slope - saliency[pixel]) <= 0.02 * saliency[pixel]
            }
            if agrees { agreeing += 1 }
        }
        #expect(agreeing >= 9, "\(agreeing) of 10 pixels agree")
        #expect(saliency.allSatisfy { $0 >= 0 && $0.isFinite } && saliency.max()! > 0)
    }

    @Test("the terminal sheet names every layer, shows the strongest maps and says how many it left out", arguments: models)
    func text(model: BuiltInModel) throws {
        let state = try model.load().state
        let inspection = try NetworkInspector(state).inspect(pixels: Array(TestData.mnistTest.get().image(0)))
        let sheet = InspectionText(painter: MapPainter(color: false, unicode: true), width: 80).render(inspection, title: "test")
        let lines = sheet.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 }, "every line fits 80 columns")
        let tokens = state.generalEquivalent.architecture.layers.map(\.token)
        for (index, token) in tokens.enumerated() { #expect(sheet.contains("layer \(index + 1)  \(token) → ")) }
        let filters = state.tensors[0].count / 9
        // 26-pixel maps fit three to a row at 80 columns, in two rows: six maps.
        #expect(sheet.contains("the 6 strongest of \(filters) maps (\(filters - 6) left out)"))
        #expect(sheet.contains("its filters, 3×3:"))
        #expect(sheet.contains("> 7 ") && sheet.contains("probabilities"))
        #expect(sheet.contains("saliency: what moved the 7"))
    }

    @Test("the colored sheet draws two pixels per cell in 256-color grays, and the saliency in reds")
    func colored() throws {
        let inspection = try NetworkInspector(BuiltInModel.classic.load().state).inspect(pixels: Array(TestData.mnistTest.get().image(0)))
        let sheet = InspectionText(painter: MapPainter(color: true, unicode: true), width: 100).render(inspection, title: "test")
        #expect(sheet.contains("\u{1B}[38;5;") && sheet.contains("\u{1B}[48;5;") && sheet.contains("▀"))
        // A red of the color cube (16 + 36·r with r ≥ 3, no green or blue) marks a salient pixel.
        #expect([124, 160, 196].contains { sheet.contains("\u{1B}[38;5;\($0)m") })
    }

    @Test("the PNG sheet reads back with its size and shows the input at 4×", arguments: models)
    func picture(model: BuiltInModel) throws {
        let pixels = try Array(TestData.mnistTest.get().image(0))
        let inspection = try NetworkInspector(model.load().state).inspect(pixels: pixels)
        let sheet = InspectionPicture(inspection)
        let image = try PNGReader.read(bytes: PNGWriter.png(rgb: sheet.pixels, width: sheet.width, height: sheet.height), path: "sheet")
        #expect(image.width == sheet.width && image.height == sheet.height)
        #expect(sheet.width >= 8 + 2 * 112 + 4 + 8 && sheet.height > 300)
        // The input band starts at the margin: pixel (y, x) of the digit is the 4×4 block at 8 + 4y, 8 + 4x.
        let ink = pixels.indices.max { pixels[$0] < pixels[$1] }!
        let (y, x) = (ink / 28, ink % 28)
        #expect(image[8 + 4 * y + 1, 8 + 4 * x + 1] > 0.9)
        #expect(image[8, 8] < 0.1, "the corner of the input is background")
    }

    @Test("the first-layer mosaic tiles the strongest maps and keeps their order")
    func mosaic() throws {
        let maps = (0..<5).map { index in FeatureMap(height: 4, width: 4, values: Array(repeating: Float(index), count: 16), index: index) }
        let picture = PadView.mosaic(maps, side: 28)
        // Three by three cells of 9 pixels; the strongest (4) first, at the top left, at full shade.
        #expect(picture[0] == 1 && picture[9] == 0.75 && picture[18] == 0.5 && picture[9 * 28] == 0.25 && picture[9 * 28 + 9] == 0)
    }
}
