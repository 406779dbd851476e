/// Letters, symbols, characters of other scripts and the ten digits, typeset in 21 fonts by
/// `Scripts/make-typeset-glyphs.py`: 32×32 ink levels (0 paper … 255 ink), labelled 0–9 for a
/// digit and `NonDigitPictures.label` for the rest. Embedded in the library
/// (`TypesetGlyphData.swift`), so training needs no fonts.
public enum TypesetGlyphs {
    static let side = 32

    /// The whole bank, decoded once.
    @_spi(Testing) public static let all: LabelledImages = {
        let images = decode(TypesetGlyphData.images, name: "typeset-glyphs-images-idx3-ubyte.gz")
        let labels = decode(TypesetGlyphData.labels, name: "typeset-glyphs-labels-idx1-ubyte.gz")
        return LabelledImages(rows: side, columns: side, pixels: images.payload, labels: labels.payload)
    }()

    /// The glyphs that are digits, and those that are not.
    static let digits = all.subset(all.labels.indices.filter { all.labels[$0] < 10 })
    static let nonDigits = all.subset(all.labels.indices.filter { all.labels[$0] == NonDigitPictures.label })

    /// The embedded bytes are the script's output, checked by a test against data/; failing to
    /// read them is a broken build, not a user's error.
    private static func decode(_ base64: String, name: String) -> IDXFile {
        do {
            return try IDXFile(bytes: [UInt8](Data(base64Encoded: base64) ?? Data()), path: name)
        } catch {
            preconditionFailure("the embedded \(name) does not read: \(error)")
        }
    }

    /// Glyph `index` of `glyphs` on a `canvas`-sized square: its height 18–30 pixels, its width
    /// stretched by 0.75–1.25, slanted and turned a little, and sampled bilinearly, as a printed
    /// character appears in a scan or a screenshot at any size.
    static func place(_ glyphs: LabelledImages, _ index: Int, on canvas: inout Canvas, _ generator: inout SplitMix64) {
        let glyph = glyphs.image(index)
        let height = generator.next(in: 18...30), stretch = generator.next(in: 0.75...1.25)
        let shear = generator.next(in: -0.25...0.25), angle = generator.next(in: -0.2...0.2)
        let scale = Float(side) / height, (c, s) = (cos(angle), sin(angle))
        let middleX = Float(canvas.width) / 2, middleY = Float(canvas.height) / 2, centre = Float(side) / 2
        let start = glyph.startIndex
        for row in 0..<canvas.height {
            for column in 0..<canvas.width {
                // From the canvas back into the glyph: undo the turn, the slant, then the size.
                let x = Float(column) + 0.5 - middleX, y = Float(row) + 0.5 - middleY
                let v = -s * x + c * y, u = (c * x + s * y) - shear * v
                let gx = u * scale / stretch + centre - 0.5, gy = v * scale + centre - 0.5
                guard gx > -1, gy > -1, gx < Float(side), gy < Float(side) else { continue }
                let x0 = Int(gx.rounded(.down)), y0 = Int(gy.rounded(.down))
                let fx = gx - Float(x0), fy = gy - Float(y0)
                func level(_ r: Int, _ q: Int) -> Float {
                    r < 0 || q < 0 || r >= side || q >= side ? 0 : Float(glyph[start + r * side + q]) / 255
                }
                let top = level(y0, x0) * (1 - fx) + level(y0, x0 + 1) * fx
                let bottom = level(y0 + 1, x0) * (1 - fx) + level(y0 + 1, x0 + 1) * fx
                canvas.ink[row * canvas.width + column] = top * (1 - fy) + bottom * fy
            }
        }
    }

}
