import MITensor

/// Gaussian-copula MI: each column is replaced by its normal scores Φ⁻¹(rank / (n + 1)) (ties get
/// their average rank), then the Gaussian MI of the scores is computed as by CCA. Invariant to
/// strictly increasing transforms of any column; exact (up to sampling error) for Gaussian copulas,
/// a lower bound on the MI of the copula otherwise.
/// With Z columns: the Gaussian conditional MI of the scores (CCAEstimator's formula), I(X; Y | Z).
public struct GaussianCopulaEstimator: MIEstimator {
    public let name = "gc"
    public var conditions: Bool { true }
    public init() {}

    public func estimate(_ s: PairedSample) throws -> Double {
        let n = s.rows, m = s.width
        guard n > m else { throw EstimatorError("gc needs more rows than columns (n=\(n), \(s.dz > 0 ? "dx+dy+dz" : "dx+dy")=\(m))") }
        let scores = Self.normalScores(s)
        let c = try scores.withUnsafeBufferPointer { v in
            do { return try CCAEstimator.correlationMatrix(v, rows: n, width: m) } catch {
                throw EstimatorError("gc: a column is constant")
            }
        }
        if s.dz > 0 { return try CCAEstimator.gaussianCMI(correlation: c, dx: s.dx, dy: s.dy, dz: s.dz, method: "gc") }
        return try CCAEstimator.gaussianMI(correlation: c, dx: s.dx, dy: s.dy, method: "gc")
    }

    /// Each column's normal scores Φ⁻¹(rank / (n + 1)), ties sharing their average rank: rows × width,
    /// row-major.
    public static func normalScores(_ s: PairedSample) -> [Double] {
        let n = s.rows, m = s.width
        var scores = [Double](repeating: 0, count: n * m)
        // The score of a rank without ties, computed once for all columns (the same expression as
        // the tied case below with b = a + 1, so the same number).
        let untied = (0..<n).map { a in Special.normalQuantile((Double(2 * a + 2) / 2) / Double(n + 1)) }
        s.values.withUnsafeBufferPointer { v in
            for j in 0..<m {
                // Rows by value, equal values by row (a stable sort; −0 sorts before +0, which tie
                // below all the same).
                let order = RadixSort.order((0..<n).map { v[$0 * m + j] })
                var a = 0
                while a < n {
                    var b = a + 1
                    while b < n && v[Int(order[b]) * m + j] == v[Int(order[a]) * m + j] { b += 1 }
                    // Rows order[a..<b] tie: ranks a+1 ... b, average (a + 1 + b) / 2.
                    let score = b == a + 1 ? untied[a] : Special.normalQuantile((Double(a + 1 + b) / 2) / Double(n + 1))
                    for t in a..<b { scores[Int(order[t]) * m + j] = score }
                    a = b
                }
            }
        }
        return scores
    }
}
