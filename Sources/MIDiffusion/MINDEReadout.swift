// MINDE's Monte-Carlo read-out on the held-out rows: `passes` times over the rows, each row with one
// importance-sampled time and one noise draw shared by every network call of that row, the weight
// Z/2 of the importance sampling (VPSDE) on each squared norm. In noise units (ε̂ = −σ_t·score):
//   minde-c        (Z/2)‖ε̂(x_t | ·)_X − ε̂(x_t | y)_X‖²                 (X's marginal vs given Y)
//   minde-j        (Z/2)‖ε̂(x_t, y_t) − [ε̂(x_t | y)_X, ε̂(y_t | x)_Y]‖²  (joint vs the two conditionals)
//   σ variants     each score against a Gaussian reference N(0, s² I) whose diffused score is known,
//                  r_t = σ_t·z_t/χ_t with χ_t = α_t² s² + σ_t²; KL(p ‖ q) ≈ (Z/2)‖ε̂ − r_t‖², so
//                  minde-c-sigma = KL_{X|Y} − KL_X and minde-j-sigma = KL_{X|Y} + KL_{Y|X} − KL_{XY}
//   entropies      H(p) = −E_p log q − KL(p ‖ q): (d/2)·log(2π s²) + E‖z_0‖²/(2 s²) − KL, on the
//                  standardized columns, plus Σ log sd of the original columns (the user's units).
//                  minde-c gives H(X) (and H(X|Y)); minde-j gives H(X, Y), and H(X) = H(X, Y) − H(Y|X),
//                  H(Y) = H(X, Y) − H(X|Y).
// Each row's values are averaged over the passes; the estimate is their mean over the rows and its
// standard error their standard deviation over √rows (the held-out rows' spread and the Monte-Carlo
// noise together; not the network's own error).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MINeural
import MITensor

public struct MINDEReadout: Sendable {
    /// The difference-of-scores estimate and the σ (reference) estimate, each with its standard error.
    public var mi: Double, miSE: Double
    public var sigmaMI: Double, sigmaSE: Double
    /// On the standardized columns (nats): H(X), H(Y), H(X, Y) where the variant gives them.
    public var entropyX: Double?, entropyY: Double?, entropyXY: Double?

    /// The entropies in the original units: each shifted by the log standard deviations of its columns.
    public func entropies(logSD: [Double], dx: Int) -> (x: Double?, y: Double?, xy: Double?) {
        let sx = logSD.prefix(dx).reduce(0, +), sy = logSD.dropFirst(dx).reduce(0, +)
        return (entropyX.map { $0 + sx }, entropyY.map { $0 + sy }, entropyXY.map { $0 + sx + sy })
    }
}

extension MINDEModel {
    /// The read-out with `passes` Monte-Carlo passes, reference standard deviation `referenceSD`.
    public func readOut(passes: Int, referenceSD s: Double, seed: UInt64) -> MINDEReadout {
        let d = dx + dy, n = held.count / d
        var rng = RandomStream(seed: seed, stream: 3)
        let half = sde.normalizer / 2
        // Per row, summed over passes: difference, and the KLs [X, X|Y, Y|X, XY].
        var diff = [Double](repeating: 0, count: n), sigma = diff
        var kl = [[Double]](repeating: [Double](repeating: 0, count: n), count: 4)
        let targets: [DiffusionTarget] = variant == .conditional ? [.xMarginal, .xGivenY] : [.joint, .xGivenY, .yGivenX]
        let chunk = 2048
        for _ in 0..<passes {
            for start in stride(from: 0, to: n, by: chunk) {
                let rows = Swift.min(chunk, n - start)
                let clean = Array(held[(start * d)..<((start + rows) * d)])
                let b = NoisedBatch(clean: clean, dx: dx, dy: dy, times: sde.importanceTimes(rows, rng: &rng), sde: sde, rng: &rng)
                let outs = withNoGrad {
                    targets.map { t -> [Float] in
                        let (z, tau) = t.inputs(b); return network(Variable(z), times: Variable(tau)).value.scalars
                    }
                }
                for i in 0..<rows {
                    let t = Double(b.times[i]), a = sde.alpha(t), sd = Double(b.sigmas[i])
                    let chi = a * a * s * s + sd * sd
                    // r_t = σ_t z_t / χ_t on every coordinate.
                    func ref(_ j: Int) -> Double { sd * Double(b.noised[i * d + j]) / chi }
                    func sq(_ o: [Float], _ range: Range<Int>) -> Double {
                        range.reduce(0.0) { acc, j in
                            let e = Double(o[i * d + j]) - ref(j); return acc + e * e
                        }
                    }
                    let r = start + i
                    switch variant {
                    case .conditional:
                        let (m, c) = (outs[0], outs[1])
                        var dd = 0.0
                        for j in 0..<dx { let e = Double(m[i * d + j]) - Double(c[i * d + j]); dd += e * e }
                        let kx = half * sq(m, 0..<dx), kxy = half * sq(c, 0..<dx)
                        diff[r] += half * dd
                        sigma[r] += kxy - kx
                        kl[0][r] += kx; kl[1][r] += kxy
                    case .joint:
                        let (jo, xy, yx) = (outs[0], outs[1], outs[2])
                        var dd = 0.0
                        for j in 0..<d {
                            let e = Double(jo[i * d + j]) - Double(j < dx ? xy[i * d + j] : yx[i * d + j])
                            dd += e * e
                        }
                        let kxy = half * sq(xy, 0..<dx), kyx = half * sq(yx, dx..<d), kj = half * sq(jo, 0..<d)
                        diff[r] += half * dd
                        sigma[r] += kxy + kyx - kj
                        kl[1][r] += kxy; kl[2][r] += kyx; kl[3][r] += kj
                    }
                }
            }
        }
        let p = Double(Swift.max(passes, 1))
        func meanSE(_ v: [Double]) -> (Double, Double) {
            let m = v.reduce(0, +) / (p * Double(n))
            let ss = v.reduce(0.0) { $0 + ($1 / p - m) * ($1 / p - m) }
            return (m, n > 1 ? (ss / Double(n - 1) / Double(n)).squareRoot() : .nan)
        }
        let (mi, miSE) = meanSE(diff), (sm, sse) = meanSE(sigma)
        // −E log q of the held-out rows' columns [lo, hi).
        func crossEntropy(_ cols: Range<Int>) -> Double {
            var acc = 0.0
            for i in 0..<n { for j in cols { let v = Double(held[i * d + j]); acc += v * v } }
            return Double(cols.count) / 2 * log(2 * Double.pi * s * s) + acc / Double(n) / (2 * s * s)
        }
        let klMean = kl.map { $0.reduce(0, +) / (p * Double(n)) }
        var out = MINDEReadout(mi: mi, miSE: miSE, sigmaMI: sm, sigmaSE: sse)
        switch variant {
        case .conditional:
            out.entropyX = crossEntropy(0..<dx) - klMean[0]
        case .joint:
            let hxy = crossEntropy(0..<d) - klMean[3]
            out.entropyXY = hxy
            out.entropyX = hxy - (crossEntropy(dx..<d) - klMean[2])
            out.entropyY = hxy - (crossEntropy(0..<dx) - klMean[1])
        }
        return out
    }
}
