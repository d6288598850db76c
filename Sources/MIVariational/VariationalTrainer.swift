// Training a critic on the one data set it estimates, and reading out the bound (the variational
// estimators of BMI and the seed papers' comparisons). On MINeural's per-data-set loop:
//   standardized columns; rows split into training and held-out halves (BMI's default 0.5);
//   each step: a batch of training rows (shuffled passes), its score matrix, the bound's training
//   loss (mine: the batch's pairs and as many with y from an independent batch), backward, Adam; every `evaluateEvery` steps the bound on the held-out rows (in batches of
//   the training batch size, in a fixed order), early stopping on it with the best critic kept.
// The estimate is the held-out bound of the best critic. The batch is min(batch, rows of the part),
// so small n trains and estimates instead of failing (BMI returns NaN below 512 rows by default).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIEstimators
import MINeural
import MITensor

public struct VariationalConfiguration: Sendable {
    public var bound: VariationalBound = .infonce
    /// Critic widths between input and output (BMI's default (16, 8)).
    public var hidden = [16, 8]
    public var steps = 10_000
    public var batchSize = 256
    /// Adam's learning rate; nil: the bound's default (`defaultLearningRate`).
    public var learningRate: Float?
    public var heldOutFraction = 0.5
    public var evaluateEvery = 250
    /// Evaluations without a better held-out bound before stopping.
    public var patience = 8
    /// smile: the clip τ of e^T.
    public var tau: Float = 5
    public var seed: UInt64 = 0
    public init() {}

    /// BMI's 0.1, but 0.01 for mine and nwj. On 44 files of BMI's tasks (n = 1000) mine at 0.1
    /// read 0.28–1.15 nats low on the 5 × 5 ones, and nwj at 0.01 is level with BMI's nwj (+0.005 ±
    /// 0.013 nats per file, 3 of 44 refused) where at 0.1 it was 0.08 behind. infonce and dv at 0.01
    /// fit better on most tasks, but their held-out bound blew up on heavy tails (infonce −32 on a
    /// Student-t task), which 0.1 never did (Benchmarks/minde-results.md).
    public var defaultLearningRate: Float { bound == .mine || bound == .nwj ? 0.01 : 0.1 }

    /// The rows of a data set of n rows held out for the estimate, and the batch size there.
    public func heldOutBatch(rows n: Int) -> Int {
        let held = Swift.min(n, Swift.max(4, Int((Double(n) * heldOutFraction).rounded())))
        return Swift.min(batchSize, held)
    }
}

public struct VariationalResult {
    public var mi: Double
    /// Steps taken, and the step of the critic kept.
    public var steps: Int
    public var bestStep: Int
}

public struct VariationalTrainer {
    public var config: VariationalConfiguration
    public init(_ config: VariationalConfiguration) { self.config = config }

    /// Trains on a standardized sample.
    public func fit(_ s: PairedSample) throws -> VariationalResult {
        let c = config
        let name = c.bound.rawValue
        guard s.rows >= 8 else { throw EstimatorError("\(name) needs at least 8 rows (4 to train, 4 to estimate), got \(s.rows)") }
        var rng = RandomStream(seed: c.seed)
        let rows = HeldOutSplit(rows: s.rows, fraction: c.heldOutFraction, minimum: 4, rng: &rng)
        guard rows.train.count >= 4 else { throw EstimatorError("\(name): fewer than 4 training rows (lower the held-out fraction)") }
        let (trainX, trainY) = s.tensors(rows: rows.train)
        let (heldX, heldY) = s.tensors(rows: rows.held)
        let critic = Critic(dx: s.dx, dy: s.dy, hidden: c.hidden, rng: &rng)
        let params = critic.parameters
        let trainBatch = Swift.min(c.batchSize, rows.train.count)
        var stepper = CriticStep(critic: critic, config: c, batch: trainBatch)
        var stream = BatchStream(count: rows.train.count, size: trainBatch)
        // mine: the marginal sample's rows of y, drawn independently of the batch's.
        var marginalStream = BatchStream(count: rows.train.count, size: trainBatch)
        var stopping = EarlyStopping(patience: c.patience, tolerance: 1e-4)
        var step = 0, evaluations = 0, bestStep = 0
        while step < c.steps {
            step += 1
            let idx = stream.next(rng: &rng)
            let marginalY = c.bound == .mine ? trainY.gatherRows(marginalStream.next(rng: &rng)) : nil
            guard stepper.step(x: trainX.gatherRows(idx), y: trainY.gatherRows(idx), marginalY: marginalY).isFinite else { break }
            if step % c.evaluateEvery == 0 || step == c.steps {
                let held = evaluate(critic, heldX, heldY)
                guard held.isFinite else { break }
                // Rounds are evaluations: the patience counts evaluations, not steps.
                evaluations += 1
                let stop = stopping.record(loss: -held, round: evaluations, parameters: params)
                if stopping.bestRound == evaluations { bestStep = step }
                if stop { break }
            }
        }
        if stopping.bestRound < 0 {
            // Diverged before the first evaluation, or fewer steps than one evaluation: the critic as it is.
            let held = evaluate(critic, heldX, heldY)
            guard held.isFinite else { throw EstimatorError("\(name): training diverged (a non-finite bound)") }
            return VariationalResult(mi: held, steps: step, bestStep: step)
        }
        stopping.restoreBest(params)
        return VariationalResult(mi: -stopping.bestLoss, steps: step, bestStep: bestStep)
    }

    /// The bound on the held-out rows: consecutive batches of min(batch, held-out rows), averaged by
    /// their sizes (a last batch under half that size is left out), no gradient.
    func evaluate(_ critic: Critic, _ x: Tensor, _ y: Tensor) -> Double {
        let n = x.shape[0], b = Swift.min(config.batchSize, n)
        var total = 0.0, weight = 0
        withNoGrad {
            var start = 0
            while start < n {
                let end = Swift.min(n, start + b)
                let idx = Array(start..<end)
                start = end
                if idx.count < 2 || (weight > 0 && 2 * idx.count < b) { continue }
                let layout = ScoreLayout(size: idx.count)
                let s = critic.scores(x: Variable(x.gatherRows(idx)), y: Variable(y.gatherRows(idx)), layout: layout)
                total += Double(config.bound.value(s, layout, tau: config.tau).value.scalar) * Double(idx.count)
                weight += idx.count
            }
        }
        return weight > 0 ? total / Double(weight) : .nan
    }
}

/// One training step of a critic: every pair of the batch scored, the bound's training loss,
/// backward, Adam. What `VariationalTrainer.fit` does each step (and what the step benchmark times).
public struct CriticStep {
    public let critic: Critic
    let config: VariationalConfiguration
    let parameters: [(key: String, value: Variable)]
    let optimizer: Adam
    let layout: ScoreLayout
    var states: [String: AdamState] = [:]
    var movingAverage: Double?

    /// batch: the usual batch size (its masks are made once; another size makes its own).
    public init(critic: Critic, config: VariationalConfiguration, batch: Int) {
        self.critic = critic; self.config = config
        parameters = critic.parameters
        optimizer = Adam(learningRate: config.learningRate ?? config.defaultLearningRate)
        layout = ScoreLayout(size: batch)
    }

    /// Trains on a batch x (B, dx), y (B, dy) (mine: and marginalY (B, dy), rows of y drawn apart
    /// from the batch); the batch's loss (not finite: nothing was updated).
    public mutating func step(x: Tensor, y: Tensor, marginalY: Tensor? = nil) -> Float {
        let b = x.shape[0]
        critic.zeroGrad()
        let loss: Variable
        if config.bound == .mine {
            precondition(marginalY?.shape == y.shape, "mine: a marginal sample of y the batch's shape")
            let vx = Variable(x)
            loss = VariationalBound.mineLoss(
                joint: critic.paired(x: vx, y: Variable(y)), marginal: critic.paired(x: vx, y: Variable(marginalY!)), movingAverage: &movingAverage)
        } else {
            let layout = b == self.layout.size ? self.layout : ScoreLayout(size: b)
            let scores = critic.scores(x: Variable(x), y: Variable(y), layout: layout)
            loss = config.bound.trainingLoss(scores, layout, tau: config.tau)
        }
        let value = loss.value.scalar
        guard value.isFinite else { return value }
        loss.backward()
        optimizer.step(parameters, states: &states)
        return value
    }
}
