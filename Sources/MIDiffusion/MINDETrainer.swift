// Training MINDE's score network on the one data set it estimates (Franzese et al. 2024), on
// MINeural's per-data-set loop:
//   standardized columns; rows split into training and held-out parts (20 % held out);
//   each step: a batch of training rows, one target drawn from the variant's mixture (conditional:
//   X's marginal or X given Y, ½ each; joint: the joint ½, X given Y ¼, Y given X ¼), times by
//   importance sampling and a noise draw per row; the loss (1 + (D − n_d)/D)·mean_rows Σ (ε̂ − ε)²/n_d
//   over the n_d diffused coordinates; backward; Adam; the exponential moving average of the weights
//   (decay 0.999) updated;
//   every `evaluateEvery` steps the averaged network's loss on the held-out rows under one fixed draw
//   of times and noise (each target weighted by its probability), early stopping on it with the best
//   averaged network kept.
// The read-out (MINDEReadout) runs the kept network on the held-out rows.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIEstimators
import MINeural
import MITensor

public enum MINDEVariant: String, CaseIterable, Sendable {
    /// MINDE-C: X's marginal score against X's score given Y.
    case conditional
    /// MINDE-J: the joint score against the two conditional ones.
    case joint
}

public struct MINDEConfiguration: Sendable, Equatable {
    public var variant: MINDEVariant = .conditional
    public var sde = VPSDE()
    /// Most optimizer steps (early stopping may end sooner).
    public var steps = 20_000
    /// nil: the reference's, 128 when dx ≤ 5, else 256 (at most the training rows).
    public var batchSize: Int? = nil
    /// nil: the reference's, 1e-3 when dx ≤ 5, else 2e-3.
    public var learningRate: Float? = nil
    public var emaDecay: Float = 0.999
    public var heldOutFraction = 0.2
    public var evaluateEvery = 500
    /// Rows (held-out rows repeated, each with its own time and noise) of the held-out loss.
    public var heldDraws = 8192
    /// Evaluations without a better held-out loss before stopping; 0: never stop early (the best
    /// evaluated network is still the one kept).
    public var patience = 8
    /// Monte-Carlo passes over the held-out rows in the read-out (a time and a noise draw per row each).
    public var passes = 10
    /// The reference Gaussian's standard deviation of the σ variants and the entropies.
    public var referenceSD: Double = 1
    /// nil: the width by dimension (64, 128, 256).
    public var width: Int? = nil
    public var blocks = 2
    public var seed: UInt64 = 0
    public init() {}

    func batch(dx: Int, trainRows: Int) -> Int { Swift.min(trainRows, batchSize ?? (dx <= 5 ? 128 : 256)) }
    func rate(dx: Int) -> Float { learningRate ?? (dx <= 5 ? 1e-3 : 2e-3) }
}

/// A trained network and the rows it did not train on.
public struct MINDEModel {
    public let network: ScoreNetwork
    public let variant: MINDEVariant
    public let sde: VPSDE
    /// Held-out rows, row-major (x then y), standardized.
    public let held: [Float]
    public let dx: Int, dy: Int
    public let steps: Int, bestStep: Int
}

public struct MINDETrainer {
    public var config: MINDEConfiguration
    public init(_ config: MINDEConfiguration) { self.config = config }

    public var name: String { config.variant == .conditional ? "minde-c" : "minde-j" }

    /// Trains on a standardized sample.
    public func fit(_ s: PairedSample) throws -> MINDEModel {
        let c = config
        guard s.rows >= 8 else { throw EstimatorError("\(name) needs at least 8 rows (4 to train, 4 to estimate), got \(s.rows)") }
        var rng = RandomStream(seed: c.seed)
        let split = HeldOutSplit(rows: s.rows, fraction: c.heldOutFraction, minimum: 4, rng: &rng)
        guard split.train.count >= 4 else { throw EstimatorError("\(name): fewer than 4 training rows") }
        let d = s.dx + s.dy
        let train = s.jointRows(split.train), held = s.jointRows(split.held)
        let network = ScoreNetwork(dimension: d, width: c.width, blocks: c.blocks, rng: &rng)
        var initRNG = rng.child(1)
        let averaged = ScoreNetwork(dimension: d, width: c.width, blocks: c.blocks, rng: &initRNG)
        let averagedParams = averaged.parameters
        var stepper = MINDEStep(network: network, config: c, dx: s.dx, dy: s.dy)
        stepper.ema.copy(into: averagedParams)
        let batch = c.batch(dx: s.dx, trainRows: split.train.count)
        var stream = BatchStream(count: split.train.count, size: batch)
        // The held-out loss's draw, fixed for the whole run: the held-out rows repeated to at least
        // `heldDraws` rows, each with its own time and noise (one draw per row is too noisy a loss to
        // stop on: the diffusion loss is mostly irreducible noise).
        var heldRNG = rng.child(2)
        let repeats = Swift.max(1, (c.heldDraws + split.held.count - 1) / split.held.count)
        let heldRepeated = [[Float]](repeating: held, count: repeats).flatMap { $0 }
        let heldBatch = NoisedBatch(
            clean: heldRepeated, dx: s.dx, dy: s.dy, times: c.sde.importanceTimes(repeats * split.held.count, rng: &heldRNG), sde: c.sde,
            rng: &heldRNG)
        var stopping = EarlyStopping(patience: c.patience, tolerance: 0)
        var step = 0, evaluations = 0, bestStep = 0, diverged = false
        while step < c.steps {
            step += 1
            let idx = stream.next(rng: &rng)
            var x0 = [Float](repeating: 0, count: idx.count * d)
            for (i, r) in idx.enumerated() { for j in 0..<d { x0[i * d + j] = train[r * d + j] } }
            guard stepper.step(clean: x0, rng: &rng).isFinite else { diverged = true; break }
            if step % c.evaluateEvery == 0 || step == c.steps {
                stepper.ema.copy(into: averagedParams)
                let value = heldLoss(averaged, heldBatch)
                guard value.isFinite else { break }
                // Rounds are evaluations, so the patience counts evaluations, not steps.
                evaluations += 1
                let stop = stopping.record(loss: value, round: evaluations, parameters: averagedParams)
                if stopping.bestRound == evaluations { bestStep = step }
                if stop && c.patience > 0 { break }
            }
        }
        if stopping.bestRound < 0 {
            // A non-finite loss before the first evaluation: the average is still mostly the untrained
            // network (its output 0), whose finite loss would pass for an estimate.
            if diverged { throw EstimatorError("\(name): training diverged (a non-finite loss at step \(step))") }
            stepper.ema.copy(into: averagedParams)
            guard heldLoss(averaged, heldBatch).isFinite else { throw EstimatorError("\(name): training diverged (a non-finite loss)") }
            return MINDEModel(network: averaged, variant: c.variant, sde: c.sde, held: held, dx: s.dx, dy: s.dy, steps: step, bestStep: step)
        }
        stopping.restoreBest(averagedParams)
        return MINDEModel(
            network: averaged, variant: c.variant, sde: c.sde, held: held, dx: s.dx, dy: s.dy, steps: step, bestStep: bestStep)
    }

    /// (1 + (D − n_d)/D) · mean over rows of Σ_diffused (ε̂ − ε)² / n_d.
    static func loss(_ network: ScoreNetwork, _ b: NoisedBatch, _ target: DiffusionTarget) -> Variable {
        let d = b.dx + b.dy, nd = target.diffusedCount(dx: b.dx, dy: b.dy)
        let (z, tau) = target.inputs(b)
        let predicted = network(Variable(z), times: Variable(tau))
        let error = predicted - Variable(Tensor(b.noise, shape: [b.rows, d]))
        let weight = (1 + Float(d - nd) / Float(d)) / Float(nd * b.rows)
        return (error * error * Variable(target.lossMask(dx: b.dx, dy: b.dy))).sum() * weight
    }

    /// The training mixture's loss on the held-out draw, each target weighted by its probability.
    func heldLoss(_ network: ScoreNetwork, _ b: NoisedBatch) -> Double {
        withNoGrad {
            config.variant.targets.reduce(0.0) { acc, t in
                acc + t.probability * Double(Self.loss(network, b, t.target).value.scalar)
            }
        }
    }
}

/// One training step of the score network: a target drawn from the variant's mixture, times by
/// importance sampling and a noise draw per row, the masked ε-loss, backward, Adam, the moving
/// average. What `MINDETrainer.fit` does each step (and what the step benchmark times).
public struct MINDEStep {
    public let network: ScoreNetwork
    public private(set) var ema: ExponentialMovingAverage
    let config: MINDEConfiguration, dx: Int, dy: Int
    let parameters: [(key: String, value: Variable)]
    let optimizer: Adam
    var states: [String: AdamState] = [:]

    public init(network: ScoreNetwork, config: MINDEConfiguration, dx: Int, dy: Int) {
        self.network = network; self.config = config; self.dx = dx; self.dy = dy
        parameters = network.parameters
        optimizer = Adam(learningRate: config.rate(dx: dx))
        ema = ExponentialMovingAverage(decay: config.emaDecay)
        ema.update(parameters)
    }

    /// Trains on a batch of clean rows (row-major, x then y); the batch's loss (not finite: nothing
    /// was updated).
    public mutating func step(clean: [Float], rng: inout RandomStream) -> Float {
        let target = config.variant.drawTarget(&rng)
        let rows = clean.count / (dx + dy)
        let b = NoisedBatch(clean: clean, dx: dx, dy: dy, times: config.sde.importanceTimes(rows, rng: &rng), sde: config.sde, rng: &rng)
        network.zeroGrad()
        let loss = MINDETrainer.loss(network, b, target)
        let value = loss.value.scalar
        guard value.isFinite else { return value }
        loss.backward()
        optimizer.step(parameters, states: &states)
        ema.update(parameters)
        return value
    }
}
