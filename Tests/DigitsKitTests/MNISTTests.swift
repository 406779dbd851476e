import DigitsKit
import Testing

@Suite struct MNISTTests {
    @Test("the real training set: 60,000 images of 28×28, known labels and mean pixel")
    func trainingSet() throws {
        let train = try TestData.mnistTrain.get()
        #expect(train.count == 60_000)
        #expect(train.rows == 28 && train.columns == 28)
        #expect(train.pixels.count == 60_000 * 784)
        #expect(train.labelHistogram() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(Array(train.labels.prefix(10)) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        let mean = Double(train.pixels.reduce(0) { $0 + Int($1) }) / Double(train.pixels.count)
        #expect(abs(mean - 33.318) < 0.0005, "mean pixel \(mean)")
    }

    @Test("the real test set: 10,000 images of 28×28")
    func testSet() throws {
        let test = try TestData.mnistTest.get()
        #expect(test.count == 10_000)
        #expect(test.rows == 28 && test.columns == 28)
        #expect(test.labelHistogram() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        #expect(Array(test.labels.prefix(10)) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }

    @Test("Fashion-MNIST reads with the same reader: 6,000 training images per class",
          .enabled(if: TestData.fashionMNISTDirectory != nil, "Fashion-MNIST is not beside the checkout nor installed"))
    func fashion() throws {
        let directory = try #require(TestData.fashionMNISTDirectory)
        let train = try MNIST.load(.train, from: directory)
        #expect(train.count == 60_000)
        #expect(train.labelHistogram() == Array(repeating: 6000, count: 10))
        #expect(Array(train.labels.prefix(10)) == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5])
    }

    @Test("images and labels that disagree in count are refused")
    func countMismatch() throws {
        let images = try IDXFile(bytes: TestData.idx(type: 0x08, dimensions: [3, 2, 2], payload: Array(repeating: 0, count: 12)), path: "i")
        let labels = try IDXFile(bytes: TestData.idx(type: 0x08, dimensions: [2], payload: [1, 2]), path: "l")
        #expect(throws: MNISTError.countMismatch(imagesPath: "i", images: 3, labelsPath: "l", labels: 2)) {
            try MNIST.pair(images: images, imagesPath: "i", labels: labels, labelsPath: "l")
        }
    }

    @Test("a label of 10 is refused, naming its position")
    func labelTen() throws {
        let images = try IDXFile(bytes: TestData.idx(type: 0x08, dimensions: [2, 1, 1], payload: [0, 0]), path: "i")
        let labels = try IDXFile(bytes: TestData.idx(type: 0x08, dimensions: [2], payload: [9, 10]), path: "l")
        #expect(throws: MNISTError.labelOutOfRange(path: "l", index: 1, value: 10)) {
            try MNIST.pair(images: images, imagesPath: "i", labels: labels, labelsPath: "l")
        }
    }

    @Test("labels in 3 dimensions or images as floats are the wrong shape")
    func wrongShape() throws {
        let floats = try IDXFile(bytes: TestData.idx(type: 0x0D, dimensions: [1, 1, 1], payload: [0, 0, 0, 0]), path: "i")
        let labels = try IDXFile(bytes: TestData.idx(type: 0x08, dimensions: [1], payload: [1]), path: "l")
        #expect(throws: MNISTError.self) { try MNIST.pair(images: floats, imagesPath: "i", labels: labels, labelsPath: "l") }
        #expect(throws: MNISTError.self) { try MNIST.pair(images: labels, imagesPath: "l", labels: labels, labelsPath: "l") }
    }

    @Test("a folder without the files says where it looked")
    func missingFolder() {
        #expect(throws: MNISTError.missing(directory: "/nonexistent", file: "t10k-images-idx3-ubyte.gz")) {
            try MNIST.load(.test, from: "/nonexistent")
        }
    }
}
