#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

/// A reproducible pseudo-random stream: xoshiro256** seeded through SplitMix64.
///
/// Every stochastic function in `mi` takes one of these explicitly. Streams are derived, never shared:
/// `RandomStream(seed: s, stream: i)` and `child(i)` give statistically independent streams (the
/// SplitMix64 finaliser decorrelates neighbouring seeds), so dataset *i* of a meta stream draws the same
/// numbers whatever the batch size, thread count or number of datasets before it. Only integer
/// arithmetic, IEEE sqrt and libm log are used, so the same seed gives the same numbers on any machine.
public struct RandomStream: Sendable {
    private var s0, s1, s2, s3: UInt64
    /// The second normal deviate of the last polar-method pair, used by the next `normal()` call.
    private var spareNormal: Double?

    public init(seed: UInt64, stream: UInt64 = 0) {
        var mixer = SplitMix64(state: seed)
        let key = mixer.next()
        var sm = SplitMix64(state: key ^ SplitMix64.mix(stream &+ 0x6A09_E667_F3BC_C909))
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is the one fixed point of xoshiro
        spareNormal = nil
    }

    /// An independent stream keyed by `index`, derived from this stream's current state without
    /// advancing it.
    public func child(_ index: UInt64) -> RandomStream {
        RandomStream(seed: SplitMix64.mix(s0 ^ SplitMix64.mix(s2 &+ 0x3C6E_F372_FE94_F82B)), stream: index)
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits (xoshiro256**, Blackman & Vigna 2018).
    public mutating func next() -> UInt64 {
        let result = RandomStream.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = RandomStream.rotl(s3, 45)
        return result
    }

    /// Uniform on the open interval (0, 1), 53 random bits.
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// Uniform on (a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Uniform integer in the closed range, without modulo bias (Lemire's method with rejection).
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return Int(bitPattern: UInt(next())) }  // the full 64-bit range
        var m = next().multipliedFullWidth(by: span)
        if m.low < span {
            let threshold = (0 &- span) % span
            while m.low < threshold { m = next().multipliedFullWidth(by: span) }
        }
        return range.lowerBound + Int(m.high)
    }

    /// Fisher–Yates shuffle in place: for i from the end down to 1, swap a[i] with a[integer(in: 0...i)].
    public mutating func shuffle<T>(_ a: inout [T]) {
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, integer(in: 0...i)) }
    }

    /// Standard normal deviate by Marsaglia's polar method (needs only log and sqrt).
    public mutating func normal() -> Double {
        if let z = spareNormal { spareNormal = nil; return z }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s >= 1 || s == 0 { continue }
            let f = (-2 * log(s) / s).squareRoot()
            spareNormal = v * f
            return u * f
        }
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through the U^(1/shape) boost.
    public mutating func gamma(shape: Double) -> Double {
        precondition(shape > 0, "gamma shape must be positive")
        if shape < 1 {
            let g = gamma(shape: shape + 1)
            return g * exp(log(uniform()) / shape)
        }
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// Chi-square with `dof` degrees of freedom (any positive real).
    public mutating func chiSquare(dof: Double) -> Double { 2 * gamma(shape: dof / 2) }

    /// Student-t with `dof` degrees of freedom.
    public mutating func studentT(dof: Double) -> Double { normal() / (chiSquare(dof: dof) / dof).squareRoot() }

    /// An index drawn with probability proportional to `weights` (non-negative, not all zero).
    public mutating func categorical(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var u = uniform() * total
        for (i, w) in weights.enumerated() {
            if u < w { return i }
            u -= w
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): the seeding generator recommended for xoshiro.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
