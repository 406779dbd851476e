/// Grayscale images with a class label each, kept compactly: one byte per pixel, all images in one
/// contiguous array.
public struct LabelledImages: Sendable {
    public let rows: Int
    public let columns: Int
    /// `count × rows × columns` bytes, image after image, row-major; 0 is background, 255 full ink.
    public let pixels: [UInt8]
    public let labels: [UInt8]

    public var count: Int { labels.count }
    /// More images than any IDX file this program reads can hold (its payload is bounded): the
    /// bound on every image count a model file stores.
    public static let maximumCount = 1 << 24
    public var pixelsPerImage: Int { rows * columns }

    public init(rows: Int, columns: Int, pixels: [UInt8], labels: [UInt8]) {
        precondition(pixels.count == rows * columns * labels.count, "pixel count does not match the labels")
        self.rows = rows
        self.columns = columns
        self.pixels = pixels
        self.labels = labels
    }

    /// The pixels of image `index`.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        pixels[index * pixelsPerImage..<(index + 1) * pixelsPerImage]
    }

    /// Where image `index` lies in `pixels`.
    public func range(of index: Int) -> Range<Int> {
        index * pixelsPerImage..<(index + 1) * pixelsPerImage
    }

    /// Runs `body` with a view that gives each image's pixels without copying; the view lives only
    /// as long as the call.
    public func withImages<Result>(_ body: (ImageView) throws -> Result) rethrows -> Result {
        try pixels.withUnsafeBufferPointer { try body(ImageView(pixels: $0, pixelsPerImage: pixelsPerImage)) }
    }

    /// The images' pixels in place, image by image.
    public struct ImageView {
        let pixels: UnsafeBufferPointer<UInt8>
        let pixelsPerImage: Int

        public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: pixels[index * pixelsPerImage..<(index + 1) * pixelsPerImage])
        }
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabelledImages {
        var selected: [UInt8] = []
        selected.reserveCapacity(indices.count * pixelsPerImage)
        for index in indices { selected += pixels[range(of: index)] }
        return LabelledImages(rows: rows, columns: columns, pixels: selected, labels: indices.map { labels[$0] })
    }

    /// Holds out `count` images chosen by `seed` for validation; the rest, in their order, train.
    public func splitValidation(_ count: Int, seed: UInt64) -> (train: LabelledImages, validation: LabelledImages) {
        var order = Array(0..<self.count)
        var generator = SplitMix64(seed: SeedStreams.validationSplit(seed))
        generator.shuffle(&order)
        let held = Set(order.prefix(count))
        return (subset((0..<self.count).filter { !held.contains($0) }), subset(order.prefix(count).sorted()))
    }

    /// These images, then `other`'s, of the same size.
    public func appending(_ other: LabelledImages) -> LabelledImages {
        precondition(other.rows == rows && other.columns == columns, "images of another size")
        return LabelledImages(rows: rows, columns: columns, pixels: pixels + other.pixels, labels: labels + other.labels)
    }

    /// The first `limit` images (all of them when `limit` is nil or larger than the set).
    public func prefix(_ limit: Int?) -> LabelledImages {
        guard let limit, limit < count else { return self }
        return LabelledImages(
            rows: rows, columns: columns,
            pixels: Array(pixels[0..<limit * pixelsPerImage]), labels: Array(labels[0..<limit])
        )
    }

    /// How many images carry each label, indexed by label.
    public func labelHistogram(classes: Int = 10) -> [Int] {
        var histogram = [Int](repeating: 0, count: classes)
        for label in labels where Int(label) < classes { histogram[Int(label)] += 1 }
        return histogram
    }
}
