import Foundation

/// How many pictures that are not digits a classifier rejects, kind by kind: the pictures are the
/// files in each subfolder of a folder, one subfolder per kind (letters, symbols, shapes, …).
public struct NonDigitCheck: Sendable {
    public struct Kind: Sendable {
        public let name: String
        public let pictures: Int
        /// Answered "not a digit", or found no ink at all.
        public let rejected: Int
        public var rejectedShare: Double { Double(rejected) / Double(max(pictures, 1)) }

        public init(name: String, pictures: Int, rejected: Int) {
            self.name = name
            self.pictures = pictures
            self.rejected = rejected
        }
    }

    public let kinds: [Kind]
    public var pictures: Int { kinds.reduce(0) { $0 + $1.pictures } }
    public var rejected: Int { kinds.reduce(0) { $0 + $1.rejected } }
    public var rejectedShare: Double { Double(rejected) / Double(max(pictures, 1)) }

    /// Reads every PNG and Netpbm picture in the subfolders of `folder`, in name order.
    /// - Throws: When the folder cannot be listed, holds no subfolder of pictures, or a picture cannot be read.
    public static func run(_ classifier: DigitClassifier, folder: String) throws -> NonDigitCheck {
        let files = FileManager.default
        let names: [String]
        do {
            names = try files.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw NonDigitCheckError.unreadable(path: folder)
        }
        var kinds: [Kind] = []
        for name in names {
            var isFolder: ObjCBool = false
            let path = folder + "/" + name
            guard files.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
                  let pictures = try? files.contentsOfDirectory(atPath: path).filter(Self.isPicture).sorted(), !pictures.isEmpty
            else { continue }
            var rejected = 0
            for picture in pictures {
                let image = try ImageReader.read(path: path + "/" + picture).image
                if let prediction = try? classifier.classify(image), prediction.isDigit { continue }
                rejected += 1
            }
            kinds.append(Kind(name: name, pictures: pictures.count, rejected: rejected))
        }
        guard !kinds.isEmpty else { throw NonDigitCheckError.noPictures(path: folder) }
        return NonDigitCheck(kinds: kinds)
    }

    static func isPicture(_ name: String) -> Bool {
        ["png", "pgm", "pbm", "ppm", "pnm"].contains { name.lowercased().hasSuffix("." + $0) }
    }
}

public enum NonDigitCheckError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case noPictures(path: String)

    public var description: String {
        switch self {
        case let .unreadable(path): "\(path): cannot list the folder"
        case let .noPictures(path): "\(path): no subfolder holds pictures (PNG, PGM, PBM, PPM); put each kind of non-digit in a subfolder of its own"
        }
    }
}
