/// The kinds of picture that the "not a digit" output learns from, each drawn from a seed.
public enum NonDigitKind: String, CaseIterable, Sendable {
    /// Letters and symbols written with the pad's pen, distorted (`StrokeLetters`).
    case letter
    /// Letters, symbols and characters of other scripts typeset in fonts (`TypesetGlyphs`).
    case typeset
    /// Random pen strokes that wander and turn.
    case scribble
    /// Filled polygons, stars and ellipses; outlined polygons and crosses.
    case shape
    /// Two or three training digits side by side or overlapping: a number, not a digit.
    case pair
    /// Part of a training digit (not a 1): what a cut through a number leaves.
    case fragment
    /// Smooth gray fields and blobs, as crops of photographs look.
    case texture
    /// Scattered and dense noise.
    case noise

    /// How many of every 20 pictures are of this kind.
    var share: Int {
        switch self {
        case .letter: 4
        case .typeset: 5
        case .scribble: 2
        case .shape: 2
        case .pair: 2
        case .fragment: 2
        case .texture: 2
        case .noise: 1
        }
    }

    /// The kind of picture `index`: the kinds take turns by their shares.
    public static func of(_ index: Int) -> NonDigitKind {
        var slot = index % 20
        for kind in allCases {
            if slot < kind.share { return kind }
            slot -= kind.share
        }
        preconditionFailure("the shares add up to 20")
    }
}
