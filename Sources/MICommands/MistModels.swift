// Where the built-in MIST models are found, and loading a model by path (once per process).
//
// Lookup order for a built-in file: $MI_MODEL_DIR, <directory of the executable>/../share/mi/models
// (what `make install` fills), then the source tree's models/ (found from this file's path at compile
// time, for binaries run from .build).

import Foundation
import MIMist
import MINeural

enum MistModels {
    enum Kind: String { case point = "mist-point.tar", quantile = "mist-quantile.tar" }

    static let sourceTreeModels: String = {
        // .../Sources/MICommands/MistModels.swift → .../models
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models").path
    }()

    static func searchDirectories() -> [String] {
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment["MI_MODEL_DIR"], !env.isEmpty { dirs.append(env) }
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            dirs.append(
                exe.deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("share/mi/models").standardizedFileURL.path)
        }
        dirs.append(sourceTreeModels)
        return dirs
    }

    static func path(_ kind: Kind) throws -> String {
        let dirs = searchDirectories()
        for d in dirs {
            let p = (d as NSString).appendingPathComponent(kind.rawValue)
            if FileManager.default.isReadableFile(atPath: p) { return p }
        }
        throw CommandFailure(
            "no built-in model \(kind.rawValue) (looked in \(dirs.joined(separator: ", "))); "
                + "set MI_MODEL_DIR, run `make install`, pass --model FILE, or train one with mi-train (see models/README.md)")
    }

    /// The estimator of the model at `path`, or of the built-in model of this kind.
    static func estimator(path: String?, builtIn kind: Kind) throws -> MistEstimator {
        let p = try path ?? self.path(kind)
        do {
            return MistEstimator(model: try MistModel.load(path: p))
        } catch let e as CheckpointError {
            throw CommandFailure(e.description)
        }
    }
}
