// The two products of multi-head attention on heads where they lie (Tensor.headProducts): the same
// numbers as splitting (B, N, h·d) into (B·h, N, d), a batched matmul and merging back, without the
// copies. Q_bj, K_bj, V_bj: the d columns of head j of set b; matrix b·h + j of the (B·h, ·, ·) side.

extension Variable {
    /// Attention logits: q (B, Nq, h·d), k (B, Nk, h·d) → (B·h, Nq, Nk), matrix b·h + j = α·Q_bj·K_bjᵀ.
    /// ∂Q_bj = α·G_bj·K_bj and ∂K_bj = α·G_bjᵀ·Q_bj, each written into its head's columns.
    public static func headScores(_ q: Variable, _ k: Variable, heads h: Int, scale: Float = 1) -> Variable {
        let (vq, vk) = (q.value, k.value)
        precondition(
            vq.rank == 3 && vk.rank == 3 && vq.shape[0] == vk.shape[0] && vq.shape[2] == vk.shape[2] && h > 0 && vq.shape[2] % h == 0,
            "head scores: q \(vq.shape), k \(vk.shape), \(h) heads")
        let (b, nq, nk, d) = (vq.shape[0], vq.shape[1], vk.shape[1], vq.shape[2] / h)
        let lq = HeadLayout.interleaved(rows: nq, heads: h, width: d), lk = HeadLayout.interleaved(rows: nk, heads: h, width: d)
        let ls = HeadLayout.stacked(rows: nq, columns: nk, heads: h)
        let scores = Tensor.headProducts(
            count: b * h, heads: h, vq, lq, vk, lk, shape: [b * h, nq, nk], ls, m: nq, n: nk, k: d, transposeB: true, alpha: scale)
        return primitive(scores, [q, k]) { g, needs in
            [
                needs[0] ? Tensor.headProducts(count: b * h, heads: h, g, ls, vk, lk, shape: vq.shape, lq, m: nq, n: d, k: nk, alpha: scale) : nil,
                needs[1]
                    ? Tensor.headProducts(count: b * h, heads: h, g, ls, vq, lq, shape: vk.shape, lk, m: nk, n: d, k: nq, transposeA: true, alpha: scale)
                    : nil
            ]
        }
    }

    /// Attention output: weights a (B·h, Nq, Nk), v (B, Nk, h·d) → (B, Nq, h·d), head j of set b =
    /// A_bj·V_bj, the heads side by side. ∂A_bj = G_bj·V_bjᵀ, ∂V_bj = A_bjᵀ·G_bj.
    public static func headMix(_ a: Variable, _ v: Variable, heads h: Int) -> Variable {
        let (va, vv) = (a.value, v.value)
        precondition(
            va.rank == 3 && vv.rank == 3 && h > 0 && vv.shape[2] % h == 0 && va.shape[0] == vv.shape[0] * h && va.shape[2] == vv.shape[1],
            "head mix: a \(va.shape), v \(vv.shape), \(h) heads")
        let (b, nq, nk, d) = (vv.shape[0], va.shape[1], vv.shape[1], vv.shape[2] / h)
        let la = HeadLayout.stacked(rows: nq, columns: nk, heads: h), lv = HeadLayout.interleaved(rows: nk, heads: h, width: d)
        let lo = HeadLayout.interleaved(rows: nq, heads: h, width: d)
        let out = Tensor.headProducts(count: b * h, heads: h, va, la, vv, lv, shape: [b, nq, h * d], lo, m: nq, n: d, k: nk)
        return primitive(out, [a, v]) { g, needs in
            [
                needs[0] ? Tensor.headProducts(count: b * h, heads: h, g, lo, vv, lv, shape: va.shape, la, m: nq, n: nk, k: d, transposeB: true) : nil,
                needs[1] ? Tensor.headProducts(count: b * h, heads: h, va, la, g, lo, shape: vv.shape, lv, m: nk, n: d, k: nq, transposeA: true) : nil
            ]
        }
    }
}
