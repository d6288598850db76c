// Losses, composed from autodiff primitives (no gradient code), each the mean over all elements.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

public enum Loss {
    /// mean (ŷ − y)².
    public static func meanSquaredError(_ prediction: Variable, _ target: Variable) -> Variable {
        let d = prediction - target
        return (d * d).mean()
    }

    /// Pinball (quantile) loss at level τ ∈ (0, 1) (Koenker & Bassett 1978):
    /// mean max(τ·(y − q), (τ − 1)·(y − q)); minimised when q is the τ-quantile of y.
    public static func pinball(_ quantile: Variable, _ target: Variable, tau: Float) -> Variable {
        precondition(tau > 0 && tau < 1, "pinball level \(tau) outside (0, 1)")
        let r = target - quantile
        return Variable.maximum(tau * r, (tau - 1) * r).mean()
    }

    /// Gaussian negative log-likelihood (PyTorch GaussianNLLLoss, full = false):
    /// mean ½·(log max(σ², eps) + (y − μ)² / max(σ², eps)). With `full` the constant ½·log 2π is added.
    public static func gaussianNLL(
        mean: Variable, variance: Variable, target: Variable, eps: Float = 1e-6,
        full: Bool = false
    ) -> Variable {
        let v = Variable.maximum(variance, Variable(eps))
        let d = target - mean
        let nll = 0.5 * (v.log() + d * d / v)
        return full ? nll.mean() + Float(0.5 * Glibc.log(2 * Double.pi)) : nll.mean()
    }
}
