// Reduction primitives with their VJPs. The VJP of a reduction broadcasts the output gradient back over
// the reduced axis (keepDims shape first, so broadcasting lines up).

extension Variable {
    // z = Σ_axis a;  ∂a = broadcast(g)
    public func sum(axis: Int, keepDims: Bool = false) -> Variable {
        let s = shape, ax = value.axis(axis)
        return Variable.primitive(value.sum(axis: ax, keepDims: keepDims), [self]) { g, _ in
            var kept = s
            kept[ax] = 1
            return [g.reshaped(kept).broadcast(to: s)]
        }
    }

    // z = Σ a (rank 0);  ∂a = g everywhere
    public func sum() -> Variable {
        let s = shape
        return Variable.primitive(value.sum(), [self]) { g, _ in [Tensor.full(s, g.scalar)] }
    }

    // z = mean_axis a;  ∂a = broadcast(g)/n
    public func mean(axis: Int, keepDims: Bool = false) -> Variable {
        let s = shape, ax = value.axis(axis)
        let n = Float(s[ax])
        return Variable.primitive(value.mean(axis: ax, keepDims: keepDims), [self]) { g, _ in
            var kept = s
            kept[ax] = 1
            return [g.reshaped(kept).broadcast(to: s) * (1 / n)]
        }
    }

    // z = mean a (rank 0);  ∂a = g/n everywhere
    public func mean() -> Variable {
        let s = shape, n = Float(value.count)
        return Variable.primitive(value.mean(), [self]) { g, _ in [Tensor.full(s, g.scalar / n)] }
    }

    // z = max_axis a;  ∂a = g·[a = z]/#ties (ties share the gradient equally, as torch.amax)
    public func max(axis: Int, keepDims: Bool = false) -> Variable {
        let a = value, ax = value.axis(axis)
        let zk = a.max(axis: ax, keepDims: true)
        let z = keepDims ? zk : zk.reshaped(Array(zk.shape[..<ax] + zk.shape[(ax + 1)...]))
        return Variable.primitive(z, [self]) { g, _ in
            let hit = Tensor.mask(a, zk) { $0 == $1 }
            let ties = hit.sum(axis: ax, keepDims: true)
            return [hit * (g.reshaped(zk.shape) / ties)]
        }
    }

    // z = max a (rank 0);  ∂a = g·[a = z]/#ties
    public func max() -> Variable {
        let a = value
        let z = a.max()
        return Variable.primitive(z, [self]) { g, _ in
            let hit = Tensor.mask(a, z) { $0 == $1 }
            return [hit * (g.scalar / hit.sum().scalar)]
        }
    }
}
