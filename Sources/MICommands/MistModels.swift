// Where the built-in MIST models are found, and loading a model by path (once per process).
//
// Lookup order for a built-in file: $MI_MODEL_DIR, <directory of the executable>/../share/mi/models
// (what `make install` fills), then the source tree's models/ (found from this file's path at compile
// time, for binaries run from .build).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
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
        if let exe = executablePath() {
            dirs.append(
                URL(fileURLWithPath: exe).deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("share/mi/models").standardizedFileURL.path)
        }
        dirs.append(sourceTreeModels)
        return dirs
    }

    /// This process's executable, symbolic links resolved (Linux's /proc/self/exe).
    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count)
        guard n > 0, n < buffer.count else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func path(_ kind: Kind) throws -> String {
        let dirs = searchDirectories()
        for d in dirs {
            let p = d.hasSuffix("/") ? d + kind.rawValue : d + "/" + kind.rawValue
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
