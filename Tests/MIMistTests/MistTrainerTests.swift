// MistTrainer against oracles: a run stopped at a checkpoint and resumed equals the run that went on
// (weights bit for bit), the pinball loss and its gradient against a hand computation, a stop signal
// and a diverging run each end the loop where they should.

import XCTest
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import MIEstimators
import MINeural
import MITensor
@testable import MIMist

/// Batches that are a pure function of the step: `batch` correlated Gaussians of varying shape.
final class StepSource: MistBatchSource {
    let config: MistConfig, size: Int
    init(config: MistConfig, size: Int) { (self.config, self.size) = (config, size) }
    func batch(step: Int) throws -> [MistExample] {
        try (0..<size).map { i in
            let seed = UInt64(step * 97 + i)
            let s = MistModelTests.sample(rows: 8 + (step + i) % 9, dx: 1 + i % 3, dy: 1 + (i + step) % 4, seed: seed)
            return MistExample(input: try MistInput.encode(s, config: config), trueMI: Float(0.1 * Double(i % 5)))
        }
    }
}

final class MistTrainerTests: XCTestCase {
    func settings(steps: Int, quantile: Bool, threads: Int = 2) -> MistTrainingSettings {
        var s = MistTrainingSettings()
        (s.loss, s.steps, s.batch, s.learningRate, s.warmup) = (quantile ? .pinball : .mse, steps, 6, 3e-3, 2)
        (s.evalEvery, s.checkpointEvery, s.threads) = (2, 3, threads)
        return s
    }

    func weights(_ m: MistModel) -> [String: [Float]] {
        Dictionary(uniqueKeysWithValues: m.parameters.map { ($0.key, $0.value.value.scalars) })
    }

    func testAResumedRunEqualsTheRunThatWentOn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mist-trainer-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for quantile in [false, true] {
            let c = MistModelTests.tiny(quantile: quantile, summary: true)
            let source = StepSource(config: c, size: 6)
            let path = "\(dir)/run-\(quantile).tar"

            // The whole run, 7 steps, writing its checkpoint at step 3 (and 6).
            let whole = MistTrainer(config: c, settings: settings(steps: 7, quantile: quantile), seed: 11)
            var saved = false
            var control = MistTrainer.Control()
            control.save = {
                guard !saved else { return }
                try whole.checkpoint(data: "test", metrics: [:], seconds: 0).write(to: path)
                saved = true
            }
            XCTAssertNil(try whole.train(from: source, control: control))
            XCTAssertEqual(whole.step, 7)

            // The same run resumed from step 3.
            let resumed = try MistTrainer(
                resuming: Checkpoint.read(from: path), label: path, settings: settings(steps: 7, quantile: quantile))
            XCTAssertEqual(resumed.step, 3)
            XCTAssertEqual(resumed.lastSavedStep, 3)
            XCTAssertEqual(resumed.seed, 11)
            XCTAssertNil(try resumed.train(from: source, control: MistTrainer.Control()))
            XCTAssertEqual(weights(resumed.model), weights(whole.model), "quantile: \(quantile)")
            XCTAssertNotEqual(weights(whole.model), weights(MistTrainer(config: c, settings: settings(steps: 7, quantile: quantile), seed: 11).model))
        }
    }

    func testRowsComeAtStepZeroEveryEvalEveryAndAtTheEnd() throws {
        let c = MistModelTests.tiny(summary: true)
        let trainer = MistTrainer(config: c, settings: settings(steps: 5, quantile: false), seed: 3)
        var rows: [(Int, Double?)] = []
        var control = MistTrainer.Control()
        control.row = { loss, _ in rows.append((trainer.step, loss)) }
        _ = try trainer.train(from: StepSource(config: c, size: 4), control: control)
        XCTAssertEqual(rows.map(\.0), [0, 2, 4, 5])
        XCTAssertNil(rows[0].1)
        XCTAssertTrue(rows.dropFirst().allSatisfy { ($0.1 ?? -1) >= 0 })
    }

    func testPinballLossAndItsGradientMatchAHandComputation() throws {
        let c = MistModelTests.tiny(quantile: true, summary: true)
        var rng = RandomStream(seed: 4)
        let model = MistModel(c, rng: &rng)
        let examples = try StepSource(config: c, size: 5).batch(step: 1)
        let taus: [Float] = [0.1, 0.3, 0.5, 0.7, 0.95]
        let loss = MistTrainer.lossAndBackward(model, examples, taus: taus, batchSize: 10)
        // The same loss by hand from the model's quantiles: (1/10) Σ max(τ r, (τ − 1) r), r = y − q_τ.
        let q = withNoGrad { model.prediction(model(MistBatch(examples.map(\.input), summaries: true)), tau: taus) }.value.scalars
        var expected = 0.0
        for i in examples.indices {
            let r = Double(examples[i].trueMI - q[i]), t = Double(taus[i])
            expected += max(t * r, (t - 1) * r) / 10
        }
        XCTAssertEqual(loss, expected, accuracy: 1e-6)
        // Its gradient against a central difference along one weight of the head's last layer (a
        // summary model's head starts with that layer at zero, so the layers before it have none).
        let (key, p) = model.parameters.last { $0.key.hasPrefix("head") && $0.key.hasSuffix("weight") }!
        let g = p.grad!.scalars[0]
        let h: Float = 1e-3, original = p.value.scalars
        func lossAt(_ delta: Float) -> Double {
            var w = original
            w[0] += delta
            p.assign(Tensor(w, shape: p.value.shape))
            let v = withNoGrad {
                let q = model.prediction(model(MistBatch(examples.map(\.input), summaries: true)), tau: taus).value.scalars
                return examples.indices.reduce(0.0) { s, i in
                    let r = Double(examples[i].trueMI - q[i]), t = Double(taus[i])
                    return s + max(t * r, (t - 1) * r) / 10
                }
            }
            return v
        }
        let numeric = (lossAt(h) - lossAt(-h)) / Double(2 * h)
        _ = lossAt(0)
        XCTAssertEqual(Double(g), numeric, accuracy: 2e-3 + 0.02 * abs(numeric), "\(key)")
    }

    func testAStopSignalEndsTheLoopAfterTheStepItCameIn() throws {
        let c = MistModelTests.tiny()
        let trainer = MistTrainer(config: c, settings: settings(steps: 10, quantile: false, threads: 1), seed: 5)
        var control = MistTrainer.Control()
        var pending: Int32 = 0
        control.signal = { pending }
        control.stepped = { step, _ in if step == 4 { pending = 15 } }
        XCTAssertEqual(try trainer.train(from: StepSource(config: c, size: 3), control: control), .signal(15))
        XCTAssertEqual(trainer.step, 4)
        control.signal = { 0 }
        control.budgetUsed = { true }
        XCTAssertEqual(try trainer.train(from: StepSource(config: c, size: 3), control: control), .timeBudget)
        XCTAssertEqual(trainer.step, 4)
    }

    func testADivergingRunThrowsAndNamesItsLastCheckpoint() throws {
        let c = MistModelTests.tiny()
        var s = settings(steps: 50, quantile: false, threads: 1)
        (s.learningRate, s.clip, s.schedule, s.warmup, s.weightDecay) = (1e30, 0, .constant, 0, 0)
        let trainer = MistTrainer(config: c, settings: s, seed: 1)
        XCTAssertThrowsError(try trainer.train(from: StepSource(config: c, size: 3), control: MistTrainer.Control())) { error in
            guard case .diverged(let step, _, let saved)? = error as? MistTrainingError else { return XCTFail("\(error)") }
            XCTAssertEqual(trainer.step, step - 1)
            XCTAssertEqual(saved, step > 3 ? (step - 1) / 3 * 3 : nil)
            XCTAssertTrue("\(error)".hasPrefix("training diverged at step \(step) (loss "))
        }
    }
}
