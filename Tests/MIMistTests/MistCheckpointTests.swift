// Checkpoints of MIST models: the round trip gives identical estimates; corrupt files and other
// architectures are clear errors; a few training steps lower the loss.

import XCTest
import MIEstimators
import MINeural
import MITensor
@testable import MIMist

final class MistCheckpointTests: XCTestCase {
    func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mist-\(ProcessInfo.processInfo.processIdentifier)-\(name)").path
    }

    func testRoundTripGivesIdenticalEstimates() throws {
        var c = MistModelTests.tiny(quantile: true, summary: true)
        c.levelMap = [MistLevelPoint(level: 0.1, tau: 0.2), MistLevelPoint(level: 0.9, tau: 0.8)]
        var rng = RandomStream(seed: 11)
        let m = MistModel(c, rng: &rng)
        let path = tempPath("round.tar")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint(manifest: CheckpointManifest(architecture: c.manifestFields, seed: 11), parameters: m.parameters).write(to: path)
        let loaded = try MistModel.load(path: path)
        XCTAssertEqual(loaded.config, c)
        let samples = [MistModelTests.sample(rows: 30, dx: 2, dy: 3, seed: 1), MistModelTests.sample(rows: 7, dx: 1, dy: 1, seed: 2)]
        let a = MistEstimator(model: m).estimateBatch(samples, levels: [0.05, 0.5, 0.95])
        let b = MistEstimator(model: loaded).estimateBatch(samples, levels: [0.05, 0.5, 0.95])
        for (x, y) in zip(a, b) {
            let (x, y) = (try x.get(), try y.get())
            XCTAssertEqual(x.mi, y.mi)
            XCTAssertEqual(x.quantiles, y.quantiles)
        }
    }

    func testCorruptAndForeignCheckpointsAreClearErrors() throws {
        let garbage = tempPath("garbage.tar")
        defer { try? FileManager.default.removeItem(atPath: garbage) }
        try Data("this is not a tar bundle\n".utf8).write(to: URL(fileURLWithPath: garbage))
        XCTAssertThrowsError(try MistModel.load(path: garbage)) { XCTAssertTrue("\($0)".contains(garbage), "\($0)") }

        // A set-transformer checkpoint is not a mist model.
        var rng = RandomStream(seed: 1)
        let st = SetTransformer(SetTransformerConfig(inputDim: 2, width: 8, heads: 2, inducingPoints: 2, layers: 1, outputDim: 1), rng: &rng)
        let foreign = tempPath("foreign.tar")
        defer { try? FileManager.default.removeItem(atPath: foreign) }
        try Checkpoint(manifest: CheckpointManifest(architecture: st.config.manifestFields, seed: 1), parameters: st.parameters).write(to: foreign)
        XCTAssertThrowsError(try MistModel.load(path: foreign)) {
            XCTAssertTrue("\($0)".contains("a set-transformer checkpoint, not a mist model"), "\($0)")
        }

        // The manifest says width 16 but the weights are those of width 8: a shape error naming the tensor.
        var small = MistModelTests.tiny()
        small.width = 8
        let m = MistModel(small, rng: &rng)
        let lying = tempPath("lying.tar")
        defer { try? FileManager.default.removeItem(atPath: lying) }
        try Checkpoint(manifest: CheckpointManifest(architecture: MistModelTests.tiny().manifestFields, seed: 1), parameters: m.parameters).write(to: lying)
        XCTAssertThrowsError(try MistModel.load(path: lying)) { XCTAssertTrue("\($0)".contains("has shape"), "\($0)") }

        // A missing architecture field.
        var fields = MistModelTests.tiny().manifestFields
        fields["heads"] = nil
        XCTAssertThrowsError(try MistConfig(manifest: fields, label: "x.tar")) { XCTAssertTrue("\($0)".contains("heads"), "\($0)") }

        // Summaries: absent in older manifests (none), an unknown kind is refused.
        XCTAssertNil(MistModelTests.tiny().manifestFields["summary"])
        XCTAssertFalse(try MistConfig(manifest: MistModelTests.tiny().manifestFields, label: "x.tar").summaryFeatures)
        var unknown = MistModelTests.tiny(summary: true).manifestFields
        XCTAssertEqual(unknown["summary"], "gc,log_n")
        unknown["summary"] = "ksg"
        XCTAssertThrowsError(try MistConfig(manifest: unknown, label: "x.tar")) { XCTAssertTrue("\($0)".contains("summary 'ksg' is unknown"), "\($0)") }
    }

    /// A tiny regression of MI on correlated Gaussians (truth: −(d/2)·log(1 − ρ²), here d = 1)
    /// must lower the held-out MSE to below 60% within 300 AdamW steps (it reaches ~15%).
    func testTinyTrainingRunLowersTheLoss() throws {
        Tensor.setThreadCount(1)
        let c = MistModelTests.tiny()
        var rng = RandomStream(seed: 5)
        let m = MistModel(c, rng: &rng)
        func data(_ count: Int, _ rng: inout RandomStream) throws -> (Tensor, Tensor?, Tensor) {
            var tokens: [[Float]] = [], y: [Float] = []
            for _ in 0..<count {
                let rho = rng.uniform(0, 0.95), d = rng.integer(in: 1...1), n = rng.integer(in: 60...64)
                var v: [Float] = []
                for _ in 0..<n {
                    var xs: [Float] = [], ys: [Float] = []
                    for _ in 0..<d { let a = rng.normal(); xs.append(Float(a)); ys.append(Float(rho * a + (1 - rho * rho).squareRoot() * rng.normal())) }
                    v += xs + ys
                }
                tokens.append(try MistInput.tokens(PairedSample(values: v, rows: n, dx: d, dy: d), config: c))
                y.append(Float(-Double(d) / 2 * Foundation.log(1 - rho * rho)))
            }
            let (t, mask) = MistInput.batch(tokens, tokenWidth: c.tokenWidth)
            return (t, mask, Tensor(y, shape: [count]))
        }
        var held = RandomStream(seed: 99)
        let (tx, tm, ty) = try data(64, &held)
        func heldOut() -> Float { withNoGrad { Loss.meanSquaredError(m.prediction(m(tx, mask: tm)), Variable(ty)).value.scalar } }
        let before = heldOut()
        var opt = Adam.adamW(learningRate: 3e-3, weightDecay: 0)
        var states: [String: AdamState] = [:]
        var train = RandomStream(seed: 1)
        for _ in 0..<300 {
            let (x, mask, y) = try data(16, &train)
            m.zeroGrad()
            let loss = Loss.meanSquaredError(m.prediction(m(x, mask: mask)), Variable(y))
            loss.backward()
            clipGradientsByGlobalNorm(m.parameters, maxNorm: 1)
            opt.step(m.parameters, states: &states)
        }
        let after = heldOut()
        XCTAssertLessThan(after, 0.6 * before, "held-out MSE \(before) → \(after)")
    }
}
