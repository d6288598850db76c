import MITensor

/// Gaussian mutual information from the sample correlation matrix: I = ½·(log det C_XX + log det C_YY
/// − log det C) = −½·Σ log(1 − ρ_i²) over the canonical correlations ρ_i (exact for Gaussian data, a
/// lower bound in general). Sums are accumulated in Double; determinants through LAPACK.
/// With Z columns, the Gaussian conditional MI I(X; Y | Z) = ½·(log det C_XZ + log det C_YZ
/// − log det C_Z − log det C), which is I(X; Y) of the partial correlations given Z.
public struct CCAEstimator: MIEstimator {
    public let name = "cca"
    public var conditions: Bool { true }
    public init() {}

    public func estimate(_ s: PairedSample) throws -> Double {
        let m = s.width
        guard s.rows > m else {
            throw EstimatorError("cca needs more rows than columns (n=\(s.rows), \(s.dz > 0 ? "dx+dy+dz" : "dx+dy")=\(m))")
        }
        let c = try correlationMatrix(s)
        if s.dz > 0 { return try Self.gaussianCMI(correlation: c, dx: s.dx, dy: s.dy, dz: s.dz, method: "cca") }
        return try Self.gaussianMI(correlation: c, dx: s.dx, dy: s.dy, method: "cca")
    }

    /// ½·(log det C_XZ + log det C_YZ − log det C_Z − log det C) for an (m×m) correlation matrix of
    /// (X, Y, Z), clipped at 0.
    static func gaussianCMI(correlation c: [Double], dx: Int, dy: Int, dz: Int, method: String) throws -> Double {
        let m = dx + dy + dz
        let x = Array(0..<dx), y = Array(dx..<(dx + dy)), z = Array((dx + dy)..<m)
        func logDet(_ idx: [Int]) throws -> Double { try LAPACK.logDeterminantSPD(principalSubmatrix(c, order: m, idx), order: idx.count) }
        do {
            let cmi = 0.5 * (try logDet(x + z) + logDet(y + z) - logDet(z) - logDet(x + y + z))
            return max(0, cmi)
        } catch is LinearAlgebraError {
            throw EstimatorError("\(method): the sample correlation matrix is singular (collinear columns)")
        }
    }

    /// ½·(log det C_XX + log det C_YY − log det C) for an (m×m) correlation matrix, clipped at 0.
    static func gaussianMI(correlation c: [Double], dx: Int, dy: Int, method: String) throws -> Double {
        let m = dx + dy
        var cxx = [Double](repeating: 0, count: dx * dx), cyy = [Double](repeating: 0, count: dy * dy)
        for i in 0..<dx { for j in 0..<dx { cxx[i * dx + j] = c[i * m + j] } }
        for i in 0..<dy { for j in 0..<dy { cyy[i * dy + j] = c[(dx + i) * m + dx + j] } }
        do {
            let mi =
                0.5
                * (try LAPACK.logDeterminantSPD(cxx, order: dx) + LAPACK.logDeterminantSPD(cyy, order: dy)
                    - LAPACK.logDeterminantSPD(c, order: m))
            return max(0, mi)
        } catch is LinearAlgebraError {
            throw EstimatorError("\(method): the sample correlation matrix is singular (collinear columns)")
        }
    }

    /// The m×m Pearson correlation matrix of the columns (two passes: means, then centred products).
    func correlationMatrix(_ s: PairedSample) throws -> [Double] {
        try s.values.withUnsafeBufferPointer { v in try Self.correlationMatrix(v, rows: s.rows, width: s.width) }
    }

    /// The same for row-major (n, m) Doubles. A constant column is an error, or with
    /// `constantUncorrelated` a column uncorrelated with every other.
    public static func correlationMatrix(
        _ v: UnsafeBufferPointer<Double>, rows n: Int, width m: Int, constantUncorrelated: Bool = false
    ) throws -> [Double] {
        try correlation(v, rows: n, width: m, constantUncorrelated: constantUncorrelated)
    }

    /// The same for row-major (n, m) Floats, computed in Double.
    public static func correlationMatrix(
        _ v: UnsafeBufferPointer<Float>, rows n: Int, width m: Int, constantUncorrelated: Bool = false
    ) throws -> [Double] {
        try correlation(v, rows: n, width: m, constantUncorrelated: constantUncorrelated)
    }

    // Generic, but called only from the two entry points above, so it is specialised for each inside
    // this module (a generic public entry point ran unspecialised from other modules).
    private static func correlation<T: BinaryFloatingPoint>(
        _ v: UnsafeBufferPointer<T>, rows n: Int, width m: Int, constantUncorrelated: Bool
    ) throws -> [Double] {
        var mean = [Double](repeating: 0, count: m)
        var cov = [Double](repeating: 0, count: m * m)
        do {
            for r in 0..<n { for j in 0..<m { mean[j] += Double(v[r * m + j]) } }
            for j in 0..<m { mean[j] /= Double(n) }
            // The centred rows a block at a time, their Gram matrix added to the upper triangle by
            // BLAS (dsyrk): O(n·m²) multiply-adds, most of a wide data set's preparation otherwise.
            let block = min(n, 1024)
            var centred = [Double](repeating: 0, count: block * m)
            centred.withUnsafeMutableBufferPointer { cp in
                cov.withUnsafeMutableBufferPointer { vp in
                    var start = 0
                    while start < n {
                        let rows = min(block, n - start)
                        for r in 0..<rows {
                            for j in 0..<m { cp[r * m + j] = Double(v[(start + r) * m + j]) - mean[j] }
                        }
                        DoubleBLAS.addGram(cp.baseAddress!, rows: rows, width: m, into: vp.baseAddress!)
                        start += rows
                    }
                }
            }
        }
        for i in 0..<m where !(cov[i * m + i] > 0) && !constantUncorrelated {
            throw EstimatorError("cca: column \(i + 1) is constant")
        }
        let sd = (0..<m).map { cov[$0 * m + $0].squareRoot() }
        for i in 0..<m {
            cov[i * m + i] = 1
            for j in (i + 1)..<m {
                let r = sd[i] > 0 && sd[j] > 0 ? cov[i * m + j] / (sd[i] * sd[j]) : 0
                cov[i * m + j] = r; cov[j * m + i] = r
            }
        }
        return cov
    }
}
