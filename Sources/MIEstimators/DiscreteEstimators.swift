#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// Each row's category for the columns `range`: rows with the same values get the same id (0, 1, 2, …
/// in order of first appearance), so a variable of several columns is one category per distinct tuple.
func categories(_ s: PairedSample, columns range: Range<Int>) -> (ids: [Int], count: Int) {
    let m = s.width
    var index: [[UInt32]: Int] = [:]
    var ids = [Int](repeating: 0, count: s.rows)
    var key = [UInt32](repeating: 0, count: range.count)
    for r in 0..<s.rows {
        // -0.0 and 0.0 are one value.
        for (c, j) in range.enumerated() { let v = s.values[r * m + j]; key[c] = (v == 0 ? 0 : v).bitPattern }
        if let id = index[key] { ids[r] = id } else { ids[r] = index.count; index[key] = index.count }
    }
    return (ids, index.count)
}

/// Plug-in MI of discrete X and Y from their contingency table, with the Miller-Madow correction of
/// each entropy: I = Σ p(x, y) log(p(x, y) / (p(x) p(y))) + ((m_x − 1) + (m_y − 1) − (m_xy − 1)) / (2n),
/// m the occupied cells. Each distinct value (tuple, for several columns) is a category.
public struct DiscreteEstimator: MIEstimator {
    public let name = "discrete"
    public var millerMadow: Bool
    public init(millerMadow: Bool = true) { self.millerMadow = millerMadow }

    public func estimate(_ s: PairedSample) throws -> Double { Swift.max(0, try testStatistic(s)) }

    /// The estimate before clipping at 0 (Miller-Madow can take it below).
    public func testStatistic(_ s: PairedSample) throws -> Double {
        let t = try table(s)
        return value(occupied: t.joint.count, n: s.rows, mx: t.mx, my: t.my) { body in
            for (cell, c) in t.joint { body(c, t.cx[cell / t.my], t.cy[cell % t.my]) }
        }
    }

    /// The exact permutation null of the statistic (`ExactPermutationNull`) for tables of at most
    /// `exactCells` cells whose enumeration fits its budget; nil otherwise (draw permutations instead).
    public static let exactCells = 64
    public func exactNull(_ s: PairedSample) throws -> ExactPermutationNull? {
        let t = try table(s)
        guard t.mx * t.my <= Self.exactCells else { return nil }
        let observed = try testStatistic(s)
        let (mx, my, n) = (t.mx, t.my, s.rows)
        return ExactPermutationNull(rowTotals: t.cx, columnTotals: t.cy, observed: observed) { counts in
            value(occupied: counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }, n: n, mx: mx, my: my) { body in
                for (cell, c) in counts.enumerated() where c > 0 { body(c, t.cx[cell / my], t.cy[cell % my]) }
            }
        }
    }

    /// Categories of X and Y, their counts and the occupied cells of the table (x · my + y → count).
    func table(_ s: PairedSample) throws -> (joint: [Int: Int], cx: [Int], cy: [Int], mx: Int, my: Int) {
        let (x, mx) = categories(s, columns: 0..<s.dx)
        let (y, my) = categories(s, columns: s.dx..<(s.dx + s.dy))
        // About one row per category is not a sample of a discrete variable: the plug-in would report
        // log n for independent continuous data.
        guard mx <= s.rows / 2, my <= s.rows / 2 else {
            throw EstimatorError("discrete: \(mx) X and \(my) Y categories in \(s.rows) rows: a variable looks continuous; use ross (one discrete variable) or ksg")
        }
        var joint: [Int: Int] = [:]
        var cx = [Int](repeating: 0, count: mx), cy = [Int](repeating: 0, count: my)
        for r in 0..<s.rows { joint[x[r] * my + y[r], default: 0] += 1; cx[x[r]] += 1; cy[y[r]] += 1 }
        return (joint, cx, cy, mx, my)
    }

    /// Σ p(x, y) log(p(x, y) / (p(x) p(y))) over the occupied cells `cells` gives (count, row total,
    /// column total), plus Miller-Madow's term.
    func value(occupied: Int, n: Int, mx: Int, my: Int, cells: ((Int, Int, Int) -> Void) -> Void) -> Double {
        let total = Double(n)
        var mi = 0.0
        cells { c, r, k in
            let pxy = Double(c) / total
            mi += pxy * log(Double(c) * total / (Double(r) * Double(k)))
        }
        if millerMadow { mi += Double((mx - 1) + (my - 1) - (occupied - 1)) / (2 * total) }
        return mi
    }
}

/// Ross (2014, PLoS ONE 9(2): e87357) for a discrete variable D and a continuous one C:
/// I = ψ(N) − ⟨ψ(N_d)⟩ + ψ(k) − ⟨ψ(m_i)⟩, where for row i of category d (N_d rows), ε_i is the distance
/// in C to its k-th nearest row of the same category and m_i = #{j ≠ i : ‖c_j − c_i‖ ≤ ε_i} over all
/// rows (max norm, standardized columns). Rows whose category occurs once are left out (as in
/// scikit-learn); a category with N_d ≤ k uses k = N_d − 1. Exact search, O(n²·d). Which variable is discrete: the one whose
/// every column has few distinct values or was declared discrete (`discreteSide`), or as given.
public struct RossEstimator: MIEstimator {
    public let name = "ross"
    public var neighbors: Int
    /// true: X is the discrete variable; false: Y; nil: decided from the data.
    public var discreteX: Bool?
    public init(neighbors: Int = 3, discreteX: Bool? = nil) { self.neighbors = neighbors; self.discreteX = discreteX }

    /// Most distinct values a column may have to be called discrete.
    public static let maxLevels = 32

    /// Whether X (true) or Y (false) is the discrete variable, when exactly one of them is.
    public static func discreteSide(_ s: PairedSample) -> Bool? {
        func discrete(_ range: Range<Int>) -> Bool {
            range.allSatisfy { j in s.declaredDiscrete.contains(j) || categories(s, columns: j..<(j + 1)).count <= Swift.min(maxLevels, s.rows / 2) }
        }
        let x = discrete(0..<s.dx), y = discrete(s.dx..<(s.dx + s.dy))
        return x == y ? nil : x
    }

    public func estimate(_ s: PairedSample) throws -> Double {
        guard neighbors >= 1 else { throw EstimatorError("ross: k must be at least 1") }
        guard let dX = discreteX ?? Self.discreteSide(s) else {
            throw EstimatorError("ross: needs one discrete variable (at most \(Self.maxLevels) values per column) and one continuous; use discrete or ksg-mixed")
        }
        let dRange = dX ? 0..<s.dx : s.dx..<(s.dx + s.dy)
        let cRange = dX ? s.dx..<(s.dx + s.dy) : 0..<s.dx
        let (label, _) = categories(s, columns: dRange)
        var size: [Int: Int] = [:]
        for l in label { size[l, default: 0] += 1 }
        let keep = (0..<s.rows).filter { size[label[$0]]! > 1 }
        guard keep.count >= 2 else { throw EstimatorError("ross: no category occurs more than once") }
        // Standardized continuous columns of the rows kept.
        let d = cRange.count, n = keep.count
        var c = [Double](repeating: 0, count: n * d)
        for (col, j) in cRange.enumerated() {
            let v = keep.map { Double(s.values[$0 * s.width + j]) }
            let mean = v.reduce(0, +) / Double(n)
            let sd = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
            for r in 0..<n { c[r * d + col] = (v[r] - mean) / (sd > 0 ? sd : 1) }
        }
        let labels = keep.map { label[$0] }
        var members: [Int: [Int]] = [:]
        for (r, l) in labels.enumerated() { members[l, default: []].append(r) }
        func distance(_ a: Int, _ b: Int) -> Double {
            var t = 0.0
            for j in 0..<d { t = Swift.max(t, abs(c[a * d + j] - c[b * d + j])) }
            return t
        }
        var sum = 0.0
        var dist = [Double]()
        for r in 0..<n {
            let same = members[labels[r]]!
            let k = Swift.min(neighbors, same.count - 1)
            dist.removeAll(keepingCapacity: true)
            for j in same where j != r { dist.append(distance(r, j)) }
            dist.sort()
            let eps = dist[k - 1]
            var m = 0
            for j in 0..<n where j != r && distance(r, j) <= eps { m += 1 }
            sum += Special.digamma(Double(k)) - Special.digamma(Double(same.count)) - Special.digamma(Double(m))
        }
        let mi = Special.digamma(Double(n)) + sum / Double(n)
        return Swift.max(0, mi)
    }
}
