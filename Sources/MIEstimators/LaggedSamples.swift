/// Samples derived from a time-ordered data set (row t is time t): lagged MI and transfer entropy,
/// each an MI or conditional MI of columns shifted in time, for any estimator.
public enum LaggedSamples {
    /// I(X_{t−lag}; Y_t) as a sample: rows t where both exist (a negative lag puts Y first).
    public static func laggedPair(_ s: PairedSample, lag: Int) throws -> PairedSample {
        precondition(s.dz == 0)
        let n = s.rows, m = s.width, used = n - abs(lag)
        guard used >= 2 else { throw EstimatorError("lag \(lag) leaves \(max(used, 0)) rows of \(n)") }
        var v = [Float]()
        v.reserveCapacity(used * m)
        let first = max(lag, 0)
        for t in first..<(first + used) {
            let xRow = t - lag
            for j in 0..<s.dx { v.append(s.values[xRow * m + j]) }
            for j in s.dx..<m { v.append(s.values[t * m + j]) }
        }
        return PairedSample(values: v, rows: used, dx: s.dx, dy: s.dy)
    }

    /// Transfer entropy X → Y as a conditional-MI sample: I(Y_t; X_{t−lag}, …, X_{t−lag−l+1} |
    /// Y_{t−1}, …, Y_{t−k}), with l = `sourceHistory`, k = `targetHistory` (Schreiber 2000, with the
    /// source delay of Wibral et al. 2013). X's columns come first (lag first), then Y_t, then Z.
    /// `sourceShift` rotates X circularly in time first (a surrogate that keeps X's autocorrelation).
    public static func transferEntropy(
        _ s: PairedSample, lag: Int, sourceHistory l: Int, targetHistory k: Int, sourceShift: Int = 0
    ) throws -> PairedSample {
        precondition(s.dz == 0)
        guard lag >= 1 else { throw EstimatorError("transfer entropy needs a lag of at least 1, got \(lag)") }
        guard l >= 1, k >= 1 else { throw EstimatorError("history lengths must be at least 1") }
        let n = s.rows, m = s.width, dx = s.dx, dy = s.dy
        let start = max(lag + l - 1, k), used = n - start
        guard used >= 2 else { throw EstimatorError("lag \(lag) with histories \(l) and \(k) leaves \(max(used, 0)) rows of \(n)") }
        var v = [Float]()
        v.reserveCapacity(used * (dx * l + dy + dy * k))
        for t in start..<n {
            for h in 0..<l {
                let r = ((t - lag - h + sourceShift) % n + n) % n
                for j in 0..<dx { v.append(s.values[r * m + j]) }
            }
            for j in 0..<dy { v.append(s.values[t * m + dx + j]) }
            for h in 1...k { for j in 0..<dy { v.append(s.values[(t - h) * m + dx + j]) } }
        }
        return PairedSample(values: v, rows: used, dx: dx * l, dy: dy, dz: dy * k)
    }
}
