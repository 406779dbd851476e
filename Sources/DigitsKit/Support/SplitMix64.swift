/// Steele, Lea and Flood's SplitMix64: a tiny, fast generator whose output depends only on the
/// seed, so `--seed N` gives the same bits on every run and machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// Draw number `index` (from 0) of a generator seeded with `seed`, without the draws before it:
    /// the state only advances by a constant, so any part of a stream can be drawn on any thread.
    @_spi(Testing) public static func draw(_ index: Int, seed: UInt64) -> UInt64 {
        mix(seed &+ UInt64(index + 1) &* increment)
    }

    private static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    private static func mix(_ state: UInt64) -> UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in the open interval (0, 1): the top 53 bits, offset by half a step so 0 never occurs.
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Uniform in `range`, from one `nextUniform` rounded to Float.
    mutating func next(in range: ClosedRange<Float>) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * Float(nextUniform())
    }

    /// Standard normal by the Box–Muller transform (one of the pair; simple and exactly repeatable).
    public mutating func nextNormal() -> Double {
        let u1 = nextUniform(), u2 = nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Fisher–Yates shuffle with this generator, defined here so that the order does not depend on
    /// the standard library's choice of algorithm.
    public mutating func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            let other = Int(next() % UInt64(index + 1))
            values.swapAt(index, other)
        }
    }
}
