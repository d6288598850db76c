// Set Transformer blocks (Lee et al. 2019, "Set Transformer", §3.1–3.2), post-LayerNorm:
//   MAB(X, Y) = LN(H + rFF(H)),  H = LN(X + MHA(X, Y, Y))     rFF(H) = relu(H·W_ffᵀ + b_ff)
//   SAB(X)    = MAB(X, X)
//   ISAB(X)   = MAB(X, MAB(I, X))     I: m learned inducing points (1, m, W), Xavier-uniform
//   PMA(X)    = MAB(S, X)             S: k learned seeds (1, k, W), Xavier-uniform
// The residual X + MHA(X, ·) needs X's width to be the block's width. A key padding mask (B, N),
// nonzero = padded, hides padded set elements wherever they are keys.

import MITensor

public struct MAB: Module {
    public let attention: MultiHeadAttention
    public let ln0: LayerNorm, ln1: LayerNorm
    public let ff: Linear

    /// Queries of width `width`, keys of width `keyDim`.
    public init(keyDim: Int, width: Int, heads: Int, rng: inout RandomStream) {
        attention = MultiHeadAttention(queryDim: width, keyDim: keyDim, width: width, heads: heads, rng: &rng)
        ff = Linear(inputSize: width, outputSize: width, rng: &rng)
        ln0 = LayerNorm(size: width)
        ln1 = LayerNorm(size: width)
    }

    public var children: [(name: String, module: any Module)] {
        [("attention", attention), ("ln0", ln0), ("ff", ff), ("ln1", ln1)]
    }

    /// x: (B, Nx, W), y: (B, Ny, keyDim), keyPaddingMask: (B, Ny) → (B, Nx, W).
    public func callAsFunction(_ x: Variable, _ y: Variable, keyPaddingMask: Tensor? = nil) -> Variable {
        let h = ln0(x + attention(x, y, y, keyPaddingMask: keyPaddingMask))
        return ln1(h + ff(h).relu())
    }
}

public struct SAB: Module {
    public let mab: MAB
    public init(width: Int, heads: Int, rng: inout RandomStream) {
        mab = MAB(keyDim: width, width: width, heads: heads, rng: &rng)
    }
    public var children: [(name: String, module: any Module)] { [("mab", mab)] }

    /// x: (B, N, W) → (B, N, W).
    public func callAsFunction(_ x: Variable, keyPaddingMask: Tensor? = nil) -> Variable {
        mab(x, x, keyPaddingMask: keyPaddingMask)
    }
}

public struct ISAB: Module {
    public let inducingPoints: Variable  // (1, m, W)
    public let mab0: MAB, mab1: MAB

    public init(width: Int, heads: Int, inducingPoints m: Int, rng: inout RandomStream) {
        inducingPoints = Variable(Initializer.xavierUniform([1, m, width], rng: &rng), requiresGrad: true)
        mab0 = MAB(keyDim: width, width: width, heads: heads, rng: &rng)
        mab1 = MAB(keyDim: width, width: width, heads: heads, rng: &rng)
    }

    public var ownParameters: [(name: String, value: Variable)] { [("inducing_points", inducingPoints)] }
    public var children: [(name: String, module: any Module)] { [("mab0", mab0), ("mab1", mab1)] }

    /// x: (B, N, W) → (B, N, W). The inducing points attend to the unpadded elements; every element then
    /// attends to the m summaries (none padded).
    public func callAsFunction(_ x: Variable, keyPaddingMask: Tensor? = nil) -> Variable {
        let (b, w) = (x.shape[0], x.shape[2])
        let i = inducingPoints.broadcast(to: [b, inducingPoints.shape[1], w])
        let summary = mab0(i, x, keyPaddingMask: keyPaddingMask)  // (B, m, W)
        return mab1(x, summary)
    }
}

public struct PMA: Module {
    public let seeds: Variable  // (1, k, W)
    public let mab: MAB

    public init(width: Int, heads: Int, seeds k: Int, rng: inout RandomStream) {
        seeds = Variable(Initializer.xavierUniform([1, k, width], rng: &rng), requiresGrad: true)
        mab = MAB(keyDim: width, width: width, heads: heads, rng: &rng)
    }

    public var ownParameters: [(name: String, value: Variable)] { [("seeds", seeds)] }
    public var children: [(name: String, module: any Module)] { [("mab", mab)] }

    /// x: (B, N, W) → (B, k, W).
    public func callAsFunction(_ x: Variable, keyPaddingMask: Tensor? = nil) -> Variable {
        let s = seeds.broadcast(to: [x.shape[0], seeds.shape[1], x.shape[2]])
        return mab(s, x, keyPaddingMask: keyPaddingMask)
    }
}
