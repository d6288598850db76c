// From a paired sample to the model's input: per-coordinate normalisation, one token per row, and
// batches of data sets padded to the longest with an explicit padding mask. Two layouts of the same
// input: padded tokens (below; simple, the reference the tests compare against) and the compact batch
// (MistBatch: each data set's dx + dy columns only, so the cost does not grow with maxDim).
//
// Token of row i (width 4·maxDim):
//   [x_i padded with zeros to maxDim | y_i padded to maxDim | 1{j < dx} for j < maxDim | 1{j < dy}]
// Why masks rather than the reference's plain concatenation [x, y, 0…]: there the X/Y boundary is only
// implicit (the middle of the non-zero columns, since training had dx = dy), and a genuine 0 value is
// indistinguishable from padding. Here X and Y have their own slots, so dx ≠ dy and 1-D variables are
// in range, and the model is told explicitly which coordinates exist. The masks are the same for every
// row of a data set; the row embedding sees them on every token.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIEstimators
import MITensor

public enum MistInput {
    /// The sample's columns normalised one by one: rows × (dx + dy), row-major.
    public static func normalized(_ s: PairedSample, _ mode: MistNormalization) throws -> [Float] {
        let (n, w) = (s.rows, s.width)
        guard s.values.allSatisfy({ $0.isFinite }) else {
            throw EstimatorError("mist: the data hold NaN or infinite values")
        }
        switch mode {
        case .none:
            return s.values
        case .rank:
            // Average ranks (ties share the mean of their ranks) → Φ⁻¹(r / (n + 1)), as GC computes them.
            return GaussianCopulaEstimator.normalScores(s).map { Float($0) }
        case .standardize:
            var out = s.values
            for c in 0..<w {
                var mean = 0.0, sq = 0.0
                for r in 0..<n { mean += Double(s.values[r * w + c]) }
                mean /= Double(n)
                for r in 0..<n { sq += (Double(s.values[r * w + c]) - mean) * (Double(s.values[r * w + c]) - mean) }
                let sd = (sq / Double(max(n - 1, 1))).squareRoot()
                let inv = sd > 0 ? 1 / sd : 0
                for r in 0..<n { out[r * w + c] = Float(max(-8, min(8, (Double(s.values[r * w + c]) - mean) * inv))) }
            }
            return out
        }
    }

    /// What the model takes from one sample: its normalised values (rows × (dx + dy), row-major,
    /// unpadded) and, when the configuration asks for them, the per-data-set summaries (see
    /// `summary`; otherwise empty). `tokens` lays the values out as padded row tokens.
    public struct Encoded: Sendable {
        public var values: [Float]
        public var summary: [Float]
        public var rows: Int
        public var dx: Int, dy: Int
        public var maxDim: Int

        public init(values: [Float], summary: [Float], rows: Int, dx: Int, dy: Int, maxDim: Int) {
            self.values = values; self.summary = summary; self.rows = rows; self.dx = dx; self.dy = dy; self.maxDim = maxDim
        }

        /// Row tokens (rows × 4·maxDim, row-major): [x | 0… | y | 0… | 1{j < dx} | 1{j < dy}].
        public var tokens: [Float] {
            let (m, w, t) = (maxDim, dx + dy, 4 * maxDim)
            var out = [Float](repeating: 0, count: rows * t)
            for r in 0..<rows {
                let o = r * t
                for j in 0..<dx { out[o + j] = values[r * w + j] }
                for j in 0..<dy { out[o + m + j] = values[r * w + dx + j] }
                for j in 0..<dx { out[o + 2 * m + j] = 1 }
                for j in 0..<dy { out[o + 3 * m + j] = 1 }
            }
            return out
        }
    }

    public static func encode(_ s: PairedSample, config: MistConfig) throws -> Encoded {
        let m = config.maxDim
        guard s.dx >= 1, s.dy >= 1, s.dx <= m, s.dy <= m else {
            throw EstimatorError("mist: dx = \(s.dx), dy = \(s.dy); this model takes 1 to \(m) dimensions per variable")
        }
        guard s.rows >= 2 else { throw EstimatorError("mist: needs at least 2 rows, got \(s.rows)") }
        let z = try normalized(s, config.normalization)
        let summary = config.summaryFeatures ? Self.summary(z, rows: s.rows, dx: s.dx, dy: s.dy) : []
        return Encoded(values: z, summary: summary, rows: s.rows, dx: s.dx, dy: s.dy, maxDim: m)
    }

    /// Row tokens of one sample: rows × config.tokenWidth, row-major.
    public static func tokens(_ s: PairedSample, config: MistConfig) throws -> [Float] {
        try encode(s, config: config).tokens
    }

    /// [GC, log(1 + GC), log n / log 500] of normalised columns z (rows × (dx + dy)), where GC is the
    /// Gaussian MI ½·(log det R_XX + log det R_YY − log det R) of their correlation matrix R shrunk
    /// towards the identity, R_λ = (1 − λ)·R + λ·I with λ = min(1, ((dx + dy)/n)²): negligible when
    /// n ≫ dx + dy, and finite (towards 0) when n ≤ dx + dy, where the sample R is singular. On rank
    /// normal scores, GC is the Gaussian-copula estimate (exact in the limit for any monotone transform
    /// of a Gaussian). Capped at 50 nats.
    public static func summary(_ z: [Float], rows n: Int, dx: Int, dy: Int) -> [Float] {
        let m = dx + dy
        var corr =
            (try? z.withUnsafeBufferPointer {
                try CCAEstimator.correlationMatrix($0, rows: n, width: m, constantUncorrelated: true)
            }) ?? [Double](repeating: 0, count: m * m)
        let ratio = Double(m) / Double(n)
        let lambda = min(1, max(1e-6, ratio * ratio))
        for i in 0..<m {
            corr[i * m + i] = 1
            for j in 0..<m where j != i { corr[i * m + j] *= 1 - lambda }
        }
        func logDet(_ rows: Range<Int>) -> Double {
            let k = rows.count
            var a = [Double](repeating: 0, count: k * k)
            for (i, ri) in rows.enumerated() { for (j, rj) in rows.enumerated() { a[i * k + j] = corr[ri * m + rj] } }
            // λ ≥ 1e-6 keeps every block positive definite; should rounding still defeat the factorisation,
            // the block counts as log det −100 (so a joint failure gives the 50-nat cap, an X or Y one 0).
            return (try? LAPACK.logDeterminantSPD(a, order: k)) ?? -100
        }
        let gc = min(50, max(0, 0.5 * (logDet(0..<dx) + logDet(dx..<m) - logDet(0..<m))))
        return [Float(gc), Float(Glibc.log1p(gc)), Float(Glibc.log(Double(n)) / Glibc.log(500))]
    }

    /// Data sets' tokens stacked into (B, N, F), N the largest row count, shorter sets padded with zero
    /// rows; the mask (B, N) is 1 on padded rows, nil when no row is padded.
    public static func batch(_ tokenSets: [[Float]], tokenWidth f: Int) -> (tokens: Tensor, mask: Tensor?) {
        let b = batch(tokenSets, summaries: [], tokenWidth: f)
        return (b.tokens, b.mask)
    }

    /// The same, with the data sets' summaries stacked into (B, summaryWidth) (nil when none are given).
    public static func batch(_ tokenSets: [[Float]], summaries: [[Float]], tokenWidth f: Int) -> (tokens: Tensor, mask: Tensor?, summary: Tensor?) {
        let rows = tokenSets.map { $0.count / f }
        let (b, n) = (tokenSets.count, rows.max() ?? 0)
        var tokens = [Float](repeating: 0, count: b * n * f)
        var mask = [Float](repeating: 0, count: b * n)
        for (i, set) in tokenSets.enumerated() {
            tokens.replaceSubrange((i * n * f)..<(i * n * f + set.count), with: set)
            for r in rows[i]..<n { mask[i * n + r] = 1 }
        }
        let padded = rows.contains { $0 < n }
        let summary = summaries.isEmpty ? nil : Tensor(summaries.flatMap { $0 }, shape: [b, summaries[0].count])
        return (Tensor(tokens, shape: [b, n, f]), padded ? Tensor(mask, shape: [b, n]) : nil, summary)
    }
}

/// A batch in compact form: each data set's normalised values unpadded, (n_i, dx_i + dy_i); the model
/// applies the first embedding layer's matching weight columns to each (MistModel.callAsFunction(_:)),
/// which is the padded-token product without the zeros.
public struct MistBatch {
    public var values: [Tensor]
    public var dims: [(dx: Int, dy: Int)]
    /// N, the largest row count.
    public var rows: Int
    /// (B, N), 1 on padded rows; nil when no row is padded.
    public var mask: Tensor?
    /// (B, summaryWidth) when the model takes summaries.
    public var summary: Tensor?

    public init(_ sets: [MistInput.Encoded], summaries: Bool) {
        values = sets.map { Tensor($0.values, shape: [$0.rows, $0.dx + $0.dy]) }
        dims = sets.map { ($0.dx, $0.dy) }
        let n = sets.map(\.rows).max() ?? 0
        rows = n
        var m = [Float](repeating: 0, count: sets.count * n)
        for (i, set) in sets.enumerated() { for r in set.rows..<n { m[i * n + r] = 1 } }
        mask = sets.contains { $0.rows < n } ? Tensor(m, shape: [sets.count, n]) : nil
        summary = summaries && !sets.isEmpty ? Tensor(sets.flatMap(\.summary), shape: [sets.count, sets[0].summary.count]) : nil
    }

    public var count: Int { values.count }
}
