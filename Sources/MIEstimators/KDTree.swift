/// How distances are measured in a space made of one or two blocks of coordinates (X, or X×Y):
/// within a block the Euclidean or the max norm, across blocks the max of the two. Everything is
/// compared as squared distances, accumulated over coordinates in ascending order, so that a tree,
/// the brute-force scan and the slow reference compute bit-identical numbers for the same pair.
struct BlockMetric: Sendable {
    /// Coordinates [0, split) form the first block, [split, split2) the second, [split2, dim) the third
    /// (split == dim: one block; split2 == dim: two).
    let split: Int
    let split2: Int
    let dim: Int
    let maxNorm: Bool

    init(split: Int, split2: Int? = nil, dim: Int, maxNorm: Bool) {
        self.split = split; self.split2 = split2 ?? dim; self.dim = dim; self.maxNorm = maxNorm
    }

    @inline(__always)
    func accumulate(_ s: Double, _ t: Double) -> Double { maxNorm ? Swift.max(s, t * t) : s + t * t }

    /// Squared distance between a and b (each `dim` numbers).
    @inline(__always)
    func distance2(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        if maxNorm {
            // The max norm in every block and across them: one max over all coordinates (the same
            // number as the per-block maxima's max, bit for bit).
            var s = 0.0
            for j in 0..<dim { let t = a[j] - b[j]; s = Swift.max(s, t * t) }
            return s
        }
        var s1 = 0.0, s2 = 0.0, s3 = 0.0
        for j in 0..<split { s1 = accumulate(s1, a[j] - b[j]) }
        for j in split..<split2 { s2 = accumulate(s2, a[j] - b[j]) }
        for j in split2..<dim { s3 = accumulate(s3, a[j] - b[j]) }
        return Swift.max(Swift.max(s1, s2), s3)
    }
}

/// A k-d tree over n points of dimension d (row-major Double, copied in tree order), split at the
/// median of the widest coordinate, leaves of at most `leafSize` points. Memory O(n·d).
/// Bounding-box bounds are computed with the same subtractions as point distances, and rounding is
/// monotone, so "box entirely nearer/farther than r" decisions never disagree with the exact
/// per-point test: results are exact, not approximate.
final class KDTree: @unchecked Sendable {
    let metric: BlockMetric
    let count: Int
    /// (count, dim) in tree order.
    let points: [Double]
    /// Original row of each tree-order point.
    let rowOf: [Int32]
    /// Per node, side by side: start, end, left child, right child (-1: a leaf). Raw memory, so the
    /// search loops read it without bounds checks or reference counting.
    private let nodes: UnsafeMutablePointer<Int32>
    private let nodeCount: Int
    /// Per node: d minima then d maxima.
    private let boxes: [Double]
    static let leafSize = 12
    /// One-dimensional data are kept sorted instead (no nodes, no points): counts are two binary
    /// searches, and nearest() is not available.
    private let sorted: [Double]

    /// values: (n, stride) row-major; the tree uses columns [offset, offset + metric.dim).
    init(values: UnsafePointer<Double>, rows n: Int, stride: Int, offset: Int, metric: BlockMetric) {
        self.metric = metric
        count = n
        let d = metric.dim
        if d == 1 {  // only count() is ever asked of a 1-D tree: the sorted values suffice
            sorted = RadixSort.sorted((0..<n).map { values[$0 * stride + offset] })
            points = []; rowOf = []; boxes = []
            nodes = .allocate(capacity: 0); nodeCount = 0
            return
        }
        var order = (0..<n).map { Int32($0) }
        var starts: [Int32] = [], ends: [Int32] = [], lefts: [Int32] = [], rights: [Int32] = []
        var box: [Double] = []
        var keys = [Double](repeating: 0, count: n)
        func build(_ lo: Int, _ hi: Int) -> Int32 {
            let id = starts.count
            starts.append(Int32(lo)); ends.append(Int32(hi)); lefts.append(-1); rights.append(-1)
            let base = box.count
            box.append(contentsOf: repeatElement(.infinity, count: d))
            box.append(contentsOf: repeatElement(-.infinity, count: d))
            for i in lo..<hi {
                let p = values + Int(order[i]) * stride + offset
                for j in 0..<d {
                    if p[j] < box[base + j] { box[base + j] = p[j] }
                    if p[j] > box[base + d + j] { box[base + d + j] = p[j] }
                }
            }
            if hi - lo <= KDTree.leafSize { return Int32(id) }
            var widest = 0, spread = -1.0
            for j in 0..<d where box[base + d + j] - box[base + j] > spread { spread = box[base + d + j] - box[base + j]; widest = j }
            let mid = (lo + hi) / 2
            for i in lo..<hi { keys[i] = values[Int(order[i]) * stride + offset + widest] }
            order.withUnsafeMutableBufferPointer { o in
                keys.withUnsafeMutableBufferPointer { kb in KDTree.select(o.baseAddress!, kb.baseAddress!, lo, hi, mid) }
            }
            let l = build(lo, mid), r = build(mid, hi)
            lefts[id] = l; rights[id] = r
            return Int32(id)
        }
        if n > 0 { _ = build(0, n) }
        nodeCount = starts.count
        nodes = .allocate(capacity: 4 * starts.count)
        for i in 0..<starts.count { (nodes[4 * i], nodes[4 * i + 1], nodes[4 * i + 2], nodes[4 * i + 3]) = (starts[i], ends[i], lefts[i], rights[i]) }
        boxes = box
        rowOf = order
        var pts = [Double](repeating: 0, count: n * d)
        for i in 0..<n {
            let p = values + Int(order[i]) * stride + offset
            for j in 0..<d { pts[i * d + j] = p[j] }
        }
        points = pts
        sorted = []
    }

    deinit { nodes.deallocate() }

    /// count() in one dimension. (q − s)² is computed exactly as distance2 does, and is monotone in s
    /// on either side of q, so the points within r form one run of the sorted values: its first
    /// index is the first s with s ≥ q or s inside, its end the first s with s > q and s outside
    /// (both predicates are false…true along the sorted values): two binary searches. The run
    /// always takes in the values equal to q, so the one radius that leaves them out (strict, r2 ≤ 0)
    /// is answered first: nothing is nearer than 0.
    private func count1D(_ q: Double, within r2: Double, strict: Bool) -> Int {
        sorted.withUnsafeBufferPointer { a in
            SortedRun.within(a.baseAddress!, 0..<a.count, around: q, radius2: r2, strict: strict).count
        }
    }

    /// Quickselect on parallel arrays: puts the element of rank `k` (by key) at [k], keys ≤ it
    /// before, ≥ it after.
    static func select(_ o: UnsafeMutablePointer<Int32>, _ key: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int, _ k: Int) {
        var lo = lo, hi = hi - 1
        while lo < hi {
            let pivot = key[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while key[i] < pivot { i += 1 }
                while key[j] > pivot { j -= 1 }
                if i <= j { o.swapAt(i, j); key.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    /// Squared lower bound of the distance from q to any point in node's box (per block, then max).
    @inline(__always)
    private func lowerBound2(_ node: Int, _ q: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        let d = metric.dim
        if metric.maxNorm {
            var s = 0.0
            for j in 0..<d {
                let lo = b[node * 2 * d + j], hi = b[node * 2 * d + d + j]
                let t = q[j] < lo ? q[j] - lo : (q[j] > hi ? q[j] - hi : 0)
                s = Swift.max(s, t * t)
            }
            return s
        }
        var s1 = 0.0, s2 = 0.0, s3 = 0.0
        for j in 0..<d {
            let lo = b[node * 2 * d + j], hi = b[node * 2 * d + d + j]
            let t = q[j] < lo ? q[j] - lo : (q[j] > hi ? q[j] - hi : 0)
            if j < metric.split { s1 = metric.accumulate(s1, t) } else if j < metric.split2 { s2 = metric.accumulate(s2, t) } else { s3 = metric.accumulate(s3, t) }
        }
        return Swift.max(Swift.max(s1, s2), s3)
    }

    /// Squared upper bound of the distance from q to any point in node's box.
    @inline(__always)
    private func upperBound2(_ node: Int, _ q: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        let d = metric.dim
        if metric.maxNorm {
            var s = 0.0
            for j in 0..<d {
                let t = Swift.max(q[j] - b[node * 2 * d + j], b[node * 2 * d + d + j] - q[j])
                s = Swift.max(s, t * t)
            }
            return s
        }
        var s1 = 0.0, s2 = 0.0, s3 = 0.0
        for j in 0..<d {
            let lo = b[node * 2 * d + j], hi = b[node * 2 * d + d + j]
            let t = Swift.max(q[j] - lo, hi - q[j])
            if j < metric.split { s1 = metric.accumulate(s1, t) } else if j < metric.split2 { s2 = metric.accumulate(s2, t) } else { s3 = metric.accumulate(s3, t) }
        }
        return Swift.max(Swift.max(s1, s2), s3)
    }

    /// The `k` nearest points to q other than original row `exclude`, ordered by (distance, row):
    /// squared distances into dist2[0..<k], rows into rows[0..<k]. Requires k < count.
    func nearest(
        _ q: UnsafePointer<Double>, k: Int, exclude: Int32,
        dist2: UnsafeMutablePointer<Double>, rows: UnsafeMutablePointer<Int32>
    ) {
        for i in 0..<k { dist2[i] = .infinity; rows[i] = Int32.max }
        let d = metric.dim
        points.withUnsafeBufferPointer { pts in
            rowOf.withUnsafeBufferPointer { rowOf in
                boxes.withUnsafeBufferPointer { bx in
                    // Nodes to visit with their lower bounds, computed once. The tree's depth is
                    // about log2(n / leafSize) and a visit pushes two children in place of one.
                    withUnsafeTemporaryAllocation(of: (node: Int32, bound: Double).self, capacity: 2 * 64) { stack in
                        var top = 0
                        stack[0] = (0, 0); top = 1
                        while top > 0 {
                            top -= 1
                            let (node32, bound) = stack[top]
                            // Prune only boxes strictly farther than the current k-th: equal distances
                            // are examined so that ties are broken by row, deterministically.
                            if bound > dist2[k - 1] { continue }
                            let node = Int(node32)
                            let left = nodes[4 * node + 2]
                            if left < 0 {
                                for i in Int(nodes[4 * node])..<Int(nodes[4 * node + 1]) {
                                    let row = rowOf[i]
                                    if row == exclude { continue }
                                    let dd = metric.distance2(q, pts.baseAddress! + i * d)
                                    if dd > dist2[k - 1] || (dd == dist2[k - 1] && row > rows[k - 1]) { continue }
                                    var p = k - 1
                                    while p > 0 && (dist2[p - 1] > dd || (dist2[p - 1] == dd && rows[p - 1] > row)) {
                                        dist2[p] = dist2[p - 1]; rows[p] = rows[p - 1]; p -= 1
                                    }
                                    dist2[p] = dd; rows[p] = row
                                }
                            } else {
                                // Visit the nearer child first (pushed last).
                                let right = nodes[4 * node + 3]
                                let ll = lowerBound2(Int(left), q, bx.baseAddress!), lr = lowerBound2(Int(right), q, bx.baseAddress!)
                                if ll <= lr {
                                    stack[top] = (right, lr); stack[top + 1] = (left, ll)
                                } else {
                                    stack[top] = (left, ll); stack[top + 1] = (right, lr)
                                }
                                top += 2
                            }
                        }
                    }
                }
            }
        }
    }

    /// How many points (the query's own row included, if stored) lie at squared distance < r2
    /// (strict) or ≤ r2 (not strict) from q.
    func count(_ q: UnsafePointer<Double>, within r2: Double, strict: Bool) -> Int {
        if metric.dim == 1 { return count1D(q[0], within: r2, strict: strict) }
        let d = metric.dim
        var total = 0
        points.withUnsafeBufferPointer { pts in
            boxes.withUnsafeBufferPointer { bx in
                // Nodes to visit (at most one pending sibling per level of the tree, see nearest).
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * 64) { stack in
                    stack[0] = 0
                    var top = 1
                    while top > 0 {
                        top -= 1
                        let node = Int(stack[top])
                        let lb = lowerBound2(node, q, bx.baseAddress!)
                        if strict ? lb >= r2 : lb > r2 { continue }
                        let ub = upperBound2(node, q, bx.baseAddress!)
                        if strict ? ub < r2 : ub <= r2 { total += Int(nodes[4 * node + 1] - nodes[4 * node]); continue }
                        let left = nodes[4 * node + 2]
                        if left < 0 {
                            for i in Int(nodes[4 * node])..<Int(nodes[4 * node + 1]) {
                                let dd = metric.distance2(q, pts.baseAddress! + i * d)
                                if strict ? dd < r2 : dd <= r2 { total += 1 }
                            }
                        } else {
                            stack[top] = nodes[4 * node + 3]; stack[top + 1] = left
                            top += 2
                        }
                    }
                }
            }
        }
        return total
    }
}

extension UnsafeMutablePointer {
    @inline(__always) func swapAt(_ i: Int, _ j: Int) { let t = self[i]; self[i] = self[j]; self[j] = t }
}
