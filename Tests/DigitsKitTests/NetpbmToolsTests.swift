@_spi(Testing) import DigitsKit
import Foundation
import Testing

/// Pictures written by independent tools — Debian's netpbm and ImageMagick — read and classified.
@Suite struct NetpbmToolsTests {
    /// A folder holding test image `index` as `digit.pgm`: light ink on black, 28×28, as MNIST stores it.
    func folder(withTestImage index: Int) throws -> (directory: String, label: Int) {
        let test = try TestData.mnistTest.get()
        let directory = try TestData.temporaryDirectory()
        try Shell.write(NetpbmWriter.pgm(Array(test.image(index)), width: 28, height: 28), to: directory + "/digit.pgm")
        return (directory, Int(test.labels[index]))
    }

    /// What ImageMagick reads from `file`: 16-bit gray samples scaled to 0…1.
    func imageMagickBrightness(_ file: String, in directory: String) throws -> [Float] {
        let raw = try Shell.run("/usr/bin/convert '\(file)' -depth 16 -endian MSB gray:-", in: directory)
        return stride(from: 0, to: raw.count, by: 2).map { Float(Int(raw[$0]) << 8 | Int(raw[$0 + 1])) / 65535 }
    }

    static let variants: [(String, String, Int, Int)] = [
        ("P5 8-bit 13×57", "pamscale -xsize 13 -ysize 57 digit.pgm > out.pgm", 13, 57),
        ("P2 8-bit 13×57", "pamscale -xsize 13 -ysize 57 digit.pgm | pnmtoplainpnm > out.pgm", 13, 57),
        ("P5 16-bit 280×280", "pamscale -xsize 280 -ysize 280 digit.pgm | pnmdepth 65535 > out.pgm", 280, 280),
        ("P2 16-bit 57×13", "pamscale -xsize 57 -ysize 13 digit.pgm | pnmdepth 65535 | pnmtoplainpnm > out.pgm", 57, 13),
        ("P5 maxval 1000, inverted", "pnminvert digit.pgm | pnmdepth 1000 > out.pgm", 28, 28),
        ("P5 from pgmtopgm", "pgmtopgm < digit.pgm > out.pgm", 28, 28),
        ("P5 1000×700 from ImageMagick", "/usr/bin/convert digit.pgm -negate -filter box -resize 700x700 -background white -gravity center -extent 1000x700 out.pgm", 1000, 700),
        ("P2 from ImageMagick", "/usr/bin/convert digit.pgm -compress none out.pgm", 28, 28),
    ]

    @Test("reads what netpbm and ImageMagick write exactly as ImageMagick reads it", arguments: variants)
    func readsLikeImageMagick(_ name: String, command: String, width: Int, height: Int) throws {
        let (directory, _) = try folder(withTestImage: 0)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Shell.run(command, in: directory)
        let image = try NetpbmReader.read(path: directory + "/out.pgm").image
        #expect(image.width == width && image.height == height)
        let reference = try imageMagickBrightness("out.pgm", in: directory)
        #expect(reference.count == image.brightness.count)
        let worst = zip(reference, image.brightness).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 2e-5, "\(name): largest difference \(worst)")
    }

    /// Each form of the first 10 test digits, with how many of them must be read right. The
    /// raw test images are all read right; a 1-bit threshold loses the gray edges MNIST is made of.
    static let pictures: [(String, String, Int)] = [
        ("dark on white 280×280 P5", "pnminvert digit.pgm | pamscale -xsize 280 -ysize 280 > out.pgm", 10),
        ("dark on white 280×280 P2 16-bit", "pnminvert digit.pgm | pamscale -xsize 280 -ysize 280 | pnmdepth 65535 | pnmtoplainpnm > out.pgm", 10),
        ("light on black 280×280", "pamscale -xsize 280 -ysize 280 digit.pgm > out.pgm", 10),
        ("small digit off-centre on a 1000×700 page", "/usr/bin/convert digit.pgm -negate -resize 200x200 -background white -gravity northwest -splice 120x400 -extent 1000x700 out.pgm", 9),
        ("PBM from pgmtopbm", "pnminvert digit.pgm | pamscale -xsize 112 -ysize 112 | pgmtopbm -threshold -value 0.5 > out.pgm", 8),
        ("PPM in blue ink", "pnminvert digit.pgm | pamscale -xsize 140 -ysize 140 | pgmtoppm rgb:00/00/80-rgb:ff/ff/ff > out.pgm", 10),
    ]

    @Test("classifies test digits drawn by other tools in many forms", arguments: pictures)
    func classifies(_ name: String, command: String, required: Int) throws {
        let classifier = DigitClassifier(network: try Network(BuiltInModel.default.load().state))
        var correct: [Int] = []
        for index in 0..<10 {
            let (directory, label) = try folder(withTestImage: index)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try Shell.run(command, in: directory)
            if try classifier.classify(NetpbmReader.read(path: directory + "/out.pgm").image).digit == label { correct.append(index) }
        }
        #expect(correct.count >= required, "\(name): read right \(correct)")
    }

    @Test("netpbm reads what our writer writes, P5 and P2")
    func netpbmReadsOurs() throws {
        let (directory, _) = try folder(withTestImage: 3)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ours = try Shell.read(directory + "/digit.pgm")
        let plain = NetpbmWriter.pgm(Array(ours.suffix(784)), width: 28, height: 28, plain: true, comment: "plain")
        try Shell.write(plain, to: directory + "/plain.pgm")
        let fromPlain = try Shell.run("pnmtopnm < plain.pgm | pgmtopgm", in: directory)
        #expect(Array(fromPlain.suffix(784)) == Array(ours.suffix(784)))
    }

    @Test("all 10,000 MNIST test digits as dark-on-white 280×280 pictures are read within 1 point of the raw accuracy")
    func wholePathAccuracy() throws {
        let test = try TestData.mnistTest.get()
        let network = try Network(BuiltInModel.default.load().state)
        let raw = network.evaluate(test).accuracy
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let classifier = DigitClassifier(network: network)
        var index = 0, correct = 0
        // Streams of 2,000 28×28 dark-on-white pictures, which pamscale enlarges one by one.
        for chunk in stride(from: 0, to: test.count, by: 2000) {
            var stream: [UInt8] = []
            for image in chunk..<min(chunk + 2000, test.count) {
                stream += NetpbmWriter.pgm(test.image(image).map { 255 - $0 }, width: 28, height: 28)
            }
            try Shell.write(stream, to: directory + "/chunk.pgm")
            let pictures = try Shell.run("pamscale -xsize 280 -ysize 280 chunk.pgm", in: directory)
            try NetpbmReader.forEachImage(in: pictures, path: "pamscale output") { image in
                if let prediction = try? classifier.classify(image), prediction.digit == Int(test.labels[index]) { correct += 1 }
                index += 1
            }
        }
        #expect(index == test.count)
        let accuracy = Double(correct) / Double(test.count)
        #expect(abs(accuracy - raw) <= 0.01, "pictures \(accuracy), raw \(raw)")
        print("whole-path accuracy \(accuracy) vs raw \(raw) on \(test.count) test images")
    }
}
