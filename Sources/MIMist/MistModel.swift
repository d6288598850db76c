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

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
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
    /// The padded-token layout: the reference for the compact batch below, which is what the tools use.
    public func callAsFunction(_ tokens: Tensor, mask: Tensor?, summary: Tensor? = nil) -> Variable {
        precondition(tokens.rank == 3 && tokens.shape[2] == config.tokenWidth, "mist: tokens \(tokens.shape)")
        let (b, n, m2) = (tokens.shape[0], tokens.shape[1], 2 * config.maxDim)
        // embed0 on [values | masks] = W_v·values + W_m·masks + b; the masks are the same on every row of
        // a data set, so their product is taken once per data set (row 0) and broadcast: half the
        // multiply-adds of the first layer, the same function on every unpadded row.
        let wValues = embed0.weight.slice(axis: 1, 0..<m2)
        let values = Variable(tokens.slice(axis: 2, 0..<m2)).reshaped([b * n, m2])
        let masks = tokens.slice(axis: 1, 0..<1).slice(axis: 2, m2..<(2 * m2)).reshaped([b, m2])
        let rows = Variable.matmul(values, wValues, transposeB: true).reshaped([b, n, config.embedHidden])
        return encodeRows(rows, perSet: perSetTerm(masks), mask: mask, summary: summary)
    }

    /// The same function on a compact batch: each data set's values times the weight columns of its
    /// own dx X and dy Y coordinates (no product with the zeros of padding), so the first layer costs
    /// n·(dx + dy)·embedHidden per data set whatever maxDim is.
    public func callAsFunction(_ batch: MistBatch) -> Variable {
        let (b, n, m, h) = (batch.count, batch.rows, config.maxDim, config.embedHidden)
        var masks = [Float](repeating: 0, count: b * 2 * m)
        var pieces: [Variable] = []
        for (i, (dx, dy)) in batch.dims.enumerated() {
            precondition(dx >= 1 && dy >= 1 && dx <= m && dy <= m, "mist: dx \(dx), dy \(dy) for maxDim \(m)")
            for j in 0..<dx { masks[i * 2 * m + j] = 1 }
            for j in 0..<dy { masks[i * 2 * m + m + j] = 1 }
            let w = Variable.concat([embed0.weight.slice(axis: 1, 0..<dx), embed0.weight.slice(axis: 1, m..<(m + dy))], axis: 1)
            var r = Variable.matmul(Variable(batch.values[i]), w, transposeB: true)  // (n_i, H)
            let rows = batch.values[i].shape[0]
            if rows < n { r = Variable.concat([r, Variable(Tensor.zeros([n - rows, h]))], axis: 0) }
            pieces.append(r)
        }
        let rows = Variable.concat(pieces, axis: 0).reshaped([b, n, h])
        return encodeRows(rows, perSet: perSetTerm(Tensor(masks, shape: [b, 2 * m])), mask: batch.mask, summary: batch.summary)
    }

    /// W_m·masks + b of the first layer, once per data set: (B, embedHidden).
    func perSetTerm(_ masks: Tensor) -> Variable {
        let m2 = 2 * config.maxDim
        let wMasks = embed0.weight.slice(axis: 1, m2..<(2 * m2))
        let perSet = Variable.matmul(Variable(masks), wMasks, transposeB: true)
        guard let bias = embed0.bias else { return perSet }
        return perSet + bias
    }

    /// From the first layer's row products (B, N, embedHidden) and per-set term to the head outputs.
    func encodeRows(_ rows: Variable, perSet: Variable, mask: Tensor?, summary: Tensor?) -> Variable {
        let (b, h) = (rows.shape[0], config.embedHidden)
        precondition(
            !config.summaryFeatures || summary?.shape == [b, MistConfig.summaryWidth],
            "mist: this model needs the data sets' summaries")
        var x = embedNorm0((rows + perSet.reshaped([b, 1, h])).relu())  // (B, N, embedHidden)
        x = embedNorm1(embed1(x).relu())  // (B, N, W)
        for block in interaction.layers { x = block(x, keyPaddingMask: mask) }
        for block in encoder.layers { x = block(x, keyPaddingMask: mask) }
        var p = pool(x, keyPaddingMask: mask)  // (B, k, W)
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
            let softplus = max(Double(w), 0) + Glibc.log1p(Glibc.exp(-abs(Double(w))))
            q += softplus * Double(f)
        }
        return q
    }
}
