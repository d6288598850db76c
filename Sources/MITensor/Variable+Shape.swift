// Shape primitives with their VJPs: reshape, permute, broadcast, concat, slice, gather rows;
// and the matmul primitive (2-D and batched, with transpose flags).

extension Variable {
    // z = reshape(a);  ∂a = reshape(g) back
    public func reshaped(_ newShape: [Int]) -> Variable {
        let s = shape
        return Variable.primitive(value.reshaped(newShape), [self]) { g, _ in [g.reshaped(s)] }
    }

    // z = permute(a, perm);  ∂a = permute(g, perm⁻¹)
    public func permuted(_ perm: [Int]) -> Variable {
        var inverse = [Int](repeating: 0, count: perm.count)
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return Variable.primitive(value.permuted(perm), [self]) { g, _ in [g.permuted(inverse)] }
    }

    // z = broadcast(a → shape);  ∂a = sum of g over the broadcast axes
    public func broadcast(to target: [Int]) -> Variable {
        let s = shape
        return Variable.primitive(value.broadcast(to: target), [self]) { g, _ in [unbroadcast(g, to: s)] }
    }

    // z = concat(parts, axis);  ∂part_i = the slice of g that part_i filled
    public static func concat(_ parts: [Variable], axis: Int) -> Variable {
        let ax = parts[0].value.axis(axis)
        let sizes = parts.map { $0.shape[ax] }
        return primitive(Tensor.concat(parts.map(\.value), axis: ax), parts) { g, needs in
            var start = 0
            return sizes.indices.map { i in
                defer { start += sizes[i] }
                return needs[i] ? g.slice(axis: ax, start..<(start + sizes[i])) : nil
            }
        }
    }

    // z = a[..., range, ...] along axis;  ∂a = zeros with g written at range
    public func slice(axis: Int, _ range: Range<Int>) -> Variable {
        let ax = value.axis(axis), n = shape[ax]
        return Variable.primitive(value.slice(axis: ax, range), [self]) { g, _ in
            [g.padded(axis: ax, start: range.lowerBound, length: n)]
        }
    }

    // z = table[indices] (rows of axis 0; embedding);  ∂table = scatter-add of g rows (repeats accumulate)
    public func gatherRows(_ indices: [Int]) -> Variable {
        let rows = shape[0]
        return Variable.primitive(value.gatherRows(indices), [self]) { g, _ in
            [g.scatterAddRows(indices, rowCount: rows)]
        }
    }

    // y = x·Wᵀ + b (x: (N, in), W: (out, in), b: (out)), the bias added by sgemm (Tensor.matmul's
    // `bias`), not by a second pass: ∂x = G·W, ∂W = Gᵀ·x, ∂b = Σ over rows of G.
    public static func linear(_ x: Variable, weight w: Variable, bias b: Variable) -> Variable {
        precondition(x.shape.count == 2 && w.shape.count == 2 && b.shape == [w.shape[0]], "linear: x \(x.shape), W \(w.shape), b \(b.shape)")
        let (vx, vw) = (x.value, w.value)
        let y = Tensor.matmul(vx, vw, transposeB: true, bias: b.value)
        return primitive(y, [x, w, b]) { g, needs in
            [
                needs[0] ? Tensor.matmul(g, vw) : nil, needs[1] ? Tensor.matmul(g, vx, transposeA: true) : nil,
                needs[2] ? g.sum(axis: 0) : nil
            ]
        }
    }

    // C = α·op(A)·op(B), 2-D or batched (see Tensor.matmul). With C = A·B: ∂A = G·Bᵀ, ∂B = Aᵀ·G (each
    // times α, by sgemm's own α); the
    // transposed cases follow by transposing those identities, so every gradient is itself one sgemm
    // with transpose flags (no transposed copies). A rank-2 operand shared across a batch gets the
    // per-batch gradients summed over the batch axis.
    public static func matmul(
        _ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false, scale: Float = 1
    ) -> Variable {
        let (va, vb) = (a.value, b.value)
        let c = Tensor.matmul(va, vb, transposeA: transposeA, transposeB: transposeB, scale: scale)
        return primitive(c, [a, b]) { g, needs in
            var ga: Tensor? = nil, gb: Tensor? = nil
            if needs[0] {
                switch (transposeA, transposeB) {
                case (false, false): ga = Tensor.matmul(g, vb, transposeB: true, scale: scale)  // G·Bᵀ
                case (false, true): ga = Tensor.matmul(g, vb, scale: scale)  // G·B
                case (true, false): ga = Tensor.matmul(vb, g, transposeB: true, scale: scale)  // B·Gᵀ
                case (true, true): ga = Tensor.matmul(vb, g, transposeA: true, transposeB: true, scale: scale)  // Bᵀ·Gᵀ
                }
                if va.rank == 2, let t = ga, t.rank == 3 { ga = t.sum(axis: 0) }
            }
            if needs[1] {
                switch (transposeA, transposeB) {
                case (false, false): gb = Tensor.matmul(va, g, transposeA: true, scale: scale)  // Aᵀ·G
                case (false, true): gb = Tensor.matmul(g, va, transposeA: true, scale: scale)  // Gᵀ·A
                case (true, false): gb = Tensor.matmul(va, g, scale: scale)  // A·G
                case (true, true): gb = Tensor.matmul(g, va, transposeA: true, transposeB: true, scale: scale)  // Gᵀ·Aᵀ
                }
                if vb.rank == 2, let t = gb, t.rank == 3 { gb = t.sum(axis: 0) }
            }
            return [ga, gb]
        }
    }
}
