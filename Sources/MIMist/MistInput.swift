// From a paired sample to the model's input: per-coordinate normalisation, one token per row, and
// batches of data sets padded to the longest with an explicit padding mask.
//
// Token of row i (width 4·maxDim):
//   [x_i padded with zeros to maxDim | y_i padded to maxDim | 1{j < dx} for j < maxDim | 1{j < dy}]
// Why masks rather than the reference's plain concatenation [x, y, 0…]: there the X/Y boundary is only
// implicit (the middle of the non-zero columns, since training had dx = dy), and a genuine 0 value is
// indistinguishable from padding. Here X and Y have their own slots, so dx ≠ dy and 1-D variables are
// in range, and the model is told explicitly which coordinates exist. The masks are the same for every
// row of a data set; the row embedding sees them on every token.

import Foundation
import MIEstimators
import MITensor

public enum MistInput {
    /// The sample's columns normalised one by one: rows × (dx + dy), row-major.
    public static func normalized(_ s: PairedSample, _ mode: MistNormalization) throws -> [Float] {
        let (n, w) = (s.rows, s.width)
        guard s.values.allSatisfy({ $0.isFinite }) else {
            throw EstimatorError("mist: the data hold NaN or infinite values")
        }
        var out = s.values
        if mode == .none { return out }
        var column = [Float](repeating: 0, count: n), order = [Int](repeating: 0, count: n)
        for c in 0..<w {
            for r in 0..<n { column[r] = s.values[r * w + c] }
            switch mode {
            case .rank:
                // Average ranks (ties share the mean of their ranks) → Φ⁻¹(r / (n + 1)).
                for r in 0..<n { order[r] = r }
                order.sort { column[$0] < column[$1] || (column[$0] == column[$1] && $0 < $1) }
                var i = 0
                while i < n {
                    var j = i
                    while j + 1 < n && column[order[j + 1]] == column[order[i]] { j += 1 }
                    let rank = Double(i + j) / 2 + 1
                    let score = Float(Special.normalQuantile(rank / Double(n + 1)))
                    for t in i...j { out[order[t] * w + c] = score }
                    i = j + 1
                }
            case .standardize:
                var mean = 0.0, sq = 0.0
                for x in column { mean += Double(x) }
                mean /= Double(n)
                for x in column { sq += (Double(x) - mean) * (Double(x) - mean) }
                let sd = (sq / Double(max(n - 1, 1))).squareRoot()
                let inv = sd > 0 ? 1 / sd : 0
                for r in 0..<n { out[r * w + c] = Float(max(-8, min(8, (Double(column[r]) - mean) * inv))) }
            case .none:
                break
            }
        }
        return out
    }

    /// Row tokens of one sample: rows × config.tokenWidth, row-major.
    public static func tokens(_ s: PairedSample, config: MistConfig) throws -> [Float] {
        let m = config.maxDim
        guard s.dx >= 1, s.dy >= 1, s.dx <= m, s.dy <= m else {
            throw EstimatorError("mist: dx = \(s.dx), dy = \(s.dy); this model takes 1 to \(m) dimensions per variable")
        }
        guard s.rows >= 2 else { throw EstimatorError("mist: needs at least 2 rows, got \(s.rows)") }
        let z = try normalized(s, config.normalization)
        let (w, t) = (s.width, config.tokenWidth)
        var out = [Float](repeating: 0, count: s.rows * t)
        for r in 0..<s.rows {
            let o = r * t
            for j in 0..<s.dx { out[o + j] = z[r * w + j] }
            for j in 0..<s.dy { out[o + m + j] = z[r * w + s.dx + j] }
            for j in 0..<s.dx { out[o + 2 * m + j] = 1 }
            for j in 0..<s.dy { out[o + 3 * m + j] = 1 }
        }
        return out
    }

    /// Data sets' tokens stacked into (B, N, F), N the largest row count, shorter sets padded with zero
    /// rows; the mask (B, N) is 1 on padded rows, nil when no row is padded.
    public static func batch(_ tokenSets: [[Float]], tokenWidth f: Int) -> (tokens: Tensor, mask: Tensor?) {
        let rows = tokenSets.map { $0.count / f }
        let (b, n) = (tokenSets.count, rows.max() ?? 0)
        var tokens = [Float](repeating: 0, count: b * n * f)
        var mask = [Float](repeating: 0, count: b * n)
        for (i, set) in tokenSets.enumerated() {
            tokens.replaceSubrange((i * n * f)..<(i * n * f + set.count), with: set)
            for r in rows[i]..<n { mask[i * n + r] = 1 }
        }
        let padded = rows.contains { $0 < n }
        return (Tensor(tokens, shape: [b, n, f]), padded ? Tensor(mask, shape: [b, n]) : nil)
    }
}
