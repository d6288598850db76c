// Random tensors drawn from a caller's `RandomStream` (no hidden randomness: the stream is an argument).
// Elements are drawn in row-major order, so a seed gives the same tensor on every machine.

extension Tensor {
    /// Independent N(mean, std²) elements.
    public static func randomNormal(
        _ shape: [Int], mean: Float = 0, std: Float = 1,
        rng: inout RandomStream
    ) -> Tensor {
        var out = Tensor(uninitializedShape: shape)
        out.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = mean + std * Float(rng.normal()) }
        }
        return out
    }

    /// Independent U(low, high) elements.
    public static func randomUniform(
        _ shape: [Int], low: Float = 0, high: Float = 1,
        rng: inout RandomStream
    ) -> Tensor {
        var out = Tensor(uninitializedShape: shape)
        let (a, b) = (Double(low), Double(high))
        out.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = Float(rng.uniform(a, b)) }
        }
        return out
    }
}
