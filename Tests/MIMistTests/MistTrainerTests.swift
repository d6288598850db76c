// MistTrainer against oracles: a run stopped at a checkpoint and resumed equals the run that went on
// (weights bit for bit), a one-rank process group equals no group, the losses and the pinball
// gradient against hand computations and finite differences, replicas' shares adding up to the
// batch's loss, and a stop signal and a diverging run each ending the loop where they should.

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

/// Batches that are a pure function of the step: `batch` correlated Gaussians of varying shape; from
/// step `poisonedFrom` on, the truths are NaN.
final class StepSource: MistBatchSource {
    let config: MistConfig, size: Int, poisonedFrom: Int
    init(config: MistConfig, size: Int, poisonedFrom: Int = .max) { (self.config, self.size, self.poisonedFrom) = (config, size, poisonedFrom) }
    func batch(step: Int) throws -> [MistExample] {
        try (0..<size).map { i in
            let seed = UInt64(step * 97 + i)
            let s = MistModelTests.sample(rows: 8 + (step + i) % 9, dx: 1 + i % 3, dy: 1 + (i + step) % 4, seed: seed)
            let truth = step >= poisonedFrom ? Float.nan : Float(0.1 * Double(i % 5))
            return MistExample(input: try MistInput.encode(s, config: config), trueMI: truth)
        }
    }
}

/// A process group of one rank: what every rank of a real group computes, with nobody else.
final class LoneRank: ProcessGroup {
    var rank: Int { 0 }
    var size: Int { 1 }
    var gathers = 0
    func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] { gathers += 1; return [bytes] }
    func finish() {}
    func abort(_ status: Int32) -> Never { fatalError("abort \(status)") }
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
            let whole = try MistTrainer(config: c, settings: settings(steps: 7, quantile: quantile), seed: 11)
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
            XCTAssertEqual(resumed.seed, 11)
            XCTAssertNil(try resumed.train(from: source, control: MistTrainer.Control()))
            XCTAssertEqual(weights(resumed.model), weights(whole.model), "quantile: \(quantile)")
        }
    }

    func testResumingRefusesAnotherLossAndAMissingOptimizerState() throws {
        let c = MistModelTests.tiny()
        let t = try MistTrainer(config: c, settings: settings(steps: 2, quantile: false), seed: 2)
        _ = try t.train(from: StepSource(config: c, size: 3), control: MistTrainer.Control())
        var checkpoint = t.checkpoint(data: "test", metrics: [:], seconds: 0)
        XCTAssertThrowsError(try MistTrainer(resuming: checkpoint, label: "t", settings: settings(steps: 4, quantile: true))) {
            XCTAssertEqual($0 as? MistTrainingError, .otherLoss(stored: "mse"))
        }
        checkpoint.adamStates = [:]
        XCTAssertThrowsError(try MistTrainer(resuming: checkpoint, label: "t", settings: settings(steps: 4, quantile: false))) {
            XCTAssertEqual($0 as? MistTrainingError, .noOptimizerState)
        }
        var zero = settings(steps: 4, quantile: false)
        zero.evalEvery = 0
        XCTAssertThrowsError(try MistTrainer(config: c, settings: zero, seed: 2)) {
            XCTAssertEqual($0 as? MistTrainingError, .invalidSettings("evalEvery must be at least 1, got 0"))
        }
        XCTAssertThrowsError(try MistTrainer(config: c, settings: settings(steps: 4, quantile: true), seed: 2))
    }

    func testALoneRankGroupEqualsNoGroupAndStopsOneStepLater() throws {
        let c = MistModelTests.tiny(summary: true)
        let source = StepSource(config: c, size: 6)
        let alone = try MistTrainer(config: c, settings: settings(steps: 5, quantile: false), seed: 8)
        let group = LoneRank()
        let grouped = try MistTrainer(config: c, settings: settings(steps: 5, quantile: false), seed: 8, group: group)
        XCTAssertNil(try alone.train(from: source, control: MistTrainer.Control()))
        XCTAssertNil(try grouped.train(from: source, control: MistTrainer.Control()))
        XCTAssertEqual(group.gathers, 5)
        XCTAssertEqual(weights(grouped.model), weights(alone.model))

        // A signal that arrives after step 2: alone, the loop stops before step 3; in a group the
        // flag travels with step 3's gradients, so every rank stops after step 3.
        for g in [nil, LoneRank()] as [LoneRank?] {
            let t = try MistTrainer(config: c, settings: settings(steps: 9, quantile: false), seed: 8, group: g)
            var control = MistTrainer.Control()
            var pending: Int32 = 0
            control.signal = { pending }
            control.stepped = { step, _ in if step == 2 { pending = 2 } }
            XCTAssertEqual(try t.train(from: source, control: control), .signal(2))
            XCTAssertEqual(t.step, g == nil ? 2 : 3)
        }
        let budget = try MistTrainer(config: c, settings: settings(steps: 9, quantile: false), seed: 8, group: LoneRank())
        var control = MistTrainer.Control()
        control.budgetUsed = { true }
        XCTAssertEqual(try budget.train(from: source, control: control), .timeBudget)
        XCTAssertEqual(budget.step, 1)
    }

    func testRowsComeAtStepZeroEveryEvalEveryAndAtTheEnd() throws {
        let c = MistModelTests.tiny(summary: true)
        let trainer = try MistTrainer(config: c, settings: settings(steps: 5, quantile: false), seed: 3)
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
        let grad = p.grad!.scalars
        let at = grad.indices.max { abs(grad[$0]) < abs(grad[$1]) }!
        let g = grad[at]
        XCTAssertGreaterThan(abs(g), 0.01, "a gradient to compare")
        let h: Float = 1e-3, original = p.value.scalars
        func lossAt(_ delta: Float) -> Double {
            var w = original
            w[at] += delta
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
        XCTAssertEqual(Double(g), numeric, accuracy: 2e-3 + 0.02 * abs(numeric), "\(key)[\(at)]")
    }

    func testTheMSELossIsTheBatchMeanWhicheverTheReplicas() throws {
        let c = MistModelTests.tiny(summary: true)
        var rng = RandomStream(seed: 6)
        let model = MistModel(c, rng: &rng)
        let examples = try StepSource(config: c, size: 7).batch(step: 2)
        let q = withNoGrad { model.prediction(model(MistBatch(examples.map(\.input), summaries: true))) }.value.scalars
        let expected = examples.indices.reduce(0.0) { $0 + pow(Double(examples[$1].trueMI - q[$1]), 2) } / 7
        // Three shares of the batch, as three replicas take it: their losses add up to the batch mean.
        let shares = (0..<3).map { r in
            MistTrainer.lossAndBackward(model, stride(from: r, to: 7, by: 3).map { examples[$0] }, taus: nil, batchSize: 7)
        }
        XCTAssertEqual(shares.reduce(0, +), expected, accuracy: 1e-6)
        XCTAssertEqual(MistTrainer.lossAndBackward(model, examples, taus: nil, batchSize: 7), expected, accuracy: 1e-6)
    }

    func testAStopSignalEndsTheLoopAfterTheStepItCameIn() throws {
        let c = MistModelTests.tiny()
        let trainer = try MistTrainer(config: c, settings: settings(steps: 10, quantile: false, threads: 1), seed: 5)
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
        // Truths NaN from step index 4: the fifth step diverges, after the checkpoint of step 3.
        let c = MistModelTests.tiny()
        let trainer = try MistTrainer(config: c, settings: settings(steps: 9, quantile: false, threads: 1), seed: 1)
        var saves: [Int] = []
        var control = MistTrainer.Control()
        control.save = { saves.append(trainer.step) }
        XCTAssertThrowsError(try trainer.train(from: StepSource(config: c, size: 3, poisonedFrom: 4), control: control)) { error in
            guard case .diverged(let step, let loss, let saved)? = error as? MistTrainingError else { return XCTFail("\(error)") }
            XCTAssertEqual(step, 5)
            XCTAssertTrue(loss.isNaN)
            XCTAssertEqual(saved, 3)
            XCTAssertEqual("\(error)", "training diverged at step 5 (loss nan); the checkpoint of step 3 is kept")
        }
        XCTAssertEqual(trainer.step, 4)
        XCTAssertEqual(saves, [3])
    }
}
