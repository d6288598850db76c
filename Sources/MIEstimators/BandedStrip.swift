/// For Z of two or more coordinates: the sorted rows regrouped into bands of the second Z
/// coordinate (each `width` wide), sorted by the first within each band. The rows within ε of a row
/// in Z lie in the bands its second coordinate ± ε touches, and within each in one run of the first
/// coordinate, so KSG-CMI's three counts are the sum of the strip counts over those runs: for
/// ε near the band width, three runs of about 2ε of a band each instead of one strip of 2ε of all
/// rows (a fraction of order ε of the strip). The runs are tested with the strip's exact
/// per-row test, so the counts are the same.
struct BandedStrip {
    /// The rows in band order, column by column.
    let strip: SortedStrip
    /// Position of each original row.
    let position: [Int32]
    /// bandStart[b]..<bandStart[b + 1]: band b's positions.
    let bandStart: [Int]
    let low: Double
    let width: Double
    let bands: Int

    /// From the rows sorted by the first Z coordinate (whose order is kept within each band);
    /// width > 0 and finite.
    init(_ z: UnsafePointer<Double>, sorted: SortedStrip, width: Double) {
        precondition(sorted.dz >= 2 && width > 0 && width.isFinite)
        let n = sorted.rows, m = sorted.dx + sorted.dy + sorted.dz, c2 = sorted.dx + sorted.dy + 1
        var low = Double.infinity, high = -Double.infinity
        for r in 0..<n { low = Swift.min(low, z[r * m + c2]); high = Swift.max(high, z[r * m + c2]) }
        // At most n bands (a narrower band holds at most one row on average).
        let width = Swift.max(width, (high - low) / Double(Swift.max(n, 1)))
        let bands = Swift.max(1, Int(((high - low) / width).rounded(.down)) + 1)
        self.low = low; self.width = width; self.bands = bands
        // A stable counting sort of the sorted rows by band.
        var start = [Int](repeating: 0, count: bands + 1)
        for row in sorted.order { start[Self.band(of: z[Int(row) * m + c2], low: low, width: width, bands: bands) + 1] += 1 }
        for b in 0..<bands { start[b + 1] += start[b] }
        var next = start, order = [Int32](repeating: 0, count: n), position = [Int32](repeating: 0, count: n)
        for row in sorted.order {
            let b = Self.band(of: z[Int(row) * m + c2], low: low, width: width, bands: bands)
            order[next[b]] = row; position[Int(row)] = Int32(next[b]); next[b] += 1
        }
        strip = SortedStrip(z, rows: n, dx: sorted.dx, dy: sorted.dy, dz: sorted.dz, maxNorm: sorted.maxNorm, order: order)
        self.position = position; bandStart = start
    }

    /// The band holding second-coordinate value v (values beyond the ends in the end bands).
    private static func band(of v: Double, low: Double, width: Double, bands: Int) -> Int {
        Int(Swift.min(Double(bands - 1), Swift.max(0, ((v - low) / width).rounded(.down))))
    }

    /// Row i's (n_xz, n_yz, n_z) within squared distance e2 (itself included when e2 > 0).
    func counts(row i: Int, within e2: Double) -> (xz: Int, yz: Int, z: Int) {
        guard e2 > 0 else { return (0, 0, 0) }
        let p = Int(position[i]), n = strip.rows, key = strip.dx + strip.dy
        let q1 = strip.columns[key * n + p], q2 = strip.columns[(key + 1) * n + p]
        // A slightly wider reach than ε, so that rounding never leaves out a band; rows beyond ε
        // are then left out by the exact test.
        let reach = e2.squareRoot() * (1 + 1e-9)
        var total = (xz: 0, yz: 0, z: 0)
        let first = Self.band(of: q2 - reach, low: low, width: width, bands: bands)
        let last = Self.band(of: q2 + reach, low: low, width: width, bands: bands)
        for b in first...last {
            let r = strip.run(around: q1, within: e2, in: bandStart[b]..<bandStart[b + 1])
            let c = strip.counts(at: p, within: e2, run: r)
            total.xz += c.xz; total.yz += c.yz; total.z += c.z
        }
        return total
    }
}
