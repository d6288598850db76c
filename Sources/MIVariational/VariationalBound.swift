// The variational lower bounds on MI that a critic T(x, y) is trained to maximise, each on a batch's
// score matrix S (B × B, S_ij = T(x_i, y_j)): the diagonal holds the B joint pairs, the B(B − 1)
// off-diagonal entries are pairs from the product of the marginals (Poole et al. 2019, whose
// all-pairs form BMI's estimators use too).
//   dv       E_p[T] − log E_q[e^T]                                 (Donsker–Varadhan)
//   mine     dv's value; trained as Belghazi et al. (2018) and BMI do: each step scores B joint pairs
//            and B pairs (x_i, y'_i) with y' an independent draw of B training rows, and the
//            gradient divides ∇E_q[e^T] by a moving average of E_q[e^T] (the minibatch gradient of
//            the log is biased), weight 0.1 per step (BMI's α = 0.9)
//   nwj      E_p[T] − E_q[e^{T − 1}]                               (Nguyen–Wainwright–Jordan, MINE-f)
//   infonce  E_i[S_ii − log (1/B) Σ_j e^{S_ij}]                    (van den Oord et al.; at most log B)
//   smile    E_p[T] − log E_q[clip(e^T, e^{−τ}, e^{τ})], the critic trained on the Jensen–Shannon
//            (f-GAN) bound E_p[−softplus(−T)] − E_q[softplus(T)] (Song & Ermon 2020)

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

public enum VariationalBound: String, CaseIterable, Sendable {
    case mine, infonce, nwj, dv, smile
}

/// Masks and constants of one batch size.
struct ScoreLayout {
    let size: Int
    let diagonal: Tensor, offDiagonal: Tensor, floor: Tensor

    init(size b: Int) {
        size = b
        var d = [Float](repeating: 0, count: b * b)
        for i in 0..<b { d[i * b + i] = 1 }
        diagonal = Tensor(d, shape: [b, b])
        offDiagonal = Tensor(d.map { 1 - $0 }, shape: [b, b])
        floor = Tensor.full([b, b], -1e30)
    }

    var offCount: Float { Float(size * (size - 1)) }

    func diagonalMean(_ s: Variable) -> Variable { (s * Variable(diagonal)).sum() / Float(size) }

    /// log of the mean of e^S over the off-diagonal entries.
    func logMeanExpOff(_ s: Variable) -> Variable {
        Variable.select(offDiagonal, s, Variable(floor)).reshaped([size * size]).logsumexp(axis: 0) - Glibc.log(offCount)
    }

    func meanOff(_ v: Variable) -> Variable { (v * Variable(offDiagonal)).sum() / offCount }
}

extension VariationalBound {
    /// The bound's value on a score matrix (what the estimate reports).
    func value(_ s: Variable, _ layout: ScoreLayout, tau: Float) -> Variable {
        switch self {
        case .dv, .mine:
            return layout.diagonalMean(s) - layout.logMeanExpOff(s)
        case .nwj:
            return layout.diagonalMean(s) - layout.meanOff((s - 1).exp())
        case .infonce:
            return layout.diagonalMean(s) - s.logsumexp(axis: 1).mean() + Glibc.log(Float(layout.size))
        case .smile:
            let lo = Variable(Tensor.full(s.shape, -tau)), hi = Variable(Tensor.full(s.shape, tau))
            let clipped = -Variable.maximum(-Variable.maximum(s, lo), -hi)
            return layout.diagonalMean(s) - layout.logMeanExpOff(clipped)
        }
    }

    /// What the optimiser minimises on a training batch (every bound but mine: mineLoss).
    func trainingLoss(_ s: Variable, _ layout: ScoreLayout, tau: Float) -> Variable {
        switch self {
        case .mine:
            preconditionFailure("mine trains on joint and marginal pairs (mineLoss), not on a score matrix")
        case .smile:
            let js = -layout.diagonalMean((-s).softplus()) - layout.meanOff(s.softplus())
            return -js
        case .dv, .nwj, .infonce:
            return -value(s, layout, tau: tau)
        }
    }

    /// MINE's training loss on T of B joint pairs and of B marginal pairs; `movingAverage` is the
    /// running E_q[e^T] (updated here; nil before the first step, which starts it).
    static func mineLoss(joint: Variable, marginal: Variable, movingAverage: inout Double?) -> Variable {
        let meanExp = marginal.exp().mean()
        let current = Double(meanExp.value.scalar)
        let average = movingAverage.map { 0.9 * $0 + 0.1 * current } ?? current
        movingAverage = average
        return -(joint.mean() - meanExp / Float(average))
    }
}
