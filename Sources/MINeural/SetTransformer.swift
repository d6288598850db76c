// A set transformer regressor (Lee et al. 2019): optional input projection, ISAB encoder, PMA pooling,
// MLP head. x: (B, N, inputDim) → (B, outputDim). Keys: "embed.*" (only when inputDim ≠ width),
// "encoder.<i>.mab0.attention.q.weight", "pool.seeds", "head.layers.0.weight", ...

import MITensor

public struct SetTransformerConfig: Sendable, Equatable {
    public var inputDim: Int, width: Int, heads: Int, inducingPoints: Int, layers: Int, outputDim: Int

    public init(inputDim: Int, width: Int, heads: Int, inducingPoints: Int, layers: Int, outputDim: Int) {
        (self.inputDim, self.width, self.heads) = (inputDim, width, heads)
        (self.inducingPoints, self.layers, self.outputDim) = (inducingPoints, layers, outputDim)
    }

    /// As strings, for a checkpoint manifest.
    public var manifestFields: [String: String] {
        [
            "model": "set-transformer", "input_dim": "\(inputDim)", "width": "\(width)", "heads": "\(heads)",
            "inducing_points": "\(inducingPoints)", "layers": "\(layers)", "output_dim": "\(outputDim)"
        ]
    }
}

public struct SetTransformer: Module {
    public let config: SetTransformerConfig
    public let embed: Linear?
    public let encoder: ModuleList<ISAB>
    public let pool: PMA
    public let head: MLP

    public init(_ c: SetTransformerConfig, rng: inout RandomStream) {
        config = c
        embed = c.inputDim == c.width ? nil : Linear(inputSize: c.inputDim, outputSize: c.width, rng: &rng)
        var blocks: [ISAB] = []
        for _ in 0..<c.layers { blocks.append(ISAB(width: c.width, heads: c.heads, inducingPoints: c.inducingPoints, rng: &rng)) }
        encoder = ModuleList(blocks)
        pool = PMA(width: c.width, heads: c.heads, seeds: 1, rng: &rng)
        head = MLP(sizes: [c.width, c.width, c.outputDim], rng: &rng)
    }

    public var children: [(name: String, module: any Module)] {
        (embed.map { [("embed", $0 as any Module)] } ?? []) + [("encoder", encoder), ("pool", pool), ("head", head)]
    }

    /// x: (B, N, inputDim), keyPaddingMask: (B, N) nonzero = padded → (B, outputDim).
    public func callAsFunction(_ x: Variable, keyPaddingMask: Tensor? = nil) -> Variable {
        var h = embed.map { $0(x) } ?? x
        for block in encoder.layers { h = block(h, keyPaddingMask: keyPaddingMask) }
        let pooled = pool(h, keyPaddingMask: keyPaddingMask)  // (B, 1, W)
        return head(pooled.reshaped([x.shape[0], config.width]))
    }
}
