// MIST's training: a run's settings, the model and optimiser state it starts from (fresh, resumed or
// initialised from another checkpoint), the loop (batch, forward, loss, backward, gradient exchange,
// clip, AdamW step), the checkpoint it writes and the levels' recalibration. Data-parallel over
// replicas on threads and over the ranks of a process group; deterministic for a seed, a thread count
// and a rank count. Where the batches come from, how rows are printed and when a run is asked to stop
// belong to the caller (mi-train).

import MIEstimators
import MINeural
import MITensor

/// One labelled data set, encoded for the model.
public struct MistExample: Sendable {
    public var input: MistInput.Encoded
    public var trueMI: Float
    public init(input: MistInput.Encoded, trueMI: Float) { (self.input, self.trueMI) = (input, trueMI) }
}

/// The batches of a run: a pure function of the step, so that a resumed run continues exactly.
public protocol MistBatchSource: AnyObject {
    func batch(step: Int) throws -> [MistExample]
}

/// How a run optimises: loss, schedule, AdamW, cadence of evaluation rows and checkpoints.
public struct MistTrainingSettings: Sendable, Equatable {
    /// mse: a point model; pinball: a quantile model (τ ~ U(0, 1) per data set).
    public enum Loss: String, Sendable, CaseIterable { case mse, pinball }
    /// cosine: warm-up, then cosine to the floor at `steps`; constant: the peak after warm-up.
    public enum Schedule: String, Sendable, CaseIterable { case cosine, constant }

    public var loss: Loss = .mse
    public var steps = 1000
    public var batch = 32
    public var learningRate: Float = 1e-3
    public var minLearningRate: Float = 1e-5
    public var warmup = 100
    public var schedule: Schedule = .cosine
    public var weightDecay: Float = 1e-4
    /// Global gradient-norm clip (0: none).
    public var clip: Float = 1
    public var evalEvery = 100
    public var checkpointEvery = 500
    /// Model replicas on threads (data parallelism within a process).
    public var threads = 2

    public init() {}

    public func learningRate(step t: Int) -> Float {
        switch schedule {
        case .constant: return LearningRateSchedule.linearWarmup(peak: learningRate, warmupSteps: warmup).learningRate(step: t)
        case .cosine:
            return LearningRateSchedule.warmupCosine(peak: learningRate, warmupSteps: warmup, totalSteps: steps, floor: minLearningRate)
                .learningRate(step: t)
        }
    }

    /// The checkpoint's optimizer fields.
    func manifestFields(ranks: Int) -> [String: String] {
        [
            "name": "adamw", "loss": loss.rawValue, "lr": "\(learningRate)", "min_lr": "\(minLearningRate)", "warmup": "\(warmup)",
            "schedule": schedule.rawValue, "steps": "\(steps)", "batch": "\(batch)",
            "weight_decay": "\(weightDecay)", "clip": "\(clip)", "threads": "\(threads)", "ranks": "\(ranks)"
        ]
    }
}

/// A run that cannot start or cannot go on.
public enum MistTrainingError: Error, CustomStringConvertible, Equatable {
    /// The loss, the gradient norm or a weight became non-finite at `step` (1-based); `lastSaved` is
    /// the step of the last checkpoint asked for, which stays as it was.
    case diverged(step: Int, loss: Double, lastSaved: Int?)
    /// The checkpoint to resume was trained with another loss (`stored`, nil if it does not say).
    case otherLoss(stored: String?)
    /// The checkpoint to resume has taken steps but holds no AdamW state (a model saved for estimating).
    case noOptimizerState
    /// Settings no run can have (a count below 1, a loss that is not the model's).
    case invalidSettings(String)

    public var description: String {
        switch self {
        case .diverged(let step, let loss, let lastSaved):
            let kept = lastSaved.map { "the checkpoint of step \($0) is kept" } ?? "no checkpoint was written"
            return "training diverged at step \(step) (loss \(loss)); \(kept)"
        case .otherLoss(let stored): return "the checkpoint was trained with the \(stored ?? "?") loss"
        case .noOptimizerState: return "the checkpoint has no optimizer state"
        case .invalidSettings(let why): return "training settings: \(why)"
        }
    }
}

public final class MistTrainer {
    public let model: MistModel
    /// The model's configuration, with the recalibrated levels once `recalibrate` ran.
    public private(set) var config: MistConfig
    public let settings: MistTrainingSettings
    public let seed: UInt64
    /// Optimizer steps taken (a resumed run counts its checkpoint's).
    public private(set) var step: Int
    /// Training seconds of the runs before this one (from the checkpoint).
    public let secondsBefore: Double
    /// The last step at which the loop asked for a checkpoint (`Control.save`; a resumed run: the
    /// checkpoint's own step), nil before the first.
    public private(set) var lastSavedStep: Int?

    private var states: [String: AdamState]
    private var optimizer: Adam
    private let parallel: DataParallel<MistModel>
    private let group: (any ProcessGroup)?
    private var rank: Int { group?.rank ?? 0 }
    private var ranks: Int { group?.size ?? 1 }

    /// A new run: the model initialised from `seed` (to start from another checkpoint's weights, copy
    /// them in before training: `model.copyMatchingParts(from:)`).
    public convenience init(
        config: MistConfig, settings: MistTrainingSettings, seed: UInt64, group: (any ProcessGroup)? = nil
    ) throws {
        try Self.check(settings, quantile: config.quantile)
        var rng = RandomStream(seed: seed, stream: 0x1A17)
        let model = MistModel(config, rng: &rng)
        self.init(model: model, settings: settings, seed: seed, states: [:], step: 0, secondsBefore: 0, saved: nil, group: group)
    }

    /// The run saved in `checkpoint`, continued: its weights, AdamW state, step, seed and seconds. The
    /// checkpoint must have been trained with `settings.loss` and, past step 0, hold its AdamW state.
    public convenience init(
        resuming checkpoint: Checkpoint, label: String, settings: MistTrainingSettings, group: (any ProcessGroup)? = nil
    ) throws {
        let model = try MistModel.from(checkpoint, label: label)
        let stored = checkpoint.manifest.optimizer["loss"]
        guard stored == settings.loss.rawValue else { throw MistTrainingError.otherLoss(stored: stored) }
        let step = Int(checkpoint.manifest.training["step"] ?? 0)
        if checkpoint.adamStates.isEmpty && step > 0 { throw MistTrainingError.noOptimizerState }
        try Self.check(settings, quantile: model.config.quantile)
        self.init(
            model: model, settings: settings, seed: checkpoint.manifest.seed, states: checkpoint.adamStates, step: step,
            secondsBefore: checkpoint.manifest.training["seconds"] ?? 0, saved: step, group: group)
    }

    static func check(_ s: MistTrainingSettings, quantile: Bool) throws {
        for (name, v) in [("steps", s.steps), ("batch", s.batch), ("evalEvery", s.evalEvery), ("checkpointEvery", s.checkpointEvery), ("threads", s.threads)]
        where v < 1 {
            throw MistTrainingError.invalidSettings("\(name) must be at least 1, got \(v)")
        }
        guard quantile == (s.loss == .pinball) else {
            throw MistTrainingError.invalidSettings("a \(quantile ? "quantile" : "point") model trains with the \(quantile ? "pinball" : "mse") loss")
        }
    }

    private init(
        model: MistModel, settings: MistTrainingSettings, seed: UInt64, states: [String: AdamState], step: Int,
        secondsBefore: Double, saved: Int?, group: (any ProcessGroup)?
    ) {
        (self.model, self.config, self.settings, self.seed) = (model, model.config, settings, seed)
        (self.states, self.step, self.secondsBefore, self.lastSavedStep, self.group) = (states, step, secondsBefore, saved, group)
        let config = model.config
        // Data parallelism: each replica takes every T-th data set of the batch, with its own graph;
        // gradients are summed into the model's in replica order (deterministic for a given T).
        parallel = DataParallel(
            model: model,
            replicas: settings.threads == 1
                ? []
                : (0..<settings.threads).map { _ in
                    var r = RandomStream(seed: 0)
                    return MistModel(config, rng: &r)
                })
        optimizer = Adam.adamW(learningRate: settings.learningRate, weightDecay: settings.weightDecay)
    }

    /// What the loop asks of its caller: whether to stop, and what to do after a step, at a row and at
    /// a checkpoint.
    public struct Control {
        /// A stop signal received (0: none), read before every step (with a process group: after it,
        /// with the gradients, so that every rank stops after the same step).
        public var signal: () -> Int32 = { 0 }
        /// Whether the run's time budget is used up, read once per step (with a process group: rank 0's).
        public var budgetUsed: () -> Bool = { false }
        /// After every step: the step and the mean loss since the last row (a progress line).
        public var stepped: (_ step: Int, _ meanLoss: Double) -> Void = { _, _ in }
        /// At step 0 of a new run, every `evalEvery` steps and at the end: the means of the loss and of
        /// the gradient norm over the steps since the last row (nil at step 0).
        public var row: (_ trainLoss: Double?, _ gradNorm: Double?) throws -> Void = { _, _ in }
        /// Every `checkpointEvery` steps: write `checkpoint(...)`.
        public var save: () throws -> Void = {}
        /// When the loop has ended (all steps run, or a stop), before its last row.
        public var ended: () -> Void = {}
        public init() {}
    }

    /// Why a run stopped before its last step.
    public enum Stop: Equatable {
        case signal(Int32)
        case timeBudget
    }

    /// Trains up to `settings.steps`: returns nil when every step ran, or the stop that ended it first.
    public func train(from source: any MistBatchSource, control: Control) throws -> Stop? {
        let parameters = model.parameters
        var lossSum = 0.0, normSum = 0.0, stepsSinceRow = 0
        func row() throws {
            try control.row(
                stepsSinceRow > 0 ? lossSum / Double(stepsSinceRow) : nil, stepsSinceRow > 0 ? normSum / Double(stepsSinceRow) : nil)
            (lossSum, normSum, stepsSinceRow) = (0, 0, 0)
        }
        if step == 0 { try row() }

        var stop: Stop?
        while step < settings.steps {
            if group == nil {
                let s = control.signal()
                if s != 0 { stop = .signal(s); break }
                if control.budgetUsed() { stop = .timeBudget; break }
            } else if stop != nil {
                break  // decided together after the last exchange
            }

            // 1. This step's batch: data sets of similar size, τ per data set (quantile model).
            let examples = try source.batch(step: step)
            var tauRng = RandomStream(seed: seed, stream: 1 << 40 | UInt64(step))
            let taus: [Float]? = config.quantile ? examples.map { _ in Float(tauRng.uniform()) } : nil

            // 2. Forward, loss and backward, each replica on every T-th data set (with R ranks of T
            //    replicas: replica i of rank r takes every (R·T)-th from r·T + i).
            let t = parallel.count, (rank, ranks) = (rank, ranks)
            let losses = parallel.run { replica, i -> Double in
                let mine = Array(stride(from: rank * t + i, to: examples.count, by: ranks * t))
                guard !mine.isEmpty else { return 0 }
                return Self.lossAndBackward(
                    replica, mine.map { examples[$0] }, taus: taus.map { ts in mine.map { ts[$0] } }, batchSize: examples.count)
            }

            // 2b. With a process group: every rank's gradients summed in rank order, and the stop
            //     flags shared so that all ranks stop after the same step.
            var stepLoss = losses.reduce(0, +)
            if let group {
                let budgetUsed = rank == 0 && control.budgetUsed()
                let shared = try group.sumGradients(
                    parameters.map(\.value), extras: [stepLoss.bitPattern, UInt64(control.signal()), budgetUsed ? 1 : 0])
                stepLoss = shared.reduce(0) { $0 + Double(bitPattern: $1[0]) }
                if let s = shared.first(where: { $0[1] != 0 }) {
                    stop = .signal(Int32(s[1]))
                } else if shared[0][2] != 0 {
                    stop = .timeBudget
                }
            }

            // 3. Clip, schedule, AdamW step.
            let norm = settings.clip > 0 ? clipGradientsByGlobalNorm(parameters, maxNorm: settings.clip) : 0
            optimizer.learningRate = settings.learningRate(step: step)
            optimizer.step(parameters, states: &states)
            model.zeroGrad()
            // A diverged run stops before it can be saved: the last checkpoint stays the last good one.
            if !stepLoss.isFinite || !norm.isFinite || !parameters.allSatisfy({ $0.value.value.isAllFinite }) {
                throw MistTrainingError.diverged(step: step + 1, loss: stepLoss, lastSaved: lastSavedStep)
            }
            step += 1
            lossSum += stepLoss; normSum += Double(norm); stepsSinceRow += 1

            // 4. Progress, evaluation row, checkpoint.
            control.stepped(step, lossSum / Double(stepsSinceRow))
            if step % settings.evalEvery == 0 || step == settings.steps { try row() }
            if step % settings.checkpointEvery == 0 { try control.save(); lastSavedStep = step }
        }
        control.ended()
        if stepsSinceRow > 0 { try row() }
        return stop
    }

    /// Loss of one replica's share of the batch, scaled by 1/batchSize so the shares sum to the batch
    /// mean; back-propagates into the replica's parameters. Returns the share.
    static func lossAndBackward(_ m: MistModel, _ ex: [MistExample], taus: [Float]?, batchSize: Int) -> Double {
        let prediction = m.prediction(m(MistBatch(ex.map(\.input), summaries: m.config.summaryFeatures)), tau: taus)  // (b)
        let r = Variable(Tensor(ex.map(\.trueMI), shape: [ex.count])) - prediction  // y − q
        let perSet: Variable
        if let taus {
            // Pinball loss max(τ·r, (τ − 1)·r), τ per data set.
            let tau = Tensor(taus, shape: [taus.count])
            perSet = Variable.maximum(Variable(tau) * r, Variable(tau - 1) * r)
        } else {
            perSet = r * r
        }
        let loss = perSet.sum() * (1 / Float(batchSize))
        loss.backward()
        return Double(loss.value.scalar)
    }

    /// The run as a checkpoint: architecture (with the levels), weights, AdamW state, step, seed,
    /// what it trained on (`data`), the last evaluation's `metrics` and its training `seconds` in all.
    public func checkpoint(data: String, metrics: [String: Double], seconds: Double) -> Checkpoint {
        var manifest = CheckpointManifest(
            architecture: config.manifestFields,
            training: ["step": Double(step), "examples": Double(step * settings.batch), "seconds": seconds],
            optimizer: settings.manifestFields(ranks: ranks),
            seed: seed, data: data, metrics: metrics)
        manifest.training["parameters"] = Double(model.parameterCount)
        return Checkpoint(manifest: manifest, parameters: model.parameters, adamStates: states)
    }

    /// A quantile model's levels mapped to the τ at which its quantiles cover as often as they say, on
    /// labelled data sets it did not train on: over all of them, and per bin of n and dx + dy.
    /// `loop` runs the estimates (MistEstimator.estimateBatch), e.g. on the tool's workers.
    public func recalibrate(_ samples: [PairedSample], truths: [Double], loop: MistEstimator.IndexLoop = MistEstimator.serial) {
        (config.levelMap, config.levelBins) = MistEstimator(model: model).levelMaps(samples, truths: truths, loop: loop)
    }
}
