/// Exact k-nearest-neighbour search in the plane for dx = dy = 1, the most common KSG case, where
/// the general k-d tree spends most of its time on bookkeeping (stack, box bounds, generic metric
/// over a run-time dimension) rather than on distances.
///
/// With one coordinate per block both norms agree: the squared joint distance is
/// max((x_i − x_j)², (y_i − y_j)²), the very numbers BlockMetric.distance2 computes (0 + t² and
/// max(0, t²) are both exactly t²), and the k nearest are ordered by (distance, row) as everywhere
/// else, so results are bit-identical to the tree and brute-force paths.
///
/// Points are bucketed into square cells of side h (counting sort). A query visits rings of cells
/// around its own, r = 0, 1, 2, …, and stops before ring r when every point outside rings
/// 0…r−1 is provably farther than the current k-th distance: such a point is at least the gap from
/// the query to the edge of that block away, in x or in y. The gap is shrunk by a slack far above
/// any rounding in the cell assignment, so the test can only stop late, never early; every
/// candidate's distance itself is computed exactly. h is chosen so that a query's own cell holds
/// about k/4 points on average (then the k-th neighbour is usually found within ring 1).
struct PlaneGrid {
    /// x, y and original row of the points in cell order.
    private let xs: [Double], ys: [Double], rowOf: [Int32]
    /// Points of cell c: cellStart[c] ..< cellStart[c + 1]; cell c = cx + columns · cy.
    private let cellStart: [Int32]
    /// Cell of each original row.
    private let cellOfRow: [Int32]
    private let columns: Int, lines: Int
    private let x0: Double, y0: Double, h: Double, slack: Double

    /// z: (n, 2) row-major. nil when a grid does not fit the data (a non-finite value, a constant
    /// column, or a spread so uneven that the cells would outnumber 4n): use the tree then.
    init?(_ z: UnsafePointer<Double>, rows n: Int, k: Int) {
        var xmin = Double.infinity, xmax = -Double.infinity, ymin = Double.infinity, ymax = -Double.infinity
        for i in 0..<n {
            let x = z[2 * i], y = z[2 * i + 1]
            guard x.isFinite && y.isFinite else { return nil }
            xmin = Swift.min(xmin, x); xmax = Swift.max(xmax, x); ymin = Swift.min(ymin, y); ymax = Swift.max(ymax, y)
        }
        let width = xmax - xmin, height = ymax - ymin
        guard n > 0, width > 0, height > 0 else { return nil }
        let target = Swift.max(1, Double(k) / 4)  // points in a query's own cell, on average
        let maxCells = 4 * n + 16
        func shape(_ h: Double) -> (Int, Int)? {
            let c = width / h + 1, l = height / h + 1
            guard c * l <= Double(maxCells) else { return nil }
            return (Int(c), Int(l))
        }
        func cell(_ x: Double, _ y: Double, _ h: Double, _ c: Int, _ l: Int) -> Int {
            Swift.min(c - 1, Int((x - xmin) / h)) + c * Swift.min(l - 1, Int((y - ymin) / h))
        }
        // h for uniform data, then one correction by the measured occupancy Σ count² / n (which
        // grows as h²): Gaussian-like data are far denser in the middle than on average.
        var h = (width * height * target / Double(n)).squareRoot()
        guard var (c, l) = shape(h) else { return nil }
        var counts = [Int32](repeating: 0, count: c * l + 1)
        for i in 0..<n { counts[cell(z[2 * i], z[2 * i + 1], h, c, l)] += 1 }
        let occupancy = counts.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(n)
        h *= (target / occupancy).squareRoot()
        guard let shaped = shape(h) else { return nil }
        (c, l) = shaped
        counts = [Int32](repeating: 0, count: c * l + 1)
        var cellOfRow = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let cc = cell(z[2 * i], z[2 * i + 1], h, c, l)
            cellOfRow[i] = Int32(cc); counts[cc + 1] += 1
        }
        for j in 0..<(c * l) { counts[j + 1] += counts[j] }  // now cell starts
        var next = counts, xs = [Double](repeating: 0, count: n), ys = xs, rowOf = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let p = Int(next[Int(cellOfRow[i])]); next[Int(cellOfRow[i])] += 1
            xs[p] = z[2 * i]; ys[p] = z[2 * i + 1]; rowOf[p] = Int32(i)
        }
        self.xs = xs; self.ys = ys; self.rowOf = rowOf; self.cellOfRow = cellOfRow; cellStart = counts
        columns = c; lines = l; x0 = xmin; y0 = ymin; self.h = h
        // Rounding in (x − x0) / h and in x0 + c·h is a few ulps of the coordinates' magnitude.
        slack = 1e-9 * (Swift.max(abs(xmin), abs(xmax), abs(ymin), abs(ymax)) + h)
    }

    /// The `k` nearest points to original row `row` (at q) other than itself, ordered by
    /// (distance, row): squared distances into dist2[0..<k], rows into rows[0..<k]. Requires k < n.
    /// Same contract as KDTree.nearest.
    func nearest(
        _ q: UnsafePointer<Double>, row: Int, k: Int, dist2: UnsafeMutablePointer<Double>,
        rows: UnsafeMutablePointer<Int32>
    ) {
        for i in 0..<k { dist2[i] = .infinity; rows[i] = Int32.max }
        let qx = q[0], qy = q[1], me = Int32(row)
        let home = Int(cellOfRow[row]), hx = home % columns, hy = home / columns
        xs.withUnsafeBufferPointer { xb in
            ys.withUnsafeBufferPointer { yb in
                rowOf.withUnsafeBufferPointer { rb in
                    cellStart.withUnsafeBufferPointer { sb in
                        let x = xb.baseAddress!, y = yb.baseAddress!, r = rb.baseAddress!, start = sb.baseAddress!
                        var filled = 0
                        /// Offers the points of cells [c0, c1] of line cy.
                        func visit(_ cy: Int, _ c0: Int, _ c1: Int) {
                            let from = Int(start[cy * columns + c0]), to = Int(start[cy * columns + c1 + 1])
                            for j in from..<to {
                                let tx = qx - x[j], ty = qy - y[j]
                                let dd = Swift.max(tx * tx, ty * ty), rj = r[j]
                                if dd > dist2[k - 1] || (dd == dist2[k - 1] && rj > rows[k - 1]) || rj == me { continue }
                                // Insert by (distance, row); while fewer than k are held, from the end of those
                                // (the rest still hold the +∞ sentinels; shifting through them would only cost time).
                                var s = filled < k ? filled : k - 1
                                filled = Swift.min(filled + 1, k)
                                while s > 0 && (dist2[s - 1] > dd || (dist2[s - 1] == dd && rows[s - 1] > rj)) {
                                    dist2[s] = dist2[s - 1]; rows[s] = rows[s - 1]; s -= 1
                                }
                                dist2[s] = dd; rows[s] = rj
                            }
                        }
                        var ring = 0
                        while true {
                            if ring > 0 {
                                // Every point not yet visited lies beyond the block of rings 0…ring−1, at least
                                // this far from q in x or in y (a side with no cells left does not count).
                                var gap = Double.infinity
                                if hx - ring >= 0 { gap = Swift.min(gap, qx - (x0 + Double(hx - ring + 1) * h)) }
                                if hx + ring < columns { gap = Swift.min(gap, (x0 + Double(hx + ring) * h) - qx) }
                                if hy - ring >= 0 { gap = Swift.min(gap, qy - (y0 + Double(hy - ring + 1) * h)) }
                                if hy + ring < lines { gap = Swift.min(gap, (y0 + Double(hy + ring) * h) - qy) }
                                if gap == .infinity { break }  // the whole grid has been visited
                                let g = gap - slack
                                if g > 0 && g * g > dist2[k - 1] { break }
                            }
                            let c0 = Swift.max(0, hx - ring), c1 = Swift.min(columns - 1, hx + ring)
                            for cy in Swift.max(0, hy - ring)...Swift.min(lines - 1, hy + ring) {
                                if cy == hy - ring || cy == hy + ring {
                                    visit(cy, c0, c1)  // top or bottom line of the ring: all of it
                                } else {
                                    if hx - ring >= 0 { visit(cy, hx - ring, hx - ring) }
                                    if ring > 0 && hx + ring < columns { visit(cy, hx + ring, hx + ring) }
                                }
                            }
                            ring += 1
                        }
                    }
                }
            }
        }
    }
}
