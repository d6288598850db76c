import MITensor

/// Permutation replicates for a test of conditional independence X ⫫ Y | Z that keep X's dependence
/// on Z (Runge 2018, "Conditional independence testing based on a nearest-neighbor estimator of
/// conditional mutual information", AISTATS): each row's X is taken from one of its `neighbors`
/// nearest rows in Z (itself included), drawn so that each row's X is used once where possible.
/// Shuffling X freely would also break its link to Z and reject the null for any Z-dependence.
public struct ConditionalPermutation: Sendable {
    public let sample: PairedSample
    /// Each row's `neighbors` nearest rows in standardized Z (itself first), by (distance, row).
    let nearest: [Int32]
    public let neighbors: Int

    public init(_ s: PairedSample, neighbors k: Int = 5) throws {
        guard s.dz > 0 else { throw EstimatorError("a conditional permutation needs Z columns") }
        guard k >= 1 else { throw EstimatorError("--permutation-neighbors must be at least 1") }
        let n = s.rows, m = s.width, dz = s.dz, k = min(k, n)
        let zAll = standardizedColumns(s)
        var z = [Double](repeating: 0, count: n * dz)
        for r in 0..<n { for j in 0..<dz { z[r * dz + j] = zAll[r * m + s.dx + s.dy + j] } }
        var nearest = [Int32](repeating: 0, count: n * k)
        if dz == 1 {
            // Sorted order: the k nearest of a row are a window around it, grown toward the nearer side.
            let order = (0..<n).sorted { (z[$0], $0) < (z[$1], $1) }
            var position = [Int](repeating: 0, count: n)
            for (p, r) in order.enumerated() { position[r] = p }
            for i in 0..<n {
                var lo = position[i], hi = position[i]
                nearest[i * k] = Int32(i)
                for t in 1..<k {
                    let left = lo > 0 ? abs(z[order[lo - 1]] - z[i]) : .infinity
                    let right = hi < n - 1 ? abs(z[order[hi + 1]] - z[i]) : .infinity
                    if left <= right { lo -= 1; nearest[i * k + t] = Int32(order[lo]) } else { hi += 1; nearest[i * k + t] = Int32(order[hi]) }
                }
            }
        } else if k > 1 {
            z.withUnsafeBufferPointer { zb in
                let tree = KDTree(values: zb.baseAddress!, rows: n, stride: dz, offset: 0, metric: BlockMetric(split: dz, dim: dz, maxNorm: false))
                let dist2 = UnsafeMutablePointer<Double>.allocate(capacity: k - 1)
                let rows = UnsafeMutablePointer<Int32>.allocate(capacity: k - 1)
                defer { dist2.deallocate(); rows.deallocate() }
                for i in 0..<n {
                    nearest[i * k] = Int32(i)
                    tree.nearest(zb.baseAddress! + i * dz, k: k - 1, exclude: Int32(i), dist2: dist2, rows: rows)
                    for t in 1..<k { nearest[i * k + t] = rows[t - 1] }
                }
            }
        } else {
            for i in 0..<n { nearest[i] = Int32(i) }
        }
        self.sample = s; self.nearest = nearest; self.neighbors = k
    }

    /// One replicate: Y and Z as they are, each row's X from a Z-neighbour (the replicate's own stream).
    public func replicate(rng: RandomStream) -> PairedSample {
        var rng = rng
        let s = sample, n = s.rows, m = s.width, k = neighbors
        var rows = Array(0..<n)
        rng.shuffle(&rows)
        var used = [Bool](repeating: false, count: n)
        var candidates = [Int32](repeating: 0, count: k)
        var v = s.values
        for i in rows {
            for t in 0..<k { candidates[t] = nearest[i * k + t] }
            rng.shuffle(&candidates)
            // The first unused candidate; if all are used, the last one looked at.
            var pick = Int(candidates[k - 1])
            for c in candidates where !used[Int(c)] { pick = Int(c); break }
            used[pick] = true
            for j in 0..<s.dx { v[i * m + j] = s.values[pick * m + j] }
        }
        return PairedSample(values: v, rows: n, dx: s.dx, dy: s.dy, dz: s.dz)
    }
}
