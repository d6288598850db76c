import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// The norm within X and within Y (the joint distance is always the max of the two).
public enum KSGNorm: String, Sendable, CaseIterable {
    /// BMI's convention.
    case euclidean
    /// Kraskov et al.'s original max norm (so the joint norm is the max norm of (x, y)).
    case max
}

/// Kraskov–Stögbauer–Grassberger k-nearest-neighbour estimator (Kraskov, Stögbauer & Grassberger
/// 2004, Phys. Rev. E 69, 066138), on per-column standardized data.
///
/// Variant 1 (eq. 8, BMI's `KSGEnsembleFirstEstimator`):
///   I = ψ(k) + ψ(N) − mean_i[ψ(n_x,i + 1) + ψ(n_y,i + 1)],
///   ε_i = distance to the k-th nearest neighbour in the joint space (max of the X and Y distances),
///   n_x,i = #{j ≠ i : ‖x_j − x_i‖ < ε_i} (strictly), likewise n_y,i.
/// Variant 2 (eq. 9): I = ψ(k) − 1/k + ψ(N) − mean_i[ψ(n_x,i) + ψ(n_y,i)], where ε_x,i and ε_y,i are
///   the largest X and Y distances among the k nearest joint neighbours and n_x,i = #{j ≠ i :
///   ‖x_j − x_i‖ ≤ ε_x,i}.
/// Each k's estimate is clipped at 0; a list of k is averaged (BMI's ensemble).
///
/// Ties and duplicates, deterministically: ε_i is the k-th smallest distance to the other points
/// (duplicates of x_i count, at distance 0); when several points tie at the k-th distance, the k
/// nearest are taken in order of (distance, row), which matters for variant 2 only. With ε_i = 0
/// (k or more exact duplicates) variant 1 counts n_x,i = n_y,i = 0.
///
/// Neighbour search: k-d trees (joint space for the neighbours, X and Y spaces for the counts) in
/// low dimension, a column-major brute-force scan (eight rows at a time, O(n) scratch per thread)
/// in high dimension or for small n, and for dx = dy = 1 (automatic search) a grid of cells in the
/// plane for the neighbours with sorted arrays for the counts (PlaneGrid: about 3× fewer
/// instructions than the tree at n = 2000). All exact and bit-identical to each other, all
/// parallel over points for large n. Distances are squared Euclidean (or squared max-norm) sums
/// in Double, compared without square roots.
public struct KSGEstimator: MIEstimator {
    public enum Search: Sendable { case automatic, tree, bruteForce }

    public let name = "ksg"
    /// With Z columns the estimate is I(X; Y | Z), by KSGConditionalEstimator.
    public var conditions: Bool { true }
    public var neighbors: [Int]
    public var variant: Int
    public var norm: KSGNorm
    public var search: Search

    public init(neighbors: [Int] = [5], variant: Int = 1, norm: KSGNorm = .euclidean, search: Search = .automatic) {
        self.neighbors = neighbors; self.variant = variant; self.norm = norm; self.search = search
    }

    public func estimate(_ s: PairedSample) throws -> Double {
        let perK = try estimates(s)
        return perK.reduce(0, +) / Double(perK.count)
    }

    /// The mean over k of the estimates not clipped at 0.
    public func testStatistic(_ s: PairedSample) throws -> Double {
        let perK = try estimates(s, clipped: false)
        return perK.reduce(0, +) / Double(perK.count)
    }

    /// The estimate for each k of `neighbors`, each clipped at 0 (unless `clipped` is false).
    public func estimates(_ s: PairedSample, clipped: Bool = true) throws -> [Double] {
        if s.dz > 0 {
            guard variant == 1 else { throw EstimatorError("ksg: conditional MI is estimated by variant 1 only (Frenzel–Pompe)") }
            return try KSGConditionalEstimator(neighbors: neighbors, norm: norm, search: search).rawEstimates(s).map { clipped ? Swift.max(0, $0) : $0 }
        }
        guard !neighbors.isEmpty, let kmax = neighbors.max(), let kmin = neighbors.min(), kmin >= 1 else {
            throw EstimatorError("ksg: k must be at least 1")
        }
        guard variant == 1 || variant == 2 else { throw EstimatorError("ksg: variant must be 1 or 2, got \(variant)") }
        guard kmax < s.rows else {
            throw EstimatorError("ksg: k=\(kmax) needs more than \(kmax) rows, the data set has \(s.rows)")
        }
        let z = standardizedColumns(s)
        let sums = digammaSums(z, rows: s.rows, dx: s.dx, dy: s.dy, kmax: kmax)
        let n = Double(s.rows)
        return try neighbors.enumerated().map { ki, k in
            let mean = sums[ki] / n
            let mi =
                variant == 1
                ? Special.digamma(Double(k)) + Special.digamma(n) - mean
                : Special.digamma(Double(k)) - 1 / Double(k) + Special.digamma(n) - mean
            // n rows can show at most log n nats. Without ties every point has at least k − 1 marginal
            // neighbours nearer than its k-th joint one, so the estimate stays below ψ(n) − ψ(k); above
            // that (or NaN) neighbours sit at distance 0: tied rows, where the counts mean nothing.
            guard mi.isFinite, mi <= log(n) else {
                let why = !mi.isFinite || mi > Special.digamma(n) - Special.digamma(Double(k)) + 1e-9 ? "tied rows" : "too few rows for this much dependence"
                throw EstimatorError(
                    "ksg: no estimate: k=\(k) gives \(mi.isFinite ? String(cFormat: "%.3g", mi) : "NaN") nats, above log n = \(String(cFormat: "%.3g", log(n))), the most \(s.rows) rows can show (\(why))"
                )
            }
            return clipped ? Swift.max(0, mi) : mi
        }
    }

    func useTree(rows n: Int, dim d: Int) -> Bool {
        switch search {
        case .tree: return true
        case .bruteForce: return false
        case .automatic:
            // Where the tree starts to beat the (register-blocked) scan, in callgrind instruction
            // counts on Gaussian data, k = 10: joint dimension 3 about n = 1000, 4 about 3000 (at
            // n = 2000 the scan takes 1.3× fewer instructions, at 4000 1.2× more), 6 well above
            // 2000 (2.6× fewer for the scan there); 5 and 6 are interpolated/extrapolated.
            switch d {
            case ...2: return n > 400
            case 3: return n > 1000
            case 4: return n > 3000
            case 5: return n > 4000
            case 6: return n > 5000
            default: return n > 50_000
            }
        }
    }

    /// Σ_i [ψ(n_x,i + 1) + ψ(n_y,i + 1)] (variant 1) or Σ_i [ψ(n_x,i) + ψ(n_y,i)] (variant 2), per k.
    /// z: (n, dx + dy) standardized.
    func digammaSums(_ z: [Double], rows n: Int, dx: Int, dy: Int, kmax: Int) -> [Double] {
        let m = dx + dy, ks = neighbors, nk = ks.count
        let maxNorm = norm == .max
        let chunkSize = 256
        // The digamma arguments of every point and k, (x, y) pairs at 2 · (i · nk + ki): filled in
        // parallel, summed afterwards (see below).
        var arguments = [Int32](repeating: 0, count: 2 * n * nk)
        // dx = dy = 1: a grid finds the neighbours, 1-D "trees" (sorted arrays) count.
        let wantGrid = search == .automatic && dx == 1 && dy == 1 && n > kmax
        let wantTree = useTree(rows: n, dim: m)
        z.withUnsafeBufferPointer { zb in
            nonisolated(unsafe) let zp = zb.baseAddress!
            let jointMetric = BlockMetric(split: dx, dim: m, maxNorm: maxNorm)
            let xMetric = BlockMetric(split: dx, dim: dx, maxNorm: maxNorm)
            let yMetric = BlockMetric(split: dy, dim: dy, maxNorm: maxNorm)
            // Tree path: the grid or a joint tree, and X and Y trees. Brute path: X and Y columns,
            // column-major, for the scan. For large n the three structures, independent of each
            // other, are built side by side: they are about a seventh of the instructions at
            // n = 2000 (grid and two sorts), and serial before the parallel loop they left the
            // second core idle.
            nonisolated(unsafe) var builtGrid: PlaneGrid?, builtX: KDTree?, builtY: KDTree?
            let builders: [@Sendable () -> Void] = [
                { if wantGrid { builtGrid = PlaneGrid(zp, rows: n, k: kmax) } },
                { if wantGrid || wantTree { builtX = KDTree(values: zp, rows: n, stride: m, offset: 0, metric: xMetric) } },
                { if wantGrid || wantTree { builtY = KDTree(values: zp, rows: n, stride: m, offset: dx, metric: yMetric) } }
            ]
            if n >= 1024 {
                DispatchQueue.concurrentPerform(iterations: builders.count) { builders[$0]() }
            } else {
                for b in builders { b() }
            }
            // The grid declines some data (see PlaneGrid.init): the joint tree then, or brute force.
            let grid = builtGrid, tree = grid != nil || wantTree
            let xTree = tree ? builtX : nil, yTree = tree ? builtY : nil
            let joint = tree && grid == nil ? KDTree(values: zp, rows: n, stride: m, offset: 0, metric: jointMetric) : nil
            var columns = [Double]()
            if !tree {
                columns = [Double](repeating: 0, count: n * m)
                for r in 0..<n { for j in 0..<m { columns[j * n + r] = zp[r * m + j] } }
            }
            columns.withUnsafeBufferPointer { cb in
                nonisolated(unsafe) let cols = cb.baseAddress
                arguments.withUnsafeMutableBufferPointer { ab in
                    nonisolated(unsafe) let out = ab.baseAddress!
                    _ = forEachChunk(rows: n, chunkSize: chunkSize, parallel: n >= 1024) { _, range in
                        // Scratch as raw pointers, allocated once per chunk: inout arrays in the
                        // per-point loop cost a uniqueness check on every write.
                        let scratch = tree ? 0 : n
                        let dist2 = UnsafeMutablePointer<Double>.allocate(capacity: kmax + 2 * scratch)
                        let sx = dist2 + kmax, sy = sx + scratch
                        let rows = UnsafeMutablePointer<Int32>.allocate(capacity: kmax)
                        defer { dist2.deallocate(); rows.deallocate() }
                        for i in range {
                            let q = zp + i * m
                            if let grid {
                                grid.nearest(q, row: i, k: kmax, dist2: dist2, rows: rows)
                            } else if let joint {
                                joint.nearest(q, k: kmax, exclude: Int32(i), dist2: dist2, rows: rows)
                            } else {
                                Self.scan(
                                    q, columns: cols!, rows: n, dx: dx, dy: dy, maxNorm: maxNorm, exclude: i,
                                    sx: sx, sy: sy, kmax: kmax, dist2: dist2, nearest: rows)
                            }
                            for (ki, k) in ks.enumerated() {
                                var nx: Int, ny: Int
                                if variant == 1 {
                                    let e2 = dist2[k - 1]
                                    let selfCounts = e2 > 0 ? 1 : 0
                                    if let xTree, let yTree {
                                        nx = xTree.count(q, within: e2, strict: true) - selfCounts
                                        ny = yTree.count(q + dx, within: e2, strict: true) - selfCounts
                                    } else {
                                        nx = Self.countBelow(sx, n, e2, strict: true) - selfCounts
                                        ny = Self.countBelow(sy, n, e2, strict: true) - selfCounts
                                    }
                                    out[2 * (i * nk + ki)] = Int32(nx + 1); out[2 * (i * nk + ki) + 1] = Int32(ny + 1)
                                } else {
                                    var ex2 = 0.0, ey2 = 0.0
                                    for p in 0..<k {
                                        let o = zp + Int(rows[p]) * m
                                        ex2 = Swift.max(ex2, xMetric.distance2(q, o))
                                        ey2 = Swift.max(ey2, yMetric.distance2(q + dx, o + dx))
                                    }
                                    if let xTree, let yTree {
                                        nx = xTree.count(q, within: ex2, strict: false) - 1
                                        ny = yTree.count(q + dx, within: ey2, strict: false) - 1
                                    } else {
                                        nx = Self.countBelow(sx, n, ex2, strict: false) - 1
                                        ny = Self.countBelow(sy, n, ey2, strict: false) - 1
                                    }
                                    out[2 * (i * nk + ki)] = Int32(nx); out[2 * (i * nk + ki) + 1] = Int32(ny)
                                }
                            }
                        }
                    }
                }
            }
        }
        // ψ of the integer arguments, each distinct one computed once (Special.digamma itself, so
        // every number is unchanged): 2n arguments per k but only a few hundred distinct ones at
        // n = 2000, and ψ was 5% of the instructions. Summed in the order the parallel loop used
        // to: per chunk of 256 points in row order, then the chunks' sums in chunk order.
        var psi = [Double](repeating: .nan, count: n + 2)  // NaN: not computed yet
        func digamma(_ m: Int32) -> Double {
            let m = Int(m)
            guard m >= 0 && m < psi.count else { return Special.digamma(Double(m)) }
            if psi[m].isNaN { psi[m] = Special.digamma(Double(m)) }  // ψ(0) is NaN: recomputed, still NaN
            return psi[m]
        }
        var sums = [Double](repeating: 0, count: nk), acc = sums
        for start in stride(from: 0, to: n, by: chunkSize) {
            for ki in 0..<nk { acc[ki] = 0 }
            for i in start..<Swift.min(n, start + chunkSize) {
                for ki in 0..<nk {
                    acc[ki] += digamma(arguments[2 * (i * nk + ki)]) + digamma(arguments[2 * (i * nk + ki) + 1])
                }
            }
            for ki in 0..<nk { sums[ki] += acc[ki] }
        }
        return sums
    }

    /// Brute force for one query: squared X and Y distances to every point (sx, sy; the query's
    /// own entry included, at 0), and the kmax nearest others by (distance, row).
    ///
    /// Eight rows at a time with all of a block's coordinates summed in registers (one pass over the
    /// columns instead of one pass per coordinate), and the Y distances fused with the scan: a
    /// block of eight is examined row by row only when one of its joint distances beats the current
    /// k-th, which after the first few blocks is rare. Per row the sums run over coordinates in
    /// ascending order exactly as BlockMetric.distance2 does, so every number is unchanged.
    static func scan(
        _ q: UnsafePointer<Double>, columns: UnsafePointer<Double>, rows n: Int, dx: Int, dy: Int,
        maxNorm: Bool, exclude: Int, sx: UnsafeMutablePointer<Double>, sy: UnsafeMutablePointer<Double>,
        kmax: Int, dist2: UnsafeMutablePointer<Double>, nearest: UnsafeMutablePointer<Int32>
    ) {
        var j = 0
        while j + 8 <= n { store(blockDistance2(q, columns, n, 0, dx, maxNorm, j), sx + j); j += 8 }
        while j < n { sx[j] = rowDistance2(q, columns, n, 0, dx, maxNorm, j); j += 1 }
        for p in 0..<kmax { dist2[p] = .infinity; nearest[p] = Int32.max }
        var worst = Double.infinity
        func offer(_ j: Int) {
            if j == exclude { return }
            let dd = Swift.max(sx[j], sy[j])
            if dd >= worst { return }  // scanning rows in order: an equal distance loses the tie
            var p = kmax - 1
            while p > 0 && dist2[p - 1] > dd { dist2[p] = dist2[p - 1]; nearest[p] = nearest[p - 1]; p -= 1 }
            dist2[p] = dd; nearest[p] = Int32(j)
            worst = dist2[kmax - 1]
        }
        j = 0
        while j + 8 <= n {
            let y2 = blockDistance2(q, columns, n, dx, dx + dy, maxNorm, j)
            store(y2, sy + j)
            if any(load(sx + j) .< Block(repeating: worst) .& (y2 .< Block(repeating: worst))) {
                for r in j..<(j + 8) { offer(r) }
            }
            j += 8
        }
        while j < n { sy[j] = rowDistance2(q, columns, n, dx, dx + dy, maxNorm, j); offer(j); j += 1 }
    }

    typealias Block = SIMD8<Double>

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> Block { UnsafeRawPointer(p).loadUnaligned(as: Block.self) }

    @inline(__always)
    static func store(_ v: Block, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Block.self)
    }

    /// Σ_{c in [from, to)} (q[c] − col_c[j + l])² for the eight rows j + l (or the max of the
    /// squares), the first coordinate initialising, columns column-major with n rows. Computed as
    /// (col − q)², the same number (negation is exact), which spares SSE2 a register copy.
    @inline(__always)
    static func blockDistance2(
        _ q: UnsafePointer<Double>, _ columns: UnsafePointer<Double>, _ n: Int,
        _ from: Int, _ to: Int, _ maxNorm: Bool, _ j: Int
    ) -> Block {
        var col = columns + from * n + j
        var t = load(col) - Block(repeating: q[from])
        var s = t * t
        if maxNorm {
            for c in (from + 1)..<to {
                col += n
                t = load(col) - Block(repeating: q[c])
                let t2 = t * t
                s = t2.replacing(with: s, where: s .> t2)  // Swift.max(s, t2)
            }
        } else {
            for c in (from + 1)..<to { col += n; t = load(col) - Block(repeating: q[c]); s += t * t }
        }
        return s
    }

    /// The same for one row.
    @inline(__always)
    static func rowDistance2(
        _ q: UnsafePointer<Double>, _ columns: UnsafePointer<Double>, _ n: Int,
        _ from: Int, _ to: Int, _ maxNorm: Bool, _ j: Int
    ) -> Double {
        var t = q[from] - columns[from * n + j]
        var s = t * t
        for c in (from + 1)..<to {
            t = q[c] - columns[c * n + j]
            s = maxNorm ? Swift.max(s, t * t) : s + t * t
        }
        return s
    }

    /// #{j < n : a[j] < r2} (or ≤), eight lanes at a time.
    static func countBelow(_ a: UnsafePointer<Double>, _ n: Int, _ r2: Double, strict: Bool) -> Int {
        let limit = Block(repeating: r2), one = SIMD8<Int64>(repeating: 1)
        var lanes = SIMD8<Int64>(repeating: 0)
        var j = 0
        while j + 8 <= n {
            let v = load(a + j)
            lanes &+= SIMD8<Int64>(repeating: 0).replacing(with: one, where: strict ? v .< limit : v .<= limit)
            j += 8
        }
        var c = Int(lanes.wrappedSum())
        while j < n { if strict ? a[j] < r2 : a[j] <= r2 { c += 1 }; j += 1 }
        return c
    }
}
