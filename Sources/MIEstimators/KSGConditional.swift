// Conditional MI by nearest neighbours (Frenzel & Pompe 2007, Phys. Rev. Lett. 99, 204101), the
// conditional form of KSG's first estimator, with KSGEstimator's conventions (standardized columns,
// norm within each variable, max across variables, strict counts, ties by row).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// I(X; Y | Z) = ψ(k) − mean_i[ψ(n_xz,i + 1) + ψ(n_yz,i + 1) − ψ(n_z,i + 1)], where ε_i is the
/// distance from row i to its k-th nearest neighbour in (X, Y, Z) (the max of its X, Y and Z
/// distances) and n_xz,i = #{j ≠ i : max(‖x_j − x_i‖, ‖z_j − z_i‖) < ε_i}, likewise n_yz,i and n_z,i.
/// Each k's estimate is clipped at 0 (`rawEstimates` keeps the sign, for permutation nulls); a list
/// of k is averaged.
///
/// Search, in low dimension: the rows sorted by their first Z coordinate (`SortedStrip`); a row's k
/// nearest by scanning outward along them (small n) or from a k-d tree over (X, Y, Z), and its
/// three counts by scanning the run of sorted rows within ε (where those runs are long: over bands
/// of the second Z coordinate, or with one Z coordinate trees over (X, Z), (Y, Z) and Z). Otherwise one scan per row of its X, Y and Z distances to every row,
/// from which the neighbours and all three counts follow. All are exact and give the same numbers.
/// Parallel over rows for large n; sums in a fixed order, so the result does not depend on the
/// thread count.
public struct KSGConditionalEstimator: Sendable {
    public var neighbors: [Int]
    public var norm: KSGNorm
    public var search: KSGEstimator.Search
    /// Rows of a sorted strip longer than this are counted by trees over (X, Z), (Y, Z) and Z
    /// instead (the strip costs a nanosecond or two a row, three tree counts several microseconds;
    /// both are exact, so this changes the time only), once the strips' rows beyond it outnumber
    /// `treeBuilding` a row, about what building the three trees costs.
    var longestStrip = 4096
    var treeBuilding = 512
    /// With two or more Z coordinates, rows whose strip is longer than this are counted over bands
    /// of the second Z coordinate instead (`BandedStrip`; fork, dz = 3: n = 10⁴ 68 → 48 ms, 10⁵
    /// 1.9 → 1.0 s on one core); trees over (X, Z), (Y, Z) and Z then serve dz = 1 only.
    var bandedRun = 256
    /// In samples of up to `scanRows` rows, a row's k nearest are searched along the sorted strip for
    /// `neighbourScan` rows before the k-d tree over (X, Y, Z) is asked (built only if some row needs
    /// it); the two find the same distances. The scan costs more rows than the tree visits as n
    /// grows (fork, k = 3: faster than the tree at n = 1000, slower at 10⁴).
    var scanRows = 3000
    var neighbourScan = 1024

    public init(neighbors: [Int] = [5], norm: KSGNorm = .euclidean, search: KSGEstimator.Search = .automatic) {
        self.neighbors = neighbors; self.norm = norm; self.search = search
    }

    public func estimate(_ s: PairedSample) throws -> Double {
        let perK = try rawEstimates(s).map { Swift.max(0, $0) }
        return perK.reduce(0, +) / Double(perK.count)
    }

    /// The estimate for each k of `neighbors`, not clipped.
    public func rawEstimates(_ s: PairedSample) throws -> [Double] {
        guard s.dz > 0 else { throw EstimatorError("ksg: conditional MI needs Z columns") }
        guard !neighbors.isEmpty, let kmax = neighbors.max(), let kmin = neighbors.min(), kmin >= 1 else {
            throw EstimatorError("ksg: k must be at least 1")
        }
        guard kmax < s.rows else {
            throw EstimatorError("ksg: k=\(kmax) needs more than \(kmax) rows, the data set has \(s.rows)")
        }
        let z = standardizedColumns(s)
        let sums = digammaSums(z, rows: s.rows, dx: s.dx, dy: s.dy, dz: s.dz, kmax: kmax)
        let n = Double(s.rows)
        return try neighbors.enumerated().map { ki, k in
            let cmi = Special.digamma(Double(k)) - sums[ki] / n
            // As for MI, n rows cannot show more than log n nats; above it neighbours sit at distance 0.
            guard cmi.isFinite, cmi <= log(n) else {
                throw EstimatorError(
                    "ksg: no estimate: k=\(k) gives \(cmi.isFinite ? String(cFormat: "%.3g", cmi) : "NaN") nats of conditional MI, above log n = \(String(cFormat: "%.3g", log(n))), the most \(s.rows) rows can show (tied rows)"
                )
            }
            return cmi
        }
    }

    /// Σ_i [ψ(n_xz,i + 1) + ψ(n_yz,i + 1) − ψ(n_z,i + 1)] for each k. z: (n, dx + dy + dz) standardized.
    func digammaSums(_ z: [Double], rows n: Int, dx: Int, dy: Int, dz: Int, kmax: Int) -> [Double] {
        let m = dx + dy + dz, nk = neighbors.count
        // The scan costs n² distance triples; the tree and the strip win from a few hundred rows in a
        // handful of joint dimensions (measured on the fork: n = 1000, dz = 1 or 3, 10 ms by the scan,
        // see Benchmarks/cmi-results.md), and from far more rows in many.
        let useTree: Bool
        switch search {
        case .tree: useTree = true
        case .bruteForce: useTree = false
        case .automatic: useTree = m <= 6 ? n > 400 : KSGEstimator(search: search).useTree(rows: n, dim: m)
        }
        // (n_xz + 1, n_yz + 1, n_z + 1) of every row and k, filled in parallel, summed afterwards.
        var arguments = [Int32](repeating: 0, count: 3 * n * nk)
        z.withUnsafeBufferPointer { zb in
            arguments.withUnsafeMutableBufferPointer { ab in
                let dims = (dx: dx, dy: dy, dz: dz)
                if useTree {
                    searchedCounts(zb.baseAddress!, rows: n, dims: dims, kmax: kmax, into: ab.baseAddress!)
                } else {
                    scannedCounts(zb.baseAddress!, rows: n, dims: dims, kmax: kmax, into: ab.baseAddress!)
                }
            }
        }
        var psi = [Double](repeating: .nan, count: n + 2)
        func digamma(_ m: Int32) -> Double {
            let m = Int(m)
            guard m >= 0 && m < psi.count else { return Special.digamma(Double(m)) }
            if psi[m].isNaN { psi[m] = Special.digamma(Double(m)) }
            return psi[m]
        }
        var sums = [Double](repeating: 0, count: nk)
        for i in 0..<n {
            for ki in 0..<nk {
                let a = 3 * (i * nk + ki)
                sums[ki] += digamma(arguments[a]) + digamma(arguments[a + 1]) - digamma(arguments[a + 2])
            }
        }
        return sums
    }

    /// The counts by search: each row's k nearest in (X, Y, Z) by scanning outward along the rows
    /// sorted by the first Z coordinate (`SortedStrip`), or from a k-d tree where that scan runs
    /// long; then its three counts from the strip of sorted rows within ε. Rows are visited in
    /// sorted order, so that neighbouring queries read overlapping memory.
    private func searchedCounts(
        _ zp: UnsafePointer<Double>, rows n: Int, dims: (dx: Int, dy: Int, dz: Int), kmax: Int, into out: UnsafeMutablePointer<Int32>
    ) {
        let (dx, dy, dz) = dims, m = dx + dy + dz, ks = neighbors, nk = ks.count, maxNorm = norm == .max
        let strip = SortedStrip(zp, rows: n, dx: dx, dy: dy, dz: dz, maxNorm: maxNorm)
        // ε² and the strip of every row and k; NaN: the scan gave up on that row.
        var radii = [Double](repeating: .nan, count: n * nk)
        var runs = [Int32](repeating: 0, count: 2 * n * nk)
        radii.withUnsafeMutableBufferPointer { rb in
            runs.withUnsafeMutableBufferPointer { sb in
                nonisolated(unsafe) let radius = rb.baseAddress!, run = sb.baseAddress!
                func record(_ i: Int, _ dist2: UnsafeMutablePointer<Double>) {
                    for (ki, k) in ks.enumerated() {
                        let e2 = dist2[k - 1], r = strip.run(around: zp[i * m + dx + dy], within: e2)
                        radius[i * nk + ki] = e2
                        run[2 * (i * nk + ki)] = Int32(r.lowerBound); run[2 * (i * nk + ki) + 1] = Int32(r.upperBound)
                    }
                }
                if n <= scanRows {
                    _ = forEachChunk(rows: n, chunkSize: 256, parallel: n >= 512) { _, range in
                        let dist2 = UnsafeMutablePointer<Double>.allocate(capacity: kmax)
                        defer { dist2.deallocate() }
                        for p in range where strip.nearest(at: p, kmax: kmax, budget: neighbourScan, into: dist2) {
                            record(Int(strip.order[p]), dist2)
                        }
                    }
                }
                guard (0..<n).contains(where: { radius[$0 * nk].isNaN }) else { return }
                let joint = KDTree(values: zp, rows: n, stride: m, offset: 0, metric: BlockMetric(split: dx, split2: dx + dy, dim: m, maxNorm: maxNorm))
                // In the tree's own order, so that consecutive searches walk the same nodes.
                let missed = joint.rowOf.compactMap { r in radius[Int(r) * nk].isNaN ? Int(r) : nil }
                _ = forEachChunk(rows: missed.count, chunkSize: 256, parallel: missed.count >= 512) { _, range in
                    let dist2 = UnsafeMutablePointer<Double>.allocate(capacity: kmax)
                    let rows = UnsafeMutablePointer<Int32>.allocate(capacity: kmax)
                    defer { dist2.deallocate(); rows.deallocate() }
                    for t in range {
                        let i = missed[t]
                        joint.nearest(zp + i * m, k: kmax, exclude: Int32(i), dist2: dist2, rows: rows)
                        record(i, dist2)
                    }
                }
            }
        }
        // Long strips: with two or more Z coordinates, bands of the second as wide as the median ε
        // count the rows whose strip is longer than `bandedRun`; with one, trees count those beyond
        // `longestStrip`, built only where they pay for their building (about `treeBuilding` strip
        // rows per row).
        var longest = 0, excess = 0
        for a in 0..<(n * nk) {
            let length = Int(runs[2 * a + 1] - runs[2 * a])
            longest = Swift.max(longest, length); excess += Swift.max(0, length - longestStrip)
        }
        var banded: BandedStrip?
        if dz >= 2 && longest > bandedRun {
            let radius = RadixSort.sorted(radii.filter { $0 > 0 })
            if !radius.isEmpty { banded = BandedStrip(zp, sorted: strip, width: radius[radius.count / 2].squareRoot()) }
        }
        func gather(_ columns: [Int]) -> [Double] {
            var out = [Double](repeating: 0, count: n * columns.count)
            for r in 0..<n { for (c, j) in columns.enumerated() { out[r * columns.count + c] = zp[r * m + j] } }
            return out
        }
        let zCols = Array((dx + dy)..<m)
        let treeCounts = dz == 1 && excess > n * treeBuilding
        let xz = treeCounts ? gather(Array(0..<dx) + zCols) : [], yz = treeCounts ? gather(Array(dx..<(dx + dy)) + zCols) : []
        xz.withUnsafeBufferPointer { xzb in
            yz.withUnsafeBufferPointer { yzb in
                nonisolated(unsafe) let xzp = xzb.baseAddress, yzp = yzb.baseAddress
                let trees: (xz: KDTree, yz: KDTree, z: KDTree)? =
                    treeCounts
                    ? (
                        KDTree(values: xzp!, rows: n, stride: dx + dz, offset: 0, metric: BlockMetric(split: dx, dim: dx + dz, maxNorm: maxNorm)),
                        KDTree(values: yzp!, rows: n, stride: dy + dz, offset: 0, metric: BlockMetric(split: dy, dim: dy + dz, maxNorm: maxNorm)),
                        KDTree(values: zp, rows: n, stride: m, offset: dx + dy, metric: BlockMetric(split: dz, dim: dz, maxNorm: maxNorm))
                    ) : nil
                nonisolated(unsafe) let out = out
                _ = forEachChunk(rows: n, chunkSize: 256, parallel: n >= 512) { _, range in
                    for p in range {
                        let i = Int(strip.order[p])
                        for ki in 0..<nk {
                            let a = i * nk + ki, e2 = radii[a]
                            let r = Int(runs[2 * a])..<Int(runs[2 * a + 1])
                            var c: (xz: Int, yz: Int, z: Int)
                            if let banded, r.count > bandedRun {
                                c = banded.counts(row: i, within: e2)
                            } else if let trees, r.count > longestStrip {
                                c = (
                                    trees.xz.count(xzp! + i * (dx + dz), within: e2, strict: true),
                                    trees.yz.count(yzp! + i * (dy + dz), within: e2, strict: true),
                                    trees.z.count(zp + i * m + dx + dy, within: e2, strict: true)
                                )
                            } else {
                                c = strip.counts(at: p, within: e2, run: r)
                            }
                            // Each count holds row i itself when ε > 0; n + 1 is counted as n_· + 1.
                            let selfCounts = e2 > 0 ? 1 : 0
                            out[3 * a] = Int32(c.xz - selfCounts + 1)
                            out[3 * a + 1] = Int32(c.yz - selfCounts + 1)
                            out[3 * a + 2] = Int32(c.z - selfCounts + 1)
                        }
                    }
                }
            }
        }
    }

    /// The counts by one scan per row of its X, Y and Z distances to every row.
    private func scannedCounts(
        _ zp: UnsafePointer<Double>, rows n: Int, dims: (dx: Int, dy: Int, dz: Int), kmax: Int, into out: UnsafeMutablePointer<Int32>
    ) {
        let (dx, dy, dz) = dims, m = dx + dy + dz, ks = neighbors, nk = ks.count, maxNorm = norm == .max
        nonisolated(unsafe) let out = out
        _ = forEachChunk(rows: n, chunkSize: 256, parallel: n >= 512) { _, range in
            let dist2 = UnsafeMutablePointer<Double>.allocate(capacity: kmax + 3 * n)
            let sx = dist2 + kmax, sy = sx + n, sz = sy + n
            let rows = UnsafeMutablePointer<Int32>.allocate(capacity: kmax)
            defer { dist2.deallocate(); rows.deallocate() }
            let xMetric = BlockMetric(split: dx, dim: dx, maxNorm: maxNorm)
            let yMetric = BlockMetric(split: dy, dim: dy, maxNorm: maxNorm)
            let zMetric = BlockMetric(split: dz, dim: dz, maxNorm: maxNorm)
            for i in range {
                let q = zp + i * m
                for j in 0..<n {
                    let o = zp + j * m
                    sx[j] = xMetric.distance2(q, o)
                    sy[j] = yMetric.distance2(q + dx, o + dx)
                    sz[j] = zMetric.distance2(q + dx + dy, o + dx + dy)
                }
                Self.nearest(sx, sy, sz, rows: n, exclude: i, k: kmax, dist2: dist2, nearest: rows)
                for (ki, k) in ks.enumerated() {
                    let e2 = dist2[k - 1]
                    var nxz = 0, nyz = 0, nz = 0
                    for j in 0..<n where sz[j] < e2 {
                        nz += 1
                        if sx[j] < e2 { nxz += 1 }
                        if sy[j] < e2 { nyz += 1 }
                    }
                    let selfCounts = e2 > 0 ? 1 : 0, a = 3 * (i * nk + ki)
                    out[a] = Int32(nxz - selfCounts + 1)
                    out[a + 1] = Int32(nyz - selfCounts + 1)
                    out[a + 2] = Int32(nz - selfCounts + 1)
                }
            }
        }
    }

    /// The k nearest rows other than `exclude` by (joint distance, row), from the per-variable squared
    /// distances of every row.
    static func nearest(
        _ sx: UnsafePointer<Double>, _ sy: UnsafePointer<Double>, _ sz: UnsafePointer<Double>, rows n: Int,
        exclude: Int, k: Int, dist2: UnsafeMutablePointer<Double>, nearest: UnsafeMutablePointer<Int32>
    ) {
        for p in 0..<k { dist2[p] = .infinity; nearest[p] = Int32.max }
        var worst = Double.infinity
        for j in 0..<n where j != exclude {
            let dd = Swift.max(Swift.max(sx[j], sy[j]), sz[j])
            if dd >= worst { continue }  // rows in order: an equal distance loses the tie
            var p = k - 1
            while p > 0 && dist2[p - 1] > dd { dist2[p] = dist2[p - 1]; nearest[p] = nearest[p - 1]; p -= 1 }
            dist2[p] = dd; nearest[p] = Int32(j)
            worst = dist2[k - 1]
        }
    }
}
