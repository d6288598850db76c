// Checkpoints: a tar bundle (MIArchive; written to a temporary file and renamed) holding
//   manifest.json          format name and version, architecture, training state, seed, data, metrics
//   weights.safetensors    parameters keyed by path ("encoder.0.mab0.attention.q.weight")
//   optimizer.safetensors  optimizer state keyed "<path>.<slot>" (Adam: exp_avg, exp_avg_sq; the
//                          per-parameter step counts are in its metadata as "<path>.step")
// Values are stored bit-exactly (Float32 little-endian), so a resumed run continues exactly.
// Readers reject unknown format versions, missing or extra entries, missing tensors and shape
// mismatches with one-line errors naming the file.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor
import MIArchive

public struct CheckpointError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public struct CheckpointManifest: Codable, Equatable, Sendable {
    public static let currentFormat = "mi-checkpoint"
    public static let currentVersion = 1

    public var format: String = CheckpointManifest.currentFormat
    public var formatVersion: Int = CheckpointManifest.currentVersion
    /// Architecture configuration, e.g. ["model": "set-transformer", "width": "16"].
    public var architecture: [String: String]
    /// Optimizer step count, epoch and the like.
    public var training: [String: Double]
    /// The optimizer and its hyper-parameters, e.g. ["name": "adamw", "lr": "0.001"].
    public var optimizer: [String: String]
    public var seed: UInt64
    public var data: String
    public var metrics: [String: Double]

    public init(
        architecture: [String: String], training: [String: Double] = [:], optimizer: [String: String] = [:],
        seed: UInt64, data: String = "", metrics: [String: Double] = [:]
    ) {
        self.architecture = architecture
        self.training = training
        self.optimizer = optimizer
        self.seed = seed
        self.data = data
        self.metrics = metrics
    }
}

public struct Checkpoint {
    public var manifest: CheckpointManifest
    public var weights: [(name: String, tensor: Tensor)]
    /// Adam/AdamW state by parameter path.
    public var adamStates: [String: AdamState]

    public init(
        manifest: CheckpointManifest, parameters: [(key: String, value: Variable)],
        adamStates: [String: AdamState] = [:]
    ) {
        self.manifest = manifest
        self.weights = parameters.map { ($0.key, $0.value.value) }
        self.adamStates = adamStates
    }

    static let entryNames = ["manifest.json", "weights.safetensors", "optimizer.safetensors"]

    /// The three entries' bytes, in archive order.
    public func encodedEntries() throws -> [(name: String, bytes: [UInt8])] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let manifestBytes = Array(try encoder.encode(manifest)) + [0x0A]
        var slots: [(name: String, tensor: Tensor)] = []
        var steps: [String: String] = [:]
        for (key, s) in adamStates.sorted(by: { $0.key < $1.key }) {
            slots.append(("\(key).exp_avg", s.m))
            slots.append(("\(key).exp_avg_sq", s.v))
            steps["\(key).step"] = String(s.step)
        }
        return [
            ("manifest.json", manifestBytes),
            ("weights.safetensors", SafeTensors.encode(weights)),
            ("optimizer.safetensors", SafeTensors.encode(slots, metadata: steps))
        ]
    }

    /// Writes the bundle atomically (temporary file + rename).
    public func write(to path: String) throws {
        let writer = try TarBundleWriter(path: path)
        for (name, bytes) in try encodedEntries() { try writer.add(name: name, bytes: bytes) }
        try writer.commit()
    }

    /// `optimizerState: false` (inference) skips the optimizer member: neither read nor checked.
    public static func read(from path: String, optimizerState: Bool = true) throws -> Checkpoint {
        do {
            return try decode(reader: TarBundleReader(path: path), label: path, optimizerState: optimizerState)
        } catch let e as ArchiveError {
            throw CheckpointError(e.description)
        }
    }

    public static func read(bytes: [UInt8], label: String = "<memory>") throws -> Checkpoint {
        do {
            return try decode(reader: TarBundleReader(bytes: bytes, name: label), label: label)
        } catch let e as ArchiveError {
            throw CheckpointError(e.description)
        }
    }

    static func decode(reader: TarBundleReader, label: String, optimizerState: Bool = true) throws -> Checkpoint {
        var entries: [String: [UInt8]] = [:]
        while let (name, _) = try reader.nextEntry() {
            guard entryNames.contains(name) else { throw CheckpointError("\(label): unexpected entry \(name) in checkpoint") }
            if name == "optimizer.safetensors" && !optimizerState { continue }
            entries[name] = try reader.readAll()
        }
        // The optimizer state is needed to resume training only: a model shipped without it still loads.
        for name in entryNames where entries[name] == nil && name != "optimizer.safetensors" {
            throw CheckpointError("\(label): not a checkpoint (no \(name))")
        }
        let manifest = try decodeManifest(entries["manifest.json"]!, label: label)
        let (weights, _) = try SafeTensors.decode(entries["weights.safetensors"]!, label: "\(label): weights.safetensors")
        // A diverged or damaged model is refused here rather than estimating 0 or NaN later.
        if let bad = weights.first(where: { !$0.value.isAllFinite }) {
            throw CheckpointError("\(label): weights.safetensors: tensor \(bad.key) holds non-finite values (a diverged run?)")
        }
        let (slots, steps) =
            try entries["optimizer.safetensors"].map {
                try SafeTensors.decode($0, label: "\(label): optimizer.safetensors")
            } ?? ([:], [:])
        var states: [String: AdamState] = [:]
        for (stepKey, value) in steps {
            let key = String(stepKey.dropLast(".step".count))
            guard stepKey.hasSuffix(".step"), let step = Int(value), step >= 0,
                let m = slots["\(key).exp_avg"], let v = slots["\(key).exp_avg_sq"], m.shape == v.shape
            else {
                throw CheckpointError("\(label): optimizer.safetensors: incomplete state for \(stepKey)")
            }
            var s = AdamState(like: m)
            (s.m, s.v, s.step) = (m, v, step)
            states[key] = s
        }
        var checkpoint = Checkpoint(manifest: manifest, parameters: [], adamStates: states)
        checkpoint.weights = weights.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return checkpoint
    }

    /// The manifest, strictly typed. Only when that fails (or names another format or version) is the
    /// document parsed loosely, to say why: a newer manifest gets the version message.
    static func decodeManifest(_ manifestBytes: [UInt8], label: String) throws -> CheckpointManifest {
        if let m = try? JSONDecoder().decode(CheckpointManifest.self, from: Data(manifestBytes)),
            m.format == CheckpointManifest.currentFormat, m.formatVersion == CheckpointManifest.currentVersion
        {
            return m
        }
        // Version first, from a loose parse, so a newer manifest gets the version message.
        guard let object = JSONValue.parse(manifestBytes)?.object else {
            throw CheckpointError("\(label): corrupt manifest.json (not a JSON object)")
        }
        guard object["format"]?.string == CheckpointManifest.currentFormat else {
            throw CheckpointError("\(label): manifest.json is not an \(CheckpointManifest.currentFormat) manifest")
        }
        guard let version = object["formatVersion"]?.int, version == CheckpointManifest.currentVersion else {
            throw CheckpointError(
                "\(label): unsupported checkpoint format version \(object["formatVersion"]?.description ?? "missing") "
                    + "(this build reads version \(CheckpointManifest.currentVersion)); use a matching mi build")
        }
        throw CheckpointError("\(label): corrupt manifest.json (missing or mistyped field)")
    }

    /// Copies the stored weights into `parameters`; every parameter must be present with its shape,
    /// and every stored tensor must belong to a parameter.
    public func load(into parameters: [(key: String, value: Variable)], label: String = "checkpoint") throws {
        let stored = Dictionary(weights.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        for (key, p) in parameters {
            guard let t = stored[key] else { throw CheckpointError("\(label): missing tensor \(key)") }
            guard t.shape == p.shape else {
                throw CheckpointError("\(label): tensor \(key) has shape \(t.shape), the model expects \(p.shape)")
            }
        }
        let known = Set(parameters.map(\.key))
        if let extra = weights.first(where: { !known.contains($0.name) }) {
            throw CheckpointError("\(label): tensor \(extra.name) does not belong to this model")
        }
        for (key, p) in parameters { p.assign(stored[key]!) }
        for (key, s) in adamStates {
            guard let p = parameters.first(where: { $0.key == key }), p.value.shape == s.m.shape else {
                throw CheckpointError("\(label): optimizer state for \(key) does not match the model")
            }
        }
    }
}
