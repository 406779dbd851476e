/// How strongly training digits are distorted, each sample anew, so that the network learns the
/// shapes handwriting takes rather than MNIST's exact images. Every strength is the largest
/// distortion drawn; each sample gets a uniform draw in ±strength (0 turns a distortion off), except
/// `coarsen`, a probability.
///
/// The spec is `name=value` pairs, comma-separated, as in `rotate=12,shear=0.2,thickness=0.8`;
/// `standard` names the mix the built-in strong model was trained with.
public struct Augmentation: Sendable, Equatable {
    /// Translation, in pixels.
    public var shift: Float = 0
    /// Rotation, in degrees.
    public var rotation: Float = 0
    /// Relative size change, independently in x and y (0.1 draws 0.9×…1.1×).
    public var scale: Float = 0
    /// Horizontal shear, x += shear × y (0.3 slants about 17°).
    public var shear: Float = 0
    /// Smooth elastic displacement, in pixels: a coarse random field, interpolated.
    public var elastic: Float = 0
    /// Stroke width change, in pixels: thicker when the draw is positive, thinner when negative.
    public var thickness: Float = 0
    /// The chance (0–1) that a sample loses resolution, as a coarse scan: its ink box reduced to
    /// 7–14 pixels on the long side, then enlarged back.
    public var coarsen: Float = 0

    public init() {}

    /// The names, in spec order, with their bounds and what each measures in.
    static let fields: [(name: String, limit: Float, keyPath: WritableKeyPath<Augmentation, Float> & Sendable)] = [
        ("shift", 6, \.shift), ("rotate", 45, \.rotation), ("scale", 0.5, \.scale),
        ("shear", 1, \.shear), ("elastic", 4, \.elastic), ("thickness", 2, \.thickness), ("coarsen", 1, \.coarsen),
    ]

    /// The mix the built-in strong model was trained with (see `docs/augmentation.md` for why).
    public static let standard: Augmentation = {
        var mix = Augmentation()
        mix.rotation = 12
        mix.scale = 0.12
        mix.shear = 0.3
        mix.coarsen = 0.5
        return mix
    }()

    public var isIdentity: Bool { Self.fields.allSatisfy { self[keyPath: $0.keyPath] == 0 } }

    /// The strengths as a spec that `init(spec:)` reads back.
    public var spec: String {
        let parts = Self.fields.filter { self[keyPath: $0.keyPath] != 0 }.map { "\($0.name)=\(self[keyPath: $0.keyPath])" }
        return parts.isEmpty ? "none" : parts.joined(separator: ",")
    }

    public struct SpecError: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public init(spec: String) throws(SpecError) {
        let trimmed = spec.filter { $0 != " " }.lowercased()
        if trimmed == "standard" {
            self = .standard
            return
        }
        self.init()
        if trimmed == "none" { return }
        var seen: Set<String> = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", omittingEmptySubsequences: false)
            let names = Self.fields.map(\.name).joined(separator: ", ")
            guard pieces.count == 2, let field = Self.fields.first(where: { $0.name == pieces[0] }) else {
                throw SpecError(description: "'\(part)': expected name=value with a name from \(names), or 'standard' or 'none'")
            }
            guard seen.insert(field.name).inserted else { throw SpecError(description: "'\(field.name)' is given twice") }
            guard let value = Float(pieces[1]), value >= 0, value <= field.limit else {
                throw SpecError(description: "'\(part)': \(field.name) must be a number from 0 to \(field.limit)")
            }
            self[keyPath: field.keyPath] = value
        }
    }
}

extension Augmentation {
    /// A 28×28 digit as training with this augmentation and `seed` shows it in `epoch` when it is
    /// the training set's image `index`: distorted, then framed as `classify` frames a picture.
    public func distorted(_ pixels: [UInt8], seed: UInt64, epoch: Int, index: Int) -> [UInt8] {
        var distorter = DigitDistorter(augmentation: self, seed: seed)
        var output = [UInt8](repeating: 0, count: pixels.count)
        pixels.withUnsafeBufferPointer { pixels in
            output.withUnsafeMutableBufferPointer { distorter.distort(pixels, epoch: epoch, index: index, into: $0) }
        }
        return output
    }
}
