// Reductions over one axis (with keepDims) or over all elements.
//
// An axis reduction views the tensor as (outer, n, inner) with n = shape[axis] and folds the middle
// index: out[o, i] = fold_k x[o, k, i]. The loop runs o, k, i so the innermost loop is contiguous.
// Axis sums accumulate in Float (vectorisable); the all-element sum accumulates in Double.

extension Tensor {
    @inline(__always)
    /// `initial` must be the identity of `combine` (0 for +, −inf for max): it seeds several accumulators.
    func reduce(axis a: Int, keepDims: Bool, initial: Float, _ combine: (Float, Float) -> Float) -> Tensor {
        let ax = axis(a)
        let n = shape[ax]
        let outer = shape[..<ax].reduce(1, *), inner = shape[(ax + 1)...].reduce(1, *)
        var outShape = shape
        if keepDims { outShape[ax] = 1 } else { outShape.remove(at: ax) }
        var out = Tensor.full(outShape, initial)
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { po in
                if inner == 1 {
                    // Last-axis reduction (softmax, LayerNorm rows): four independent accumulators break
                    // the serial dependency; the order of combination differs from left-to-right.
                    for o in 0..<outer {
                        let src = o * n
                        var acc = (initial, initial, initial, initial)
                        var k = 0
                        while k + 4 <= n {
                            acc.0 = combine(acc.0, p[src + k]); acc.1 = combine(acc.1, p[src + k + 1])
                            acc.2 = combine(acc.2, p[src + k + 2]); acc.3 = combine(acc.3, p[src + k + 3])
                            k += 4
                        }
                        while k < n { acc.0 = combine(acc.0, p[src + k]); k += 1 }
                        po[o] = combine(combine(acc.0, acc.1), combine(acc.2, acc.3))
                    }
                    return
                }
                // Raw pointers: with the buffers' subscripts the compiler could not rule out aliasing
                // and left the contiguous inner loop scalar (a bias gradient's column sums were a tenth
                // of a MINDE training step).
                guard let src0 = p.baseAddress, let dst0 = po.baseAddress else { return }
                for o in 0..<outer {
                    let d = dst0 + o * inner
                    for k in 0..<n {
                        let s = src0 + (o * n + k) * inner
                        for i in 0..<inner { d[i] = combine(d[i], s[i]) }
                    }
                }
            }
        }
        return out
    }

    /// Sum over `axis` (negative counts from the end): x (..., n, ...) → (..., 1, ...) or (..., ...).
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        reduce(axis: axis, keepDims: keepDims, initial: 0, +)
    }

    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        let n = shape[self.axis(axis)]
        return sum(axis: axis, keepDims: keepDims) * (1 / Float(n))
    }

    /// Maximum over `axis`; -inf for an empty axis.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        reduce(axis: axis, keepDims: keepDims, initial: -.infinity) { $0 >= $1 ? $0 : $1 }
    }

    /// Sum of all elements as a rank-0 tensor (Double accumulator).
    public func sum() -> Tensor {
        let total: Double = withUnsafeBufferPointer { p in
            var acc = 0.0
            for x in p { acc += Double(x) }
            return acc
        }
        return Tensor(Float(total))
    }

    public func mean() -> Tensor { Tensor(sum().scalar / Float(count)) }

    public func max() -> Tensor {
        let m: Float = withUnsafeBufferPointer { p in
            var m = -Float.infinity
            for x in p where x > m { m = x }
            return m
        }
        return Tensor(m)
    }

    /// Sums `self` down to `target`, a shape that broadcasts to `self.shape`: sums away the leading axes
    /// `target` lacks and keeps (size 1) the axes where `target` has 1. This is the vector-Jacobian
    /// product of broadcasting `target` → `self.shape`.
    public func sum(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(target.count <= rank, "cannot sum \(shape) to \(target)")
        var t = self
        for _ in 0..<(rank - target.count) { t = t.sum(axis: 0) }
        for a in 0..<target.count where target[a] == 1 && t.shape[a] != 1 {
            t = t.sum(axis: a, keepDims: true)
        }
        precondition(t.shape == target, "cannot sum \(shape) to \(target)")
        return t
    }
}

extension Tensor {
    /// No NaN or ±∞ anywhere (a branch-free scan of the exponent bits).
    public var isAllFinite: Bool {
        withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: UInt32.self) { bits in
                var flag: UInt32 = 0
                for x in bits { flag |= (x & 0x7F80_0000) == 0x7F80_0000 ? 1 : 0 }
                return flag == 0
            }
        }
    }
}
