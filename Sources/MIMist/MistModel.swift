// The MIST set transformer (Gritsai et al. 2025, architecture.py; blocks from Lee et al. 2019):
//
//   tokens (B, N, 4·maxDim)                    one per row, see MistInput
//   → row embedding: Linear → ReLU → LN → Linear → ReLU → LN           (B, N, W)
//   → sabLayers × SAB over the rows (masked)                          (B, N, W)
//   → isabLayers × ISAB with learned inducing points (masked)          (B, N, W)
//   → PMA with poolSeeds seeds (masked)                                (B, k, W)
//   → decoderLayers × SAB over the seeds → PMA with 1 seed             (B, 1, W)
//   → Linear W → W (φ) → head MLP (ReLU)                              (B, headOutputs)
//
// Departures from the reference, each for a reason:
//   - ReLU instead of GELU in the row embedding: GELU is a 10-pass composite here and the embedding
//     runs on every row; on 2 CPU cores that is a visible share of a step.
//   - No dropout (the reference has 0.1/0.3): our budget is far below one pass over its 625 k data
//     sets, so the model underfits rather than overfits; fresh data every step regularises.
//   - The padding mask is explicit (the reference marks rows whose values sum to 0 as padding).
//   - Quantile head: median + non-negative weights on increasing basis functions of τ (see
//     MistQuantileBasis), so q(τ) never decreases in τ; the reference concatenates τ to φ and its
//     quantiles can cross.

import Foundation
import MINeural
import MITensor

public struct MistModel: Module {
    public let config: MistConfig
    public let embed0: Linear, embedNorm0: LayerNorm, embed1: Linear, embedNorm1: LayerNorm
    public let interaction: ModuleList<SAB>
    public let encoder: ModuleList<ISAB>
    public let pool: PMA
    public let decoder: ModuleList<SAB>
    public let pool1: PMA
    public let phi: Linear
    public let head: MLP

    public init(_ c: MistConfig, rng: inout RandomStream) {
        config = c
        embed0 = Linear(inputSize: c.tokenWidth, outputSize: c.embedHidden, rng: &rng)
        embedNorm0 = LayerNorm(size: c.embedHidden)
        embed1 = Linear(inputSize: c.embedHidden, outputSize: c.width, rng: &rng)
        embedNorm1 = LayerNorm(size: c.width)
        interaction = ModuleList((0..<c.sabLayers).map { _ in SAB(width: c.width, heads: c.heads, rng: &rng) })
        encoder = ModuleList(
            (0..<c.isabLayers).map { _ in
                ISAB(width: c.width, heads: c.heads, inducingPoints: c.inducingPoints, rng: &rng)
            })
        pool = PMA(width: c.width, heads: c.heads, seeds: c.poolSeeds, rng: &rng)
        decoder = ModuleList((0..<c.decoderLayers).map { _ in SAB(width: c.width, heads: c.heads, rng: &rng) })
        pool1 = PMA(width: c.width, heads: c.heads, seeds: 1, rng: &rng)
        phi = Linear(inputSize: c.width, outputSize: c.width, rng: &rng)
        head = MLP(sizes: [c.headInputs] + Array(repeating: c.headHidden, count: c.headLayers) + [c.headOutputs], rng: &rng)
        if c.summaryFeatures, let last = head.layers.layers.last {
            // The output is a correction to GC: start from none, i.e. from the Gaussian-copula estimate.
            last.weight.assign(Tensor.zeros(last.weight.shape))
            if let bias = last.bias { bias.assign(Tensor.zeros(bias.shape)) }
        }
    }

    public var children: [(name: String, module: any Module)] {
        [
            ("embed0", embed0), ("embed_norm0", embedNorm0), ("embed1", embed1), ("embed_norm1", embedNorm1),
            ("interaction", interaction), ("encoder", encoder), ("pool", pool), ("decoder", decoder),
            ("pool1", pool1), ("phi", phi), ("head", head)
        ]
    }

    /// tokens: (B, N, tokenWidth), mask: (B, N) nonzero = padded row, summary: (B, summaryWidth) when
    /// config.summaryFeatures (MistInput.summary) → head outputs (B, headOutputs).
    public func callAsFunction(_ tokens: Tensor, mask: Tensor?, summary: Tensor? = nil) -> Variable {
        precondition(tokens.rank == 3 && tokens.shape[2] == config.tokenWidth, "mist: tokens \(tokens.shape)")
        precondition(
            !config.summaryFeatures || summary?.shape == [tokens.shape[0], MistConfig.summaryWidth],
            "mist: this model needs the data sets' summaries")
        let (b, n, m2) = (tokens.shape[0], tokens.shape[1], 2 * config.maxDim)
        // embed0 on [values | masks] = W_v·values + W_m·masks + b; the masks are the same on every row of
        // a data set, so their product is taken once per data set (row 0) and broadcast: half the
        // multiply-adds of the first layer, the same function on every unpadded row.
        let wValues = embed0.weight.slice(axis: 1, 0..<m2), wMasks = embed0.weight.slice(axis: 1, m2..<(2 * m2))
        let values = Variable(tokens.slice(axis: 2, 0..<m2)).reshaped([b * n, m2])
        let masks = Variable(tokens.slice(axis: 1, 0..<1).slice(axis: 2, m2..<(2 * m2)).reshaped([b, m2]))
        var perSet = Variable.matmul(masks, wMasks, transposeB: true)  // (B, embedHidden)
        if let bias = embed0.bias { perSet = perSet + bias }
        let rows = Variable.matmul(values, wValues, transposeB: true).reshaped([b, n, config.embedHidden])
        var h = embedNorm0((rows + perSet.reshaped([b, 1, config.embedHidden])).relu())  // (B, N, embedHidden)
        h = embedNorm1(embed1(h).relu())  // (B, N, W)
        for block in interaction.layers { h = block(h, keyPaddingMask: mask) }
        for block in encoder.layers { h = block(h, keyPaddingMask: mask) }
        var p = pool(h, keyPaddingMask: mask)  // (B, k, W)
        for block in decoder.layers { p = block(p) }
        p = pool1(p).reshaped([b, config.width])  // (B, W)
        guard config.summaryFeatures, let summary else { return head(phi(p)) }  // (B, headOutputs)
        // Head input [φ | log(1 + GC) | log n / log 500]; GC added to output 0 (point or median).
        let seen = Variable(summary.slice(axis: 1, 1..<MistConfig.summaryWidth))
        let out = head(Variable.concat([phi(p), seen], axis: 1))
        var shift = [Float](repeating: 0, count: b * config.headOutputs)
        let summaries = summary.scalars
        for i in 0..<b { shift[i * config.headOutputs] = summaries[i * MistConfig.summaryWidth] }
        return out + Variable(Tensor(shift, shape: [b, config.headOutputs]))
    }

    /// The point estimate (B) of a point model, or the τ-quantile of a quantile model, τ (B) per data set.
    public func prediction(_ outputs: Variable, tau: [Float]? = nil) -> Variable {
        let b = outputs.shape[0]
        guard config.quantile else { return outputs.reshaped([b]) }
        let taus = tau ?? [Float](repeating: 0.5, count: b)
        precondition(taus.count == b, "mist: \(taus.count) levels for \(b) data sets")
        let k = config.headOutputs - 1
        let median = outputs.slice(axis: 1, 0..<1)  // (B, 1)
        let weights = outputs.slice(axis: 1, 1..<(k + 1)).softplus()  // (B, K) ≥ 0
        let basis = Tensor(taus.flatMap { MistQuantileBasis.values(tau: $0) }, shape: [b, k])
        return (median + (weights * Variable(basis)).sum(axis: 1, keepDims: true)).reshaped([b])
    }
}

/// Increasing functions of τ that vanish at τ = 0.5, in normal-score units z = Φ⁻¹(τ):
/// z, max(0, z − c) and min(0, z + c) for each knot c. With non-negative weights their sum is a
/// non-decreasing, piecewise-linear function of z: quantiles cannot cross, and q(0.5) is the median output.
public enum MistQuantileBasis {
    public static func values(tau: Float) -> [Float] {
        let t = Double(min(max(tau, 1e-4), 1 - 1e-4))
        let z = Float(Special.normalQuantile(t))
        return [z] + MistConfig.quantileKnots.map { max(0, z - $0) } + MistConfig.quantileKnots.map { min(0, z + $0) }
    }

    /// q(τ) from one data set's head outputs (median, raw weights), in plain arithmetic (inference).
    public static func quantile(_ outputs: ArraySlice<Float>, tau: Float) -> Double {
        quantile(outputs, basis: values(tau: tau))
    }

    /// The same with the basis of τ (`values(tau:)`) computed by the caller, once per level.
    public static func quantile(_ outputs: ArraySlice<Float>, basis: [Float]) -> Double {
        let o = Array(outputs)
        var q = Double(o[0])
        for (w, f) in zip(o.dropFirst(), basis) {
            let softplus = max(Double(w), 0) + Foundation.log1p(Foundation.exp(-abs(Double(w))))
            q += softplus * Double(f)
        }
        return q
    }
}
