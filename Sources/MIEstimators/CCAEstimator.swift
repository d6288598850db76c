import MITensor

/// Gaussian mutual information from the sample correlation matrix: I = ½·(log det C_XX + log det C_YY
/// − log det C) = −½·Σ log(1 − ρ_i²) over the canonical correlations ρ_i (exact for Gaussian data, a
/// lower bound in general). Sums are accumulated in Double; determinants through LAPACK.
public struct CCAEstimator: MIEstimator {
    public let name = "cca"
    public init() {}

    public func estimate(_ s: PairedSample) throws -> Double {
        let m = s.width
        guard s.rows > m else {
            throw EstimatorError("cca needs more rows than columns (n=\(s.rows), dx+dy=\(m))")
        }
        let c = try correlationMatrix(s)
        var cxx = [Double](repeating: 0, count: s.dx * s.dx), cyy = [Double](repeating: 0, count: s.dy * s.dy)
        for i in 0..<s.dx { for j in 0..<s.dx { cxx[i * s.dx + j] = c[i * m + j] } }
        for i in 0..<s.dy { for j in 0..<s.dy { cyy[i * s.dy + j] = c[(s.dx + i) * m + s.dx + j] } }
        do {
            let mi = 0.5 * (try LAPACK.logDeterminantSPD(cxx, order: s.dx) + LAPACK.logDeterminantSPD(cyy, order: s.dy)
                - LAPACK.logDeterminantSPD(c, order: m))
            return max(0, mi)
        } catch is LinearAlgebraError {
            throw EstimatorError("cca: the sample correlation matrix is singular (collinear columns)")
        }
    }

    /// The m×m Pearson correlation matrix of the columns (two passes: means, then centred products).
    func correlationMatrix(_ s: PairedSample) throws -> [Double] {
        let m = s.width, n = s.rows
        var mean = [Double](repeating: 0, count: m)
        var cov = [Double](repeating: 0, count: m * m)
        s.values.withUnsafeBufferPointer { v in
            for r in 0..<n { for j in 0..<m { mean[j] += Double(v[r * m + j]) } }
            for j in 0..<m { mean[j] /= Double(n) }
            var centred = [Double](repeating: 0, count: m)
            for r in 0..<n {
                for j in 0..<m { centred[j] = Double(v[r * m + j]) - mean[j] }
                for i in 0..<m {
                    let ci = centred[i]
                    for j in i..<m { cov[i * m + j] += ci * centred[j] }
                }
            }
        }
        for i in 0..<m {
            guard cov[i * m + i] > 0 else { throw EstimatorError("cca: column \(i + 1) is constant") }
        }
        let sd = (0..<m).map { cov[$0 * m + $0].squareRoot() }
        for i in 0..<m {
            cov[i * m + i] = 1
            for j in (i + 1)..<m {
                let r = cov[i * m + j] / (sd[i] * sd[j])
                cov[i * m + j] = r; cov[j * m + i] = r
            }
        }
        return cov
    }
}
