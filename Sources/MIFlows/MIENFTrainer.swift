// Training the MIENF flows by maximum likelihood, and reading out the MI (Butakov et al., §4).
//
// The loop (plain and visible, one epoch at a time):
//   split rows into train / held-out (default 20 %), initialise every ActNorm from the training rows;
//   each epoch: shuffle, then per minibatch: forward → loss = −mean log p(x, y) → backward →
//   clip the global gradient norm → AdamW step;
//   then evaluate the held-out log-likelihood and record the epoch's MI read-out;
//   stop early when the held-out likelihood has not improved for `patience` epochs; restore the best.
// Read-outs:
//   tridiag: Σ log cosh θ_j, the MI of the tridiagonal base (Corollary 4.12);
//   gauss:   N-MIENF's Eq. 9, ½(log det Σ̂_xx + log det Σ̂_yy − log det Σ̂) of a Gaussian fitted to the
//            held-out latents. (The flows are trained with the tridiagonal likelihood: by Statement 4.13 any
//            Gaussian latent pair is an affine image of the tridiagonal form, so the family is the same.)
// The estimate is the mean read-out over the last `window` epochs run (MIENF averages its final epochs
// the same way), with their standard deviation; the held-out mean PMI of the best epoch's model and
// its standard error widen that into the interval. The best epoch's model is what `model` holds.
// With `correlated: false` θ stays 0: the flows are fitted to the marginals alone (mi-flow fit).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIEstimators
import MINeural
import MITensor

public struct MIENFConfiguration: Sendable {
    public enum Readout: String, CaseIterable, Sendable { case tridiag, gauss }
    public var readout: Readout = .tridiag
    public var couplings = 4
    public var hidden = 64
    public var mixing: InvertibleLinear.Kind = .lu
    /// Maximum epochs; nil: chosen from n (about 3000 optimizer steps, between 20 and 300 epochs).
    public var epochs: Int? = nil
    /// nil: n_train/8 clamped to [64, 512].
    public var batchSize: Int? = nil
    public var learningRate: Float = 2e-3
    public var weightDecay: Float = 1e-4
    public var holdoutFraction = 0.2
    public var patience = 30
    public var window = 10
    /// θ's learning rate over the flows'.
    public var thetaRateFactor: Float = 25
    public var seed: UInt64 = 0
    public var correlated = true

    public init() {}
}

public struct MIENFEpoch: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var trainNLL: Double
    public var heldoutNLL: Double
    public var mi: Double
}

public struct MIENFResult {
    /// The estimate (nats): the read-out averaged over the last epochs run.
    public var mi: Double
    /// Standard deviation of the read-out over those epochs.
    public var epochSD: Double
    /// Mean pointwise MI of the tridiagonal base on the held-out rows, and its standard error.
    public var heldoutMI: Double
    public var heldoutSE: Double
    public var epochsRun: Int
    public var bestEpoch: Int
    public var heldoutNLL: Double
    public var model: FlowPair

    /// A 95 % interval: mi ± 1.96·√(heldout_se² + epoch_sd²).
    public var interval: (lower: Double, upper: Double) {
        let h = 1.96 * (heldoutSE * heldoutSE + epochSD * epochSD).squareRoot()
        return (Swift.max(0, mi - h), mi + h)
    }
}

public struct MIENFTrainer {
    public var config: MIENFConfiguration
    public init(_ config: MIENFConfiguration) { self.config = config }

    /// The whole sample as (x (N, dx), y (N, dy)).
    public static func columns(_ s: PairedSample) -> (x: Tensor, y: Tensor) { s.tensors(rows: Array(0..<s.rows)) }

    public func fit(_ s: PairedSample, progress: ((MIENFEpoch) -> Void)? = nil) throws -> MIENFResult {
        let c = config
        guard s.rows >= 20 else { throw EstimatorError("mienf needs at least 20 rows (n=\(s.rows))") }
        var rng = RandomStream(seed: c.seed)
        let rows = HeldOutSplit(rows: s.rows, fraction: c.holdoutFraction, minimum: 10, rng: &rng)
        let heldRows = rows.held, trainRows = rows.train
        let (trainX, trainY) = s.tensors(rows: trainRows)
        let (heldX, heldY) = s.tensors(rows: heldRows)
        let nTrain = trainRows.count
        let batch = Swift.min(nTrain, c.batchSize ?? Swift.min(512, Swift.max(64, nTrain / 8)))
        let stepsPerEpoch = (nTrain + batch - 1) / batch
        let maxEpochs = c.epochs ?? Swift.min(300, Swift.max(20, 3000 / stepsPerEpoch))

        let model = FlowPair(
            x: VectorFlowConfig(dim: s.dx, couplings: c.couplings, hidden: c.hidden, mixing: c.mixing),
            y: VectorFlowConfig(dim: s.dy, couplings: c.couplings, hidden: c.hidden, mixing: c.mixing),
            rng: &rng)
        model.fx.initialize(from: trainX)
        model.fy.initialize(from: trainY)
        let params = model.parameters.filter { c.correlated || $0.key != "theta" }
        let flowParams = params.filter { $0.key != "theta" }, thetaParams = params.filter { $0.key == "theta" }
        let optimizer = Adam.adamW(learningRate: c.learningRate, weightDecay: c.weightDecay)
        // θ moves at most ~lr per Adam step; strong dependence needs |θ| ≈ 1–3, so it gets its own,
        // larger rate (no weight decay: decay would bias the MI towards 0).
        let thetaOptimizer = Adam(learningRate: c.learningRate * c.thetaRateFactor)
        var states: [String: AdamState] = [:]

        var readouts: [Double] = []
        var stopping = EarlyStopping(patience: c.patience, tolerance: 1e-4)
        for epoch in 0..<maxEpochs {
            var trainLoss = 0.0
            for idx in shuffledBatches(count: nTrain, size: batch, rng: &rng) where idx.count >= 2 {
                let xb = Variable(trainX.gatherRows(idx)), yb = Variable(trainY.gatherRows(idx))
                model.zeroGrad()
                let loss = -model.logLikelihood(x: xb, y: yb).logp.mean()  // forward + loss
                loss.backward()  // backward
                clipGradientsByGlobalNorm(params, maxNorm: 10)  // clip
                optimizer.step(flowParams, states: &states)  // AdamW step
                thetaOptimizer.step(thetaParams, states: &states)
                trainLoss += Double(loss.value.scalar) * Double(idx.count)
            }
            // Held-out likelihood and the epoch's read-out.
            let heldNLL = withNoGrad { -Double(model.logLikelihood(x: Variable(heldX), y: Variable(heldY)).logp.mean().value.scalar) }
            let readout = try readOut(model, heldX, heldY)
            readouts.append(readout)
            progress?(
                MIENFEpoch(
                    epoch: epoch + 1, epochs: maxEpochs, trainNLL: trainLoss / Double(nTrain),
                    heldoutNLL: heldNLL, mi: readout))
            guard heldNLL.isFinite else { break }
            if stopping.record(loss: heldNLL, round: epoch, parameters: params) { break }  // early stop
        }
        guard stopping.bestRound >= 0 else { throw EstimatorError("mienf: training diverged (non-finite likelihood)") }
        stopping.restoreBest(params)  // the best epoch's model
        let window = readouts.suffix(c.window)
        let mean = window.reduce(0, +) / Double(window.count)
        let sd =
            window.count > 1
            ? (window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(window.count - 1)).squareRoot() : 0
        let pmi = withNoGrad { model.logLikelihood(x: Variable(heldX), y: Variable(heldY)).pmi.value.scalars.map { Double($0) } }
        let pm = pmi.reduce(0, +) / Double(pmi.count)
        let pv = pmi.reduce(0) { $0 + ($1 - pm) * ($1 - pm) } / Double(Swift.max(1, pmi.count - 1))
        return MIENFResult(
            mi: mean, epochSD: sd, heldoutMI: pm, heldoutSE: (pv / Double(pmi.count)).squareRoot(),
            epochsRun: readouts.count, bestEpoch: stopping.bestRound + 1, heldoutNLL: stopping.bestLoss, model: model)
    }

    /// The MI read-out of the current model (see the file comment).
    func readOut(_ model: FlowPair, _ heldX: Tensor, _ heldY: Tensor) throws -> Double {
        switch config.readout {
        case .tridiag:
            return model.baseMutualInformation
        case .gauss:
            let (zx, zy) = model.latents(x: heldX, y: heldY)
            let z = Tensor.concat([zx, zy], axis: 1)
            return (try? CCAEstimator().estimate(PairedSample(values: z.scalars, rows: z.shape[0], dx: model.dx, dy: model.dy))) ?? .nan
        }
    }
}
