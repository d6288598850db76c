// Composite ops: built from primitives only, with no gradient code of their own.
//
// Stability without promotion:
//   - softplus(x) = max(x, 0) + log(1 + e^{−|x|}), |x| = maximum(x, −x): the exponent is ≤ 0, so no
//     overflow; the maximum primitive splits ties, so the derivative at 0 is exactly 1/2.
//   - sigmoid(x) = exp(−softplus(−x)): never forms 1/(1 + e^{−x}) with e^{−x} = inf, whose gradient
//     would be inf/inf = NaN for x ≲ −88.
//   - logsumexp shifts by the row maximum m taken as a constant (detached). That is exact for the
//     gradient too, since m + log Σ e^{x−m} does not depend on m; so logsumexp, log-softmax and softmax
//     need no primitives of their own. A non-finite m (a row that is all −inf) is replaced by 0 so the
//     row gives −inf instead of NaN.
//   - log-softmax = (x − m) − log Σ e^{x−m}: the shift is never added back and subtracted again, which
//     would round the result to the spacing of |m| (6e-5 at m = 1000).
// Known accuracy limits of the composites (values only; gradients stay accurate):
//   - softplus(x) for x ≲ −17 returns 0 instead of ≈ eˣ (log(1 + tiny) rounds; a log1p primitive would fix it);
//   - tanh(x) near 0 has absolute error ~1e-7, so relative error grows as |x| → 0.
// Candidates for promotion to primitives later, for speed (fewer passes and temporaries) or the limits
// above: log-softmax, logsumexp, tanh. softmax and LayerNorm's normalisation were promoted
// (Variable+Fused.swift).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

extension Variable {
    public func transposed() -> Variable {
        precondition(shape.count >= 2, "transposed needs rank ≥ 2, got \(shape)")
        var perm = Array(0..<shape.count)
        perm.swapAt(perm.count - 2, perm.count - 1)
        return permuted(perm)
    }

    public func abs() -> Variable { Variable.maximum(self, -self) }

    /// log(1 + eˣ), stable for all x.
    public func softplus() -> Variable {
        Variable.maximum(self, Variable(0)) + ((-abs()).exp() + 1).log()
    }

    /// 1 / (1 + e⁻ˣ) = exp(−softplus(−x)).
    public func sigmoid() -> Variable { (-(-self).softplus()).exp() }

    /// tanh x = 2·sigmoid(2x) − 1 (absolute error ~1e-7 near 0, where tanh x ≈ x).
    public func tanh() -> Variable { 2 * (2 * self).sigmoid() - 1 }

    /// (x − m, log Σ_axis e^{x−m}) with m the row maximum as a constant; the second keeps the axis (size 1).
    /// log-softmax is the difference of the two, so the shift m never has to be added back (adding it
    /// back first would round x − lse to the spacing of |m|: at m = 1000 that is 6e-5).
    func shiftedLogSumExp(axis ax: Int) -> (shifted: Variable, lse: Variable, shift: Tensor) {
        let m = value.max(axis: ax, keepDims: true).map { $0.isFinite ? $0 : 0 }
        let shifted = self - Variable(m)
        return (shifted, shifted.exp().sum(axis: ax, keepDims: true).log(), m)
    }

    /// log Σ_axis eˣ, stable for large |x|.
    public func logsumexp(axis: Int, keepDims: Bool = false) -> Variable {
        let ax = value.axis(axis)
        let (_, lse, m) = shiftedLogSumExp(axis: ax)
        let out = lse + Variable(m)
        if keepDims { return out }
        var s = out.shape
        s.remove(at: ax)
        return out.reshaped(s)
    }

    /// x − logsumexp(x) along `axis`, computed as (x − m) − log Σ e^{x−m}.
    public func logSoftmax(axis: Int) -> Variable {
        let (shifted, lse, _) = shiftedLogSumExp(axis: value.axis(axis))
        return shifted - lse
    }

    // softmax: promoted to a primitive for speed (Variable+Fused.swift); exp(logSoftmax) is its oracle.
}
