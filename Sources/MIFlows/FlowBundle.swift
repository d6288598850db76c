import MINeural
import MITensor

/// Why a flow bundle could not be read (said to the user as is).
public struct FlowBundleError: Error, CustomStringConvertible {
    public let description: String
    init(_ message: String) { description = message }
}

/// A fitted flow pair saved as a checkpoint bundle (manifest + safetensors weights, see Checkpoint):
/// the architecture goes into the manifest, so `load` can rebuild the model before reading the weights.
public enum FlowBundle {
    public static let model = "mi-flow-marginals"

    public static func save(
        _ m: FlowPair, to path: String, seed: UInt64, data: String, metrics: [String: Double],
        training: [String: Double]
    ) throws {
        var arch = m.fx.config.manifestFields(prefix: "x_").merging(m.fy.config.manifestFields(prefix: "y_")) { a, _ in a }
        arch["model"] = model
        let manifest = CheckpointManifest(
            architecture: arch, training: training, optimizer: ["name": "adamw"],
            seed: seed, data: data, metrics: metrics)
        try Checkpoint(manifest: manifest, parameters: m.parameters).write(to: path)
    }

    public static func load(_ path: String) throws -> FlowPair {
        let ckpt: Checkpoint
        do { ckpt = try Checkpoint.read(from: path) } catch let e as CheckpointError { throw FlowBundleError(e.description) }
        let a = ckpt.manifest.architecture
        guard a["model"] == model else {
            throw FlowBundleError("\(path): not a flow bundle from mi-flow fit (model \(a["model"] ?? "missing"))")
        }
        func config(_ p: String) throws -> VectorFlowConfig {
            guard let d = a["\(p)dim"].flatMap(Int.init), let c = a["\(p)couplings"].flatMap(Int.init),
                let h = a["\(p)hidden"].flatMap(Int.init), let k = a["\(p)mixing"].flatMap(InvertibleLinear.Kind.init),
                d >= 1, c >= 0, h >= 1
            else {
                throw FlowBundleError("\(path): flow bundle manifest lacks a valid \(p)dim/couplings/hidden/mixing")
            }
            return VectorFlowConfig(dim: d, couplings: c, hidden: h, mixing: k)
        }
        var rng = RandomStream(seed: 0)
        let m = FlowPair(x: try config("x_"), y: try config("y_"), rng: &rng)
        do { try ckpt.load(into: m.parameters, label: path) } catch let e as CheckpointError { throw FlowBundleError(e.description) }
        return m
    }
}
