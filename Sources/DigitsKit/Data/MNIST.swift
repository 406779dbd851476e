/// The MNIST database (or any data set in its layout, such as Fashion-MNIST) in a folder.
public enum MNIST {
    public enum Split: String, CaseIterable, Sendable {
        case train, test

        /// The file-name stem the published files use for this split.
        var stem: String { self == .train ? "train" : "t10k" }
    }

    public static let classes = 10
    public static let side = 28

    /// The published file names, in the order the set-up step fetches them.
    public static let fileNames = Split.allCases.flatMap { split in
        ["\(split.stem)-images-idx3-ubyte.gz", "\(split.stem)-labels-idx1-ubyte.gz"]
    }

    /// Loads one split from `directory`, which holds the files gzip-compressed as published or raw.
    public static func load(_ split: Split, from directory: String) throws(MNISTError) -> LabelledImages {
        let imagesPath = try locate("\(split.stem)-images-idx3-ubyte", in: directory)
        let labelsPath = try locate("\(split.stem)-labels-idx1-ubyte", in: directory)
        let images: IDXFile
        let labels: IDXFile
        do {
            images = try IDXFile(contentsOf: imagesPath)
            labels = try IDXFile(contentsOf: labelsPath)
        } catch {
            throw .idx(error)
        }
        return try pair(images: images, imagesPath: imagesPath, labels: labels, labelsPath: labelsPath)
    }

    /// Checks that two IDX arrays form a labelled image set and joins them.
    public static func pair(
        images: IDXFile, imagesPath: String, labels: IDXFile, labelsPath: String
    ) throws(MNISTError) -> LabelledImages {
        guard images.elementType == .uint8, images.dimensions.count == 3 else {
            throw .wrongShape(path: imagesPath, expected: "unsigned bytes in 3 dimensions (count × rows × columns)",
                              found: describe(images))
        }
        guard labels.elementType == .uint8, labels.dimensions.count == 1 else {
            throw .wrongShape(path: labelsPath, expected: "unsigned bytes in 1 dimension (count)", found: describe(labels))
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw .countMismatch(imagesPath: imagesPath, images: images.dimensions[0],
                                 labelsPath: labelsPath, labels: labels.dimensions[0])
        }
        if let index = labels.payload.firstIndex(where: { Int($0) >= classes }) {
            throw .labelOutOfRange(path: labelsPath, index: index, value: Int(labels.payload[index]))
        }
        return LabelledImages(
            rows: images.dimensions[1], columns: images.dimensions[2], pixels: images.payload, labels: labels.payload
        )
    }

    private static func locate(_ stem: String, in directory: String) throws(MNISTError) -> String {
        for name in [stem + ".gz", stem] {
            let path = directory + "/" + name
            if access(path, F_OK) == 0 { return path }
        }
        throw .missing(directory: directory, file: stem + ".gz")
    }

    private static func describe(_ file: IDXFile) -> String {
        "\(file.elementType) in \(file.dimensions.count) dimension(s) (\(file.dimensions.map(String.init).joined(separator: "×")))"
    }
}
