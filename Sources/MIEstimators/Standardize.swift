extension PairedSample {
    /// Each column's mean and population standard deviation (divided by n), in Double.
    public func columnMoments() -> [(mean: Double, sd: Double)] {
        let n = rows, m = width
        return values.withUnsafeBufferPointer { v in
            (0..<m).map { j in
                var sum = 0.0
                for r in 0..<n { sum += Double(v[r * m + j]) }
                let mean = sum / Double(n)
                var ss = 0.0
                for r in 0..<n { let t = Double(v[r * m + j]) - mean; ss += t * t }
                return (mean, (ss / Double(n)).squareRoot())
            }
        }
    }
}

/// Per-column standardization, as BMI's estimators do before estimating (scikit-learn's
/// StandardScaler): (v − mean) / std with the population std; a constant column is only centred.
/// Returns (n, d) row-major Double, the Float32 values widened exactly.
func standardizedColumns(_ s: PairedSample) -> [Double] {
    let n = s.rows, m = s.width
    let moments = s.columnMoments()
    var out = [Double](repeating: 0, count: n * m)
    s.values.withUnsafeBufferPointer { v in
        out.withUnsafeMutableBufferPointer { o in
            for (j, (mean, sd)) in moments.enumerated() {
                let scale = sd > 0 ? sd : 1
                for r in 0..<n { o[r * m + j] = (Double(v[r * m + j]) - mean) / scale }
            }
        }
    }
    return out
}

/// Splits a row range [0, n) into fixed chunks and runs `body(chunk, range)` on every core when
/// the work is large enough. Chunks depend on n only, never on the number of threads, so results
/// reduced in chunk order are the same bits on any machine.
func forEachChunk(rows n: Int, chunkSize: Int, parallel: Bool, _ body: (Int, Range<Int>) -> Void) -> Int {
    let chunks = (n + chunkSize - 1) / chunkSize
    if parallel && chunks > 1 {
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let b = body
            DispatchQueue.concurrentPerform(iterations: chunks) { c in b(c, (c * chunkSize)..<Swift.min(n, (c + 1) * chunkSize)) }
        }
    } else {
        for c in 0..<chunks { body(c, (c * chunkSize)..<Swift.min(n, (c + 1) * chunkSize)) }
    }
    return chunks
}

import Dispatch

extension PairedSample {
    /// Each column standardised (in Double, then rounded to Float32). MI is unchanged by these affine
    /// maps, and an estimator that trains (MIENF) then sees unit scales whatever the data's units
    /// (a column times 1e-8 would otherwise sit below its layers' epsilons).
    public func standardized() -> PairedSample {
        PairedSample(values: standardizedColumns(self).map { Float($0) }, rows: rows, dx: dx, dy: dy)
    }
}
