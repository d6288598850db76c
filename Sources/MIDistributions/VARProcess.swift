#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// A bivariate Gaussian VAR(1) process: X_t = a·X_{t−1} + d·Y_{t−1} + ε_t, Y_t = c·X_{t−1} + b·Y_{t−1}
/// + η_t, with ε, η independent N(0, 1); c couples X → Y, d couples Y → X. Rows are consecutive times
/// of the stationary process (after a burn-in). The transfer entropies at lag 1 with histories of one
/// step, TE(X → Y) = I(Y_t; X_{t−1} | Y_{t−1}) and TE(Y → X), and the MI I(X_t; Y_t) are exact:
/// log-determinants of the stationary covariances.
public struct VARProcess: Sendable {
    public let a: Double, b: Double, c: Double, d: Double
    /// Stationary covariance of (X_t, Y_t), row-major 2×2.
    public let stationary: [Double]
    public private(set) var transferXY: Double, transferYX: Double
    /// I(X_t; Y_t).
    public let mutualInformation: Double
    /// Steps drawn and dropped before the first row.
    public static let burnIn = 1000

    public init(a: Double, b: Double, c: Double, d: Double) throws {
        guard [a, b, c, d].allSatisfy(\.isFinite) else { throw DistributionError("VAR coefficients must be finite") }
        // Stable iff both eigenvalues of [[a, d], [c, b]] lie inside the unit circle.
        let trace = a + b, det = a * b - c * d
        guard abs(det) < 1, abs(trace) < 1 + det else {
            throw DistributionError("the VAR(1) process with a=\(a) b=\(b) c=\(c) d=\(d) is not stationary (an eigenvalue of [[a, d], [c, b]] is outside the unit circle)")
        }
        self.a = a; self.b = b; self.c = c; self.d = d
        // S = A S Aᵀ + I, by iteration (a contraction for a stable A).
        var s = [1.0, 0, 0, 1]
        for _ in 0..<100_000 {
            let t = Self.propagate(s, a, b, c, d)
            let change = zip(t, s).map { abs($0 - $1) }.max()!
            s = t
            if change < 1e-15 * max(1, s.map(abs).max()!) { break }
        }
        stationary = s
        // Lag-1 cross-covariance L = Cov(W_t, W_{t−1}) = A S.
        let l = [a * s[0] + d * s[2], a * s[1] + d * s[3], c * s[0] + b * s[2], c * s[1] + b * s[3]]
        // (target, source, condition) 3×3: I(target; source | condition).
        func cmi(_ cov: [Double]) throws -> Double {
            try gaussianConditionalMutualInformation(covariance: cov, order: 3, x: [0], y: [1], z: [2])
        }
        // (Y_t, X_{t−1}, Y_{t−1}) and (X_t, Y_{t−1}, X_{t−1}).
        transferXY = try cmi([s[3], l[2], l[3], l[2], s[0], s[1], l[3], s[1], s[3]])
        transferYX = try cmi([s[0], l[1], l[0], l[1], s[3], s[2], l[0], s[2], s[0]])
        mutualInformation = max(0, -0.5 * Glibc.log(1 - s[1] * s[1] / (s[0] * s[3])))
        // Without coupling a direction's TE is 0; its log-determinants leave round-off of about 1e-16.
        if c == 0 { transferXY = 0 }
        if d == 0 { transferYX = 0 }
    }

    static func propagate(_ s: [Double], _ a: Double, _ b: Double, _ c: Double, _ d: Double) -> [Double] {
        // A S Aᵀ + I with A = [[a, d], [c, b]].
        let as0 = a * s[0] + d * s[2], as1 = a * s[1] + d * s[3], cs0 = c * s[0] + b * s[2], cs1 = c * s[1] + b * s[3]
        return [as0 * a + as1 * d + 1, as0 * c + as1 * b, cs0 * a + cs1 * d, cs0 * c + cs1 * b + 1]
    }

    /// `count` consecutive rows (X_t, Y_t), row-major.
    public func series(_ count: Int, rng: inout RandomStream) -> [Double] {
        var x = 0.0, y = 0.0
        var out = [Double](repeating: 0, count: 2 * count)
        for t in 0..<(Self.burnIn + count) {
            let e = rng.normal(), h = rng.normal()
            (x, y) = (a * x + d * y + e, c * x + b * y + h)
            if t >= Self.burnIn { out[2 * (t - Self.burnIn)] = x; out[2 * (t - Self.burnIn) + 1] = y }
        }
        return out
    }
}
