/// The rows of an (X, Y, Z) sample sorted by their first Z coordinate and stored column by column,
/// for KSG-CMI's three neighbour counts. Every row within ε of row i in (X, Z), (Y, Z) or Z has its
/// first Z coordinate within ε of row i's, so it lies in one run of the sorted rows (the strip
/// around row i); scanning that run, eight rows at a time, with the per-variable distances that
/// `BlockMetric` computes (same operations, same order, so the same numbers) gives the three counts
/// exactly. The run holds a fraction of order ε of the rows, which for the few joint dimensions the
/// trees are used in is a few hundred to a few thousand rows: cheaper than three tree searches.
struct SortedStrip {
    let rows: Int
    let dx: Int
    let dy: Int
    let dz: Int
    let maxNorm: Bool
    /// Original row at each sorted position.
    let order: [Int32]
    /// dx + dy + dz columns of `rows` values each, in sorted order; the first Z column is the key.
    let columns: [Double]

    /// z: (n, dx + dy + dz) row-major; order: the rows in the order to store them (default: by
    /// their first Z coordinate).
    init(_ z: UnsafePointer<Double>, rows n: Int, dx: Int, dy: Int, dz: Int, maxNorm: Bool, order: [Int32]? = nil) {
        precondition(dz > 0)
        self.rows = n; self.dx = dx; self.dy = dy; self.dz = dz; self.maxNorm = maxNorm
        let m = dx + dy + dz
        let order = order ?? RadixSort.order((0..<n).map { z[$0 * m + dx + dy] })
        var columns = [Double](repeating: 0, count: m * n)
        for (p, row) in order.enumerated() {
            for c in 0..<m { columns[c * n + p] = z[Int(row) * m + c] }
        }
        self.order = order; self.columns = columns
    }

    /// The sorted positions whose key lies strictly within squared distance r2 of q (SortedRun, as
    /// `KDTree`'s one-dimensional count).
    /// Within `range` of positions (a range sorted by the key) when given.
    func run(around q: Double, within r2: Double, in range: Range<Int>? = nil) -> Range<Int> {
        let range = range ?? 0..<rows
        return columns.withUnsafeBufferPointer { b in
            SortedRun.within(b.baseAddress! + (dx + dy) * rows, range, around: q, radius2: r2, strict: true)
        }
    }

    /// The kmax smallest squared (X, Y, Z) distances from position p to the other rows, ascending,
    /// into best[0..<kmax], found by scanning outward from p along the sorted key, eight rows at a
    /// time, nearer side first: a row whose key lies at squared distance ≥ the current kmax-th is
    /// at least that far in (X, Y, Z), and so is every row beyond it on that side. The distances
    /// are BlockMetric's (the max of the variables' distances), so the values equal the k-d tree's.
    /// False, with best undefined, when `budget` rows were scanned without settling (long strips:
    /// the tree is then cheaper). Requires kmax < rows.
    func nearest(at p: Int, kmax: Int, budget: Int, into best: UnsafeMutablePointer<Double>) -> Bool {
        columns.withUnsafeBufferPointer { b in
            let c = b.baseAddress!, n = rows, key = c + (dx + dy) * rows, q = key[p]
            for t in 0..<kmax { best[t] = .infinity }
            var up = p + 1, down = p, scanned = 0
            func offer(_ d: Double) {
                guard d < best[kmax - 1] else { return }
                var t = kmax - 1
                while t > 0 && best[t - 1] > d { best[t] = best[t - 1]; t -= 1 }
                best[t] = d
            }
            // Rows [from, from + 8) against p, the lanes nearer than the current kmax-th offered.
            func block(_ from: Int) {
                let d = distance2(c, p: p, j: from)
                if anyLane(d .< SIMD8<Double>(repeating: best[kmax - 1])) { for l in 0..<8 { offer(d[l]) } }
            }
            while true {
                let gapUp = up < n ? (q - key[up]) * (q - key[up]) : .infinity
                let gapDown = down > 0 ? (q - key[down - 1]) * (q - key[down - 1]) : .infinity
                let limit = best[kmax - 1]
                if !(gapUp < limit) && !(gapDown < limit) { return true }
                if scanned >= budget { return false }
                if gapUp <= gapDown {
                    if up + 8 <= n { block(up) } else { for j in up..<n { offer(scalarDistance2(c, p: p, j: j)) } }
                    up += 8
                } else {
                    if down >= 8 { block(down - 8) } else { for j in 0..<down { offer(scalarDistance2(c, p: p, j: j)) } }
                    down -= 8
                }
                up = Swift.min(up, n); down = Swift.max(down, 0)
                scanned += 8
            }
        }
    }

    /// Squared (X, Y, Z) distances of positions j..<j+8 to position p: each variable's as
    /// `within` accumulates it, then their max.
    @inline(__always)
    private func distance2(_ c: UnsafePointer<Double>, p: Int, j: Int) -> SIMD8<Double> {
        func accumulate(from: Int, to: Int, into s: inout SIMD8<Double>) {
            for col in from..<to {
                let base = c + col * rows
                let t = SIMD8<Double>(repeating: base[p]) - UnsafeRawPointer(base + j).loadUnaligned(as: SIMD8<Double>.self)
                let tt = t * t
                if maxNorm { s.replace(with: tt, where: tt .> s) } else { s += tt }
            }
        }
        let m = dx + dy + dz
        var s = SIMD8<Double>()
        if maxNorm {
            accumulate(from: 0, to: m, into: &s)
            return s
        }
        var sy = SIMD8<Double>(), sz = SIMD8<Double>()
        accumulate(from: 0, to: dx, into: &s)
        accumulate(from: dx, to: dx + dy, into: &sy)
        accumulate(from: dx + dy, to: m, into: &sz)
        s.replace(with: sy, where: sy .> s)
        s.replace(with: sz, where: sz .> s)
        return s
    }

    @inline(__always)
    private func scalarDistance2(_ c: UnsafePointer<Double>, p: Int, j: Int) -> Double {
        Swift.max(
            Swift.max(scalarBlock(c, from: 0, to: dx, p: p, j: j), scalarBlock(c, from: dx, to: dx + dy, p: p, j: j)),
            scalarBlock(c, from: dx + dy, to: dx + dy + dz, p: p, j: j))
    }

    /// #{j in run : d_XZ(p, j)² < e2}, the same in (Y, Z) and in Z, where p is a sorted position
    /// (itself included when e2 > 0) and d is the max of the variables' distances.
    func counts(at p: Int, within e2: Double, run: Range<Int>) -> (xz: Int, yz: Int, z: Int) {
        columns.withUnsafeBufferPointer { b in
            let c = b.baseAddress!
            let limit = SIMD8<Double>(repeating: e2)
            // Lanes counted by subtracting the masks (a true lane is all ones, −1).
            var vxz = SIMD8<Int64>(), vyz = SIMD8<Int64>(), vz = SIMD8<Int64>()
            var j = run.lowerBound
            if dz == 1 {
                // The run is the Z ball itself (its test is the one squared difference): only X and
                // Y are left to test.
                while j + 8 <= run.upperBound {
                    vxz &-= unsafeBitCast(within(c, from: 0, to: dx, p: p, j: j, limit: limit), to: SIMD8<Int64>.self)
                    vyz &-= unsafeBitCast(within(c, from: dx, to: dx + dy, p: p, j: j, limit: limit), to: SIMD8<Int64>.self)
                    vz &-= SIMD8<Int64>(repeating: -1)
                    j += 8
                }
            } else {
                while j + 8 <= run.upperBound {
                    let inZ = within(c, from: dx + dy, to: dx + dy + dz, p: p, j: j, limit: limit)
                    if anyLane(inZ) {  // most of a strip lies outside the Z ball in its other coordinates
                        vz &-= unsafeBitCast(inZ, to: SIMD8<Int64>.self)
                        vxz &-= unsafeBitCast(inZ .& within(c, from: 0, to: dx, p: p, j: j, limit: limit), to: SIMD8<Int64>.self)
                        vyz &-= unsafeBitCast(inZ .& within(c, from: dx, to: dx + dy, p: p, j: j, limit: limit), to: SIMD8<Int64>.self)
                    }
                    j += 8
                }
            }
            var nxz = Int(vxz.wrappedSum()), nyz = Int(vyz.wrappedSum()), nz = Int(vz.wrappedSum())
            while j < run.upperBound {
                if scalarBlock(c, from: dx + dy, to: dx + dy + dz, p: p, j: j) < e2 {
                    nz += 1
                    if scalarBlock(c, from: 0, to: dx, p: p, j: j) < e2 { nxz += 1 }
                    if scalarBlock(c, from: dx, to: dx + dy, p: p, j: j) < e2 { nyz += 1 }
                }
                j += 1
            }
            return (nxz, nyz, nz)
        }
    }

    /// Whether positions j..<j+8 lie within squared distance `limit` of position p over columns
    /// [from, to) (one variable). Euclidean: the sum of squares in ascending column order, as
    /// BlockMetric accumulates it; max norm: every square below the limit, which is the same test
    /// as their max below it.
    @inline(__always)
    private func within(_ c: UnsafePointer<Double>, from: Int, to: Int, p: Int, j: Int, limit: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>> {
        if maxNorm {
            var inside = SIMDMask<SIMD8<Int64>>(repeating: true)
            for col in from..<to {
                let base = c + col * rows
                let t = SIMD8<Double>(repeating: base[p]) - UnsafeRawPointer(base + j).loadUnaligned(as: SIMD8<Double>.self)
                inside .&= t * t .< limit
            }
            return inside
        }
        var s = SIMD8<Double>()
        for col in from..<to {
            let base = c + col * rows
            let t = SIMD8<Double>(repeating: base[p]) - UnsafeRawPointer(base + j).loadUnaligned(as: SIMD8<Double>.self)
            s += t * t
        }
        return s .< limit
    }

    @inline(__always)
    private func scalarBlock(_ c: UnsafePointer<Double>, from: Int, to: Int, p: Int, j: Int) -> Double {
        var s = 0.0
        for col in from..<to {
            let t = c[col * rows + p] - c[col * rows + j]
            s = maxNorm ? Swift.max(s, t * t) : s + t * t
        }
        return s
    }

    /// Whether any lane is true: two halvings by OR (the standard library's `any` reduces through a
    /// generic `min` that showed in the profile).
    @inline(__always)
    private func anyLane(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool {
        let v = unsafeBitCast(mask, to: SIMD8<Int64>.self)
        let w = v.lowHalf | v.highHalf, u = w.lowHalf | w.highHalf
        return u[0] | u[1] != 0
    }
}
