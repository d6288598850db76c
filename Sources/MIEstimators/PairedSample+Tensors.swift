import MITensor

extension PairedSample {
    /// The given rows as (x (N, dx), y (N, dy)) tensors, for the estimators that train a model on
    /// the data set they estimate.
    public func tensors(rows: [Int]) -> (x: Tensor, y: Tensor) {
        var x = [Float](repeating: 0, count: rows.count * dx), y = [Float](repeating: 0, count: rows.count * dy)
        let w = width
        values.withUnsafeBufferPointer { v in
            for (i, r) in rows.enumerated() {
                for j in 0..<dx { x[i * dx + j] = v[r * w + j] }
                for j in 0..<dy { y[i * dy + j] = v[r * w + dx + j] }
            }
        }
        return (Tensor(x, shape: [rows.count, dx]), Tensor(y, shape: [rows.count, dy]))
    }

    /// The given rows' X and Y columns side by side, row-major (N, dx + dy), for the estimators that
    /// model the joint.
    public func jointRows(_ rows: [Int]) -> [Float] {
        let d = dx + dy, w = width
        var out = [Float](repeating: 0, count: rows.count * d)
        values.withUnsafeBufferPointer { v in
            for (i, r) in rows.enumerated() { for j in 0..<d { out[i * d + j] = v[r * w + j] } }
        }
        return out
    }
}
