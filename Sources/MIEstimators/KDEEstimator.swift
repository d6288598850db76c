#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// The kernel of `KDEEstimator`.
public enum KDEKernel: String, Sendable, CaseIterable { case tophat, gaussian }

/// Kernel-density resubstitution estimate on standardized columns:
/// I = Ĥ(X) + Ĥ(Y) − Ĥ(X,Y), Ĥ(Z) = −mean_i log p̂(z_i), p̂ the kernel density estimate from all n
/// points (z_i itself included), bandwidth by Scott's rule h = n^(−1/(d+4)) in each space's own
/// dimension d. Tophat: p̂(z) = #{j : ‖z_j − z‖ < h} / (n·V_d·h^d), V_d the unit-ball volume
/// (counted exactly with a k-d tree); Gaussian: p̂(z) = mean_j N(z; z_j, h²I) (an O(n²·d) scan,
/// parallel). Bandwidth-sensitive, as BMI's authors note.
public struct KDEEstimator: MIEstimator {
    public let name = "kde"
    public var kernel: KDEKernel
    public init(kernel: KDEKernel = .tophat) { self.kernel = kernel }

    /// Most joint dimensions (dx + dy) estimated.
    public static let maxDimensions = 10

    public func estimate(_ s: PairedSample) throws -> Double {
        let n = s.rows, m = s.width
        guard n >= 2 else { throw EstimatorError("kde needs at least 2 rows, got \(n)") }
        // The bandwidth n^(-1/(d+4)) barely shrinks in many dimensions (0.9 sd at d = 64, n = 1000):
        // the joint density is then smoothed flat and the estimate is noise, not MI.
        guard m <= Self.maxDimensions else {
            throw EstimatorError("kde: dx+dy=\(m) is beyond the \(Self.maxDimensions) joint dimensions a kernel density can resolve; use ksg or cca")
        }
        let z = standardizedColumns(s)
        let hx = entropy(z, rows: n, stride: m, offset: 0, dim: s.dx)
        let hy = entropy(z, rows: n, stride: m, offset: s.dx, dim: s.dy)
        let hxy = entropy(z, rows: n, stride: m, offset: 0, dim: m)
        let mi = hx + hy - hxy
        guard mi.isFinite, mi <= log(Double(n)) else {
            throw EstimatorError(
                "kde: no estimate: \(mi.isFinite ? String(cFormat: "%.3g", mi) : "NaN") nats is above log n = \(String(cFormat: "%.3g", log(Double(n)))), the most \(n) rows can show (tied rows?)")
        }
        return max(0, mi)
    }

    /// Ĥ of columns [offset, offset + dim) of z: (n, stride).
    func entropy(_ z: [Double], rows n: Int, stride: Int, offset: Int, dim d: Int) -> Double {
        let h = pow(Double(n), -1 / Double(d + 4))
        let chunkSize = 256
        var partial = [Double](repeating: 0, count: (n + chunkSize - 1) / chunkSize)
        z.withUnsafeBufferPointer { zb in
            nonisolated(unsafe) let zp = zb.baseAddress!
            let metric = BlockMetric(split: d, dim: d, maxNorm: false)
            let tree = kernel == .tophat ? KDTree(values: zp, rows: n, stride: stride, offset: offset, metric: metric) : nil
            partial.withUnsafeMutableBufferPointer { pb in
                nonisolated(unsafe) let out = pb.baseAddress!
                _ = forEachChunk(rows: n, chunkSize: chunkSize, parallel: n >= 1024) { chunk, range in
                    var acc = 0.0
                    for i in range {
                        let q = zp + i * stride + offset
                        if let tree {
                            acc += log(Double(tree.count(q, within: h * h, strict: true)))
                        } else {
                            var sum = 0.0
                            for j in 0..<n { sum += exp(-metric.distance2(q, zp + j * stride + offset) / (2 * h * h)) }
                            acc += log(sum)
                        }
                    }
                    out[chunk] = acc
                }
            }
        }
        let meanLogSum = partial.reduce(0, +) / Double(n)
        let dd = Double(d)
        // log of the normalising constant n·V_d·h^d (tophat) or n·(2π)^(d/2)·h^d (Gaussian).
        let logNorm =
            kernel == .tophat
            ? log(Double(n)) + dd / 2 * log(Double.pi) - Special.logGamma(dd / 2 + 1) + dd * log(h)
            : log(Double(n)) + dd / 2 * log(2 * Double.pi) + dd * log(h)
        return -(meanLogSum - logNorm)
    }
}
