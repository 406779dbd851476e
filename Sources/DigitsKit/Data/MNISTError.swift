/// Why a folder of IDX files is not a usable labelled image set.
public enum MNISTError: Error, Equatable, CustomStringConvertible {
    case missing(directory: String, file: String)
    /// No folder was named and none of the usual places holds the files.
    case notFound(searched: [String])
    case idx(IDXError)
    case wrongShape(path: String, expected: String, found: String)
    case countMismatch(imagesPath: String, images: Int, labelsPath: String, labels: Int)
    case labelOutOfRange(path: String, index: Int, value: Int)

    public var description: String {
        switch self {
        case let .missing(directory, file):
            "\(directory)/\(file): not found; run Scripts/fetch-mnist.sh or pass --data DIR with the MNIST files"
        case let .notFound(searched):
            "no MNIST data found; looked in " + searched.joined(separator: ", ")
                + ". Fetch it with `Scripts/fetch-mnist.sh \(searched.last ?? "DIR")` from the digits source"
                + " (or `Scripts/install.sh --with-data`), or name a folder with --data DIR or DIGITS_DATA"
        case let .idx(error):
            error.description
        case let .wrongShape(path, expected, found):
            "\(path): expected \(expected), found \(found)"
        case let .countMismatch(imagesPath, images, labelsPath, labels):
            "\(imagesPath) holds \(images) images but \(labelsPath) holds \(labels) labels"
        case let .labelOutOfRange(path, index, value):
            "\(path): label \(index) is \(value); labels must be 0–9"
        }
    }
}
