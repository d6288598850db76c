import MITensor

/// Resampled copies of a paired sample, each from its own random stream (replicate b uses
/// `rng.child(b)`), so replicate b is the same whatever the thread count or the replicates before it.
public enum Resampling {
    /// Bootstrap replicate: n rows drawn with replacement.
    public static func bootstrap(_ s: PairedSample, rng: RandomStream) -> PairedSample {
        var rng = rng
        let m = s.width
        var v = [Float](repeating: 0, count: s.values.count)
        for r in 0..<s.rows {
            let src = rng.integer(in: 0...(s.rows - 1))
            for j in 0..<m { v[r * m + j] = s.values[src * m + j] }
        }
        return PairedSample(values: v, rows: s.rows, dx: s.dx, dy: s.dy, dz: s.dz)
    }

    /// Permutation replicate: X kept, Y rows shuffled (Fisher–Yates), which breaks any dependence.
    /// Not for conditional MI, whose null must keep Y's dependence on Z (`ConditionalPermutation`).
    public static func permuteY(_ s: PairedSample, rng: RandomStream) -> PairedSample {
        precondition(s.dz == 0, "permuteY breaks Y's dependence on Z too")
        var rng = rng
        var order = Array(0..<s.rows)
        rng.shuffle(&order)
        let m = s.width
        var v = s.values
        for r in 0..<s.rows { for j in s.dx..<m { v[r * m + j] = s.values[order[r] * m + j] } }
        return PairedSample(values: v, rows: s.rows, dx: s.dx, dy: s.dy)
    }

    /// The q-quantile of `sorted` (ascending), linear interpolation between order statistics
    /// (Hyndman & Fan type 7, numpy's default).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty)
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// One-sided permutation p-value: (1 + #{null ≥ observed}) / (P + 1), never 0.
    public static func pValue(observed: Double, null: [Double]) -> Double {
        Double(1 + null.filter { $0 >= observed }.count) / Double(null.count + 1)
    }
}
