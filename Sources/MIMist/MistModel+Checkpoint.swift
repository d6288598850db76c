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
        try from(Checkpoint.read(from: path), label: path)
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
