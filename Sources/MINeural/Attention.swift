// Multi-head scaled dot-product attention with a key padding mask (Vaswani et al. 2017; PyTorch
// nn.MultiheadAttention with batch_first=True and separate q/k/v projections).
//
//   Q = x·W_qᵀ + b_q, K = y·W_kᵀ + b_k, V = z·W_vᵀ + b_v        h heads of width d = W/h, side by side
//   A = softmax(Q·Kᵀ/√d + M)                                    M = −∞ on padded keys, 0 elsewhere
//   out = concat_heads(A·V)·W_oᵀ + b_o
//
// A set whose keys are all padded has no key to attend to: its logits are left unmasked (finite) and its
// attention weights are multiplied by 0, so those query rows output b_o with finite gradients instead of
// the NaN that softmax over a row of −∞ would give.

import MITensor

public struct MultiHeadAttention: Module {
    public let heads: Int
    public let q: Linear, k: Linear, v: Linear, o: Linear

    /// queryDim → width, keyDim → width (keys and values), width → width output. width % heads == 0.
    public init(queryDim: Int, keyDim: Int, width: Int, heads: Int, rng: inout RandomStream) {
        precondition(heads > 0 && width % heads == 0, "attention width \(width) with \(heads) heads")
        self.heads = heads
        q = Linear(inputSize: queryDim, outputSize: width, rng: &rng)
        k = Linear(inputSize: keyDim, outputSize: width, rng: &rng)
        v = Linear(inputSize: keyDim, outputSize: width, rng: &rng)
        o = Linear(inputSize: width, outputSize: width, rng: &rng)
    }

    public var width: Int { q.outputSize }

    public var children: [(name: String, module: any Module)] { [("q", q), ("k", k), ("v", v), ("o", o)] }

    /// query: (B, Nq, queryDim); key, value: (B, Nk, keyDim); keyPaddingMask: (B, Nk), nonzero = padded
    /// (ignored). Returns (B, Nq, width).
    public func callAsFunction(
        _ query: Variable, _ key: Variable, _ value: Variable,
        keyPaddingMask: Tensor? = nil
    ) -> Variable {
        let (b, nk) = (query.shape[0], key.shape[1])
        precondition(
            key.shape.count == 3 && key.shape[0] == b && value.shape.prefix(2) == key.shape.prefix(2),
            "attention: query \(query.shape), key \(key.shape), value \(value.shape)")
        let h = heads, d = width / heads
        // (B·h, Nq, Nk) logits of the heads where they lie in (B, N, W) (no split copies); the 1/√d by
        // sgemm's α, not a pass over the logits.
        var logits = Variable.headScores(q(query), k(key), heads: h, scale: 1 / Float(d).squareRoot())
        var keep: Tensor? = nil
        if let mask = keyPaddingMask {
            precondition(mask.shape == [b, nk], "key padding mask \(mask.shape) for keys \(key.shape)")
        }
        // A mask that hides no key changes nothing: skipped (two passes over the logits).
        if let mask = keyPaddingMask, mask.scalars.contains(where: { $0 != 0 }) {
            let (padded, rowKeep) = Self.expandMask(mask, heads: h)
            logits = Variable.select(padded, Variable(Tensor(-Float.infinity)), logits)
            keep = rowKeep
        }
        var attention = logits.softmax(axis: -1)
        if let keep { attention = attention * Variable(keep) }
        // (B, Nq, W): each head's output written into its columns (no merge copy).
        return o(Variable.headMix(attention, v(value), heads: h))
    }

    /// mask (B, Nk) → (padded (B·h, 1, Nk): 1 where a key is masked, 0 for sets with no unpadded key;
    /// keep (B·h, 1, 1): 0 for those sets, else 1).
    static func expandMask(_ mask: Tensor, heads h: Int) -> (padded: Tensor, keep: Tensor) {
        let (b, nk) = (mask.shape[0], mask.shape[1])
        let m = mask.scalars
        var padded = [Float](repeating: 0, count: b * h * nk), keep = [Float](repeating: 1, count: b * h)
        for i in 0..<b {
            let row = m[(i * nk)..<((i + 1) * nk)]
            let allPadded = row.allSatisfy { $0 != 0 }
            for j in 0..<h {
                keep[i * h + j] = allPadded ? 0 : 1
                if allPadded { continue }
                for (t, x) in row.enumerated() { padded[(i * h + j) * nk + t] = x != 0 ? 1 : 0 }
            }
        }
        return (Tensor(padded, shape: [b * h, 1, nk]), Tensor(keep, shape: [b * h, 1, 1]))
    }
}
