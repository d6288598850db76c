#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// The k-nearest-neighbour estimator for discrete–continuous mixtures of Gao, Kannan, Oh and
/// Viswanath (2017, "Estimating mutual information for discrete-continuous mixtures", NeurIPS): KSG
/// made consistent when rows tie (discrete, quantised or duplicated values). On standardized columns,
/// with the max norm within and across X and Y:
///
///   ρ_i = the k-th smallest joint distance from row i to the others;
///   ρ_i > 0: k̃_i = k, n_x,i = #{j : ‖x_j − x_i‖ < ρ_i} (row i included), likewise n_y,i;
///   ρ_i = 0 (k or more exact duplicates): k̃_i, n_x,i, n_y,i count the rows at distance 0 (i included);
///   I = max(0, mean_i[ψ(k̃_i) + log n − ψ(n_x,i) − ψ(n_y,i)]).
///
/// On continuous data it behaves as KSG; on purely discrete data it tends to the plug-in estimate.
/// A list of k is averaged (as ksg's).
public struct MixedKSGEstimator: MIEstimator {
    public let name = "ksg-mixed"
    public var neighbors: [Int]

    public init(neighbors: [Int] = [5]) { self.neighbors = neighbors }

    public func estimate(_ s: PairedSample) throws -> Double {
        guard !neighbors.isEmpty else { throw EstimatorError("ksg-mixed: k must be at least 1") }
        return try neighbors.map { try estimate(s, k: $0) }.reduce(0, +) / Double(neighbors.count)
    }

    func estimate(_ s: PairedSample, k: Int) throws -> Double {
        guard k >= 1 else { throw EstimatorError("ksg-mixed: k must be at least 1") }
        guard k < s.rows else { throw EstimatorError("ksg-mixed: k=\(k) needs more than \(k) rows, the data set has \(s.rows)") }
        let n = s.rows, m = s.width
        let z = standardizedColumns(s)
        let terms = z.withUnsafeBufferPointer { zb -> [Double] in
            nonisolated(unsafe) let zp = zb.baseAddress!
            let joint = KDTree(values: zp, rows: n, stride: m, offset: 0, metric: BlockMetric(split: s.dx, dim: m, maxNorm: true))
            let xs = KDTree(values: zp, rows: n, stride: m, offset: 0, metric: BlockMetric(split: s.dx, dim: s.dx, maxNorm: true))
            let ys = KDTree(values: zp, rows: n, stride: m, offset: s.dx, metric: BlockMetric(split: s.dy, dim: s.dy, maxNorm: true))
            // Row i's term, serially (the tools run data sets in parallel).
            var dist2 = [Double](repeating: 0, count: k), rows = [Int32](repeating: 0, count: k)
            return (0..<n).map(term)
            func term(_ i: Int) -> Double {
                let q = zp + i * m
                dist2.withUnsafeMutableBufferPointer { d in
                    rows.withUnsafeMutableBufferPointer { r in
                        joint.nearest(q, k: k, exclude: Int32(i), dist2: d.baseAddress!, rows: r.baseAddress!)
                    }
                }
                let rho2 = dist2[k - 1]
                let kk: Int, nx: Int, ny: Int
                if rho2 == 0 {
                    kk = joint.count(q, within: 0, strict: false)
                    nx = xs.count(q, within: 0, strict: false)
                    ny = ys.count(q + s.dx, within: 0, strict: false)
                } else {
                    kk = k
                    nx = xs.count(q, within: rho2, strict: true)
                    ny = ys.count(q + s.dx, within: rho2, strict: true)
                }
                return Special.digamma(Double(kk)) - Special.digamma(Double(nx)) - Special.digamma(Double(ny))
            }
        }
        let mi = terms.reduce(0, +) / Double(n) + Glibc.log(Double(n))
        guard mi.isFinite else { throw EstimatorError("ksg-mixed: the estimate is not finite") }
        return max(0, mi)
    }
}
