// A MIST model in a checkpoint: the architecture in the manifest (MistConfig.manifestFields), the
// weights keyed by parameter path. Wrong architecture, missing or extra tensors and wrong shapes are
// one-line CheckpointErrors naming the file.

import MINeural
import MITensor

extension MistModel {
    /// Builds the model a checkpoint describes and loads its weights.
    public static func from(_ checkpoint: Checkpoint, label: String) throws -> MistModel {
        let config = try MistConfig(manifest: checkpoint.manifest.architecture, label: label)
        var rng = RandomStream(seed: 0)
        let model = MistModel(config, rng: &rng)
        try checkpoint.load(into: model.parameters, label: label)
        return model
    }

    public static func load(path: String) throws -> MistModel {
        try from(Checkpoint.read(from: path, optimizerState: false), label: path)
    }

    /// The same parameters (shared, not copied) under another configuration of the same shape (e.g.
    /// another level map).
    public init(sharing other: MistModel, config: MistConfig) {
        self.config = config
        (embed0, embedNorm0, embed1, embedNorm1) = (other.embed0, other.embedNorm0, other.embed1, other.embedNorm1)
        (interaction, encoder, pool, decoder) = (other.interaction, other.encoder, other.pool, other.decoder)
        (pool1, phi, head) = (other.pool1, other.phi, other.head)
    }
}

extension MistModel {
    /// The first embedding layer's weight (H, 4·oldDim) of a model with a smaller maxDim, laid out for
    /// `maxDim` (H, 4·maxDim): each of the four token blocks (X values, Y values, X mask, Y mask) keeps
    /// its columns for the first oldDim coordinates, the new coordinates get zero weights. The widened
    /// model computes exactly what the old one did on data sets with dx, dy ≤ oldDim (and ignores the
    /// coordinates beyond until trained). Nil when the shapes do not fit that layout.
    public static func widenedTokenWeight(_ old: Tensor, toMaxDim maxDim: Int) -> Tensor? {
        guard old.rank == 2, old.shape[1] % 4 == 0 else { return nil }
        let (h, oldDim) = (old.shape[0], old.shape[1] / 4)
        guard oldDim < maxDim else { return nil }
        let from = old.scalars
        var to = [Float](repeating: 0, count: h * 4 * maxDim)
        for r in 0..<h {
            for block in 0..<4 {
                for j in 0..<oldDim { to[r * 4 * maxDim + block * maxDim + j] = from[r * 4 * oldDim + block * oldDim + j] }
            }
        }
        return Tensor(to, shape: [h, 4 * maxDim])
    }
}

extension MistModel {
    /// Copies from `checkpoint` every top-level part of this model (embed0, encoder, head, ...) whose
    /// tensors it holds all, in name and shape; the other parts keep their initialisation (a head with
    /// another input width is not half old, half new). A checkpoint of a smaller maxDim has its first
    /// embedding layer widened (`widenedTokenWeight`), so the rest of the network keeps what it
    /// learned. Returns the number of tensors copied.
    public func copyMatchingParts(from checkpoint: Checkpoint) -> Int {
        let stored = Dictionary(checkpoint.weights.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let parts = Dictionary(grouping: parameters, by: { String($0.key.prefix { $0 != "." }) })
        var copied = 0
        for (_, tensors) in parts {
            var source = stored
            if let (key, p) = tensors.first(where: { $0.key == "embed0.weight" }), let old = stored[key], old.shape != p.value.shape,
                let wide = Self.widenedTokenWeight(old, toMaxDim: config.maxDim), wide.shape == p.value.shape
            {
                source[key] = wide
            }
            guard tensors.allSatisfy({ source[$0.key]?.shape == $0.value.shape }) else { continue }
            for (key, p) in tensors { p.assign(source[key]!); copied += 1 }
        }
        return copied
    }
}
