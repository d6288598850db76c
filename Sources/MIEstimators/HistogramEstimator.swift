#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

/// Plug-in MI of an equal-width histogram: each column is cut into `bins` equal bins between its
/// minimum and maximum (the last bin closed; a constant column is one bin), and
/// I = Σ p(x,y)·log(p(x,y) / (p(x)·p(y))) over the non-empty cells of the joint histogram.
/// The joint histogram has bins^(dx+dy) cells; beyond `cellBudget` the estimator refuses (the
/// plug-in estimate is meaningless there and the table would not fit).
public struct HistogramEstimator: MIEstimator {
    public let name = "hist"
    public var bins: Int
    public static let cellBudget = 1 << 22

    public init(bins: Int = 5) { self.bins = bins }

    public func estimate(_ s: PairedSample) throws -> Double {
        guard bins >= 2 else { throw EstimatorError("hist: needs at least 2 bins per dimension, got \(bins)") }
        let n = s.rows, m = s.width
        guard n >= 2 else { throw EstimatorError("hist needs at least 2 rows, got \(n)") }
        var cells = 1
        for _ in 0..<m {
            let (p, overflow) = cells.multipliedReportingOverflow(by: bins)
            guard !overflow, p <= Self.cellBudget else {
                throw EstimatorError("hist: \(bins) bins in each of \(m) dimensions is more than \(Self.cellBudget) cells; use fewer --bins or another method")
            }
            cells = p
        }
        let xCells = Int(pow(Double(bins), Double(s.dx)).rounded()), yCells = cells / xCells
        var lo = [Float](repeating: .infinity, count: m), hi = [Float](repeating: -.infinity, count: m)
        for r in 0..<n { for j in 0..<m { lo[j] = min(lo[j], s.values[r * m + j]); hi[j] = max(hi[j], s.values[r * m + j]) } }
        var joint = [Int32](repeating: 0, count: cells), cx = [Int32](repeating: 0, count: xCells), cy = [Int32](repeating: 0, count: yCells)
        for r in 0..<n {
            var ix = 0, iy = 0
            for j in 0..<m {
                let width = Double(hi[j]) - Double(lo[j])
                var b = width > 0 ? Int((Double(s.values[r * m + j]) - Double(lo[j])) / width * Double(bins)) : 0
                b = min(max(b, 0), bins - 1)
                if j < s.dx { ix = ix * bins + b } else { iy = iy * bins + b }
            }
            joint[ix * yCells + iy] += 1; cx[ix] += 1; cy[iy] += 1
        }
        var mi = 0.0
        let nn = Double(n)
        for ix in 0..<xCells where cx[ix] > 0 {
            for iy in 0..<yCells {
                let c = joint[ix * yCells + iy]
                if c > 0 { mi += Double(c) / nn * log(Double(c) * nn / (Double(cx[ix]) * Double(cy[iy]))) }
            }
        }
        return max(0, mi)
    }
}
