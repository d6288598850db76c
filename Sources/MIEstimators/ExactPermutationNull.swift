#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

/// The exact permutation null of a contingency-table statistic: under independence with both margins
/// fixed (every permutation of Y's rows equally likely), a table of counts n_ij has the multivariate
/// hypergeometric probability ∏ r_i! ∏ c_j! / (n! ∏ n_ij!). Enumerating every table with the observed
/// margins gives the p-value P(T ≥ T_observed) and the null mean without drawing a permutation — the
/// generalisation of Fisher's exact test to r × c tables and any statistic of the table. Feasible for
/// small tables only: the enumeration gives up after `budget` partial tables.
public struct ExactPermutationNull: Sendable {
    public let pValue: Double
    public let nullMean: Double
    /// Tables with the observed margins (each a distinct value of the permuted data's statistic input).
    public let tables: Int

    /// Partial tables visited at most (about a tenth of a second).
    public static let defaultBudget = 200_000

    /// `statistic(counts)` of a row-major rows × columns table; nil when the enumeration is too large.
    public init?(
        rowTotals: [Int], columnTotals: [Int], observed: Double, budget: Int = defaultBudget,
        statistic: ([Int]) -> Double
    ) {
        let r = rowTotals.count, c = columnTotals.count
        let n = rowTotals.reduce(0, +)
        guard r >= 1, c >= 1, n == columnTotals.reduce(0, +), n > 0 else { return nil }
        // log of the constant ∏ r_i! ∏ c_j! / n!; each table subtracts Σ log n_ij!.
        let logConstant =
            rowTotals.reduce(0) { $0 + lgamma(Double($1) + 1) } + columnTotals.reduce(0) { $0 + lgamma(Double($1) + 1) }
            - lgamma(Double(n) + 1)
        var counts = [Int](repeating: 0, count: r * c)
        var rowLeft = rowTotals, columnLeft = columnTotals
        var visited = 0, tables = 0
        var tail = 0.0, mean = 0.0, total = 0.0
        let tolerance = 1e-9 * max(1, abs(observed))
        var overBudget = false

        // Cells in row-major order; the last cell of a row and the whole last row are forced.
        func fill(_ cell: Int, _ logFactorials: Double) {
            if overBudget { return }
            visited += 1
            if visited > budget { overBudget = true; return }
            let i = cell / c, j = cell % c
            if i == r - 1 {
                // The last row takes what every column has left.
                var lf = logFactorials
                for jj in 0..<c { counts[i * c + jj] = columnLeft[jj]; lf += lgamma(Double(columnLeft[jj]) + 1) }
                let p = exp(logConstant - lf)
                let t = statistic(counts)
                tables += 1
                total += p; mean += p * t
                if t >= observed - tolerance { tail += p }
                return
            }
            let lo = j == c - 1 ? rowLeft[i] : max(0, rowLeft[i] - (j + 1..<c).reduce(0) { $0 + columnLeft[$1] })
            let hi = j == c - 1 ? rowLeft[i] : min(rowLeft[i], columnLeft[j])
            guard lo <= hi, hi <= columnLeft[j] else { return }
            for v in lo...hi {
                counts[cell] = v
                rowLeft[i] -= v; columnLeft[j] -= v
                fill(cell + 1, logFactorials + lgamma(Double(v) + 1))
                rowLeft[i] += v; columnLeft[j] += v
                if overBudget { return }
            }
        }
        fill(0, 0)
        guard !overBudget, total > 0 else { return nil }
        // total is 1 up to rounding; dividing keeps p in [0, 1].
        pValue = min(1, tail / total)
        nullMean = mean / total
        self.tables = tables
    }
}
