// The variance-preserving diffusion MINDE perturbs data with (Song et al. 2021's VP-SDE), and the
// importance sampling of its time that MINDE trains and estimates with.
//
//   dX_t = −½ β(t) X_t dt + √β(t) dW_t,   β(t) = β_min + t (β_max − β_min),   t ∈ [0, 1]
//   B(t) = ∫₀ᵗ β = β_min t + ½ (β_max − β_min) t²
//   X_t | X_0 = x ~ N(α_t x, σ_t² I),   α_t = e^{−B(t)/2},   σ_t² = 1 − e^{−B(t)}
//
// Importance sampling: t drawn with density proportional to r(t) = β(t)/σ_t², the weight of the
// noise-prediction form of Girsanov's KL (½ g²/σ² = ½ β/σ²), flat at r(t_ε) below t_ε. Then every
// integrand's weight is the constant Z/2 from t_ε on (below t_ε, about 5% of the draws, the exact weight
// would be (Z/2)·r(t)/r(t_ε); like the reference we use Z/2 there, a difference of about 1e-4 nats), Z = r(t_ε) t_ε + A(1) − A(t_ε) with A(t) = log(1 − e^{−B(t)}) + B(t)
// the antiderivative of r. Z is computed from this schedule's β's (the reference code hard-codes
// 0.1 and 20 in it whatever the SDE).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

public struct VPSDE: Sendable, Equatable {
    public var betaMin: Double
    public var betaMax: Double
    /// Below this time the proposal of t is flat (MINDE's t_ε).
    public var tEpsilon: Double

    public init(betaMin: Double = 0.1, betaMax: Double = 20, tEpsilon: Double = 1e-3) {
        precondition(betaMin > 0 && betaMax > betaMin && tEpsilon > 0 && tEpsilon < 1, "VP-SDE: bad schedule")
        self.betaMin = betaMin; self.betaMax = betaMax; self.tEpsilon = tEpsilon
    }

    public func beta(_ t: Double) -> Double { betaMin + t * (betaMax - betaMin) }
    /// ∫₀ᵗ β.
    public func integratedBeta(_ t: Double) -> Double { betaMin * t + 0.5 * (betaMax - betaMin) * t * t }
    /// The mean factor α_t of X_t given X_0.
    public func alpha(_ t: Double) -> Double { exp(-0.5 * integratedBeta(t)) }
    /// The noise variance σ_t² of X_t given X_0 (−expm1 keeps it exact at small t).
    public func variance(_ t: Double) -> Double { -expm1(-integratedBeta(t)) }

    /// r(t) = β(t)/σ_t², the proposal's unnormalised density above t_ε.
    func rate(_ t: Double) -> Double { beta(t) / variance(t) }
    /// A(t) = log(1 − e^{−B}) + B, the antiderivative of r.
    func rateIntegral(_ t: Double) -> Double { let b = integratedBeta(t); return log(-expm1(-b)) + b }

    /// Z, the proposal's normalising constant (≈ 20.2559 for the default schedule).
    public var normalizer: Double { rate(tEpsilon) * tEpsilon + rateIntegral(1) - rateIntegral(tEpsilon) }

    /// The time whose proposal CDF is u ∈ [0, 1): the inverse of the flat part below t_ε, else of A.
    public func importanceTime(_ u: Double) -> Double {
        let z = normalizer, r0 = rate(tEpsilon)
        if u * z <= r0 * tEpsilon { return u * z / r0 }
        // A(t) = z·u + A(t_ε) − r0·t_ε, and A = log(e^B − 1), so B = log(1 + e^{A}).
        let a = z * u + rateIntegral(tEpsilon) - r0 * tEpsilon
        let b = a > 30 ? a + log1p(exp(-a)) : log1p(exp(a))
        let k = betaMax - betaMin
        return (-betaMin + (betaMin * betaMin + 2 * k * b).squareRoot()) / k
    }

    /// The proposal's density at t (for tests: it integrates to 1 over [0, 1]).
    public func importanceDensity(_ t: Double) -> Double { (t < tEpsilon ? rate(tEpsilon) : rate(t)) / normalizer }

    /// n times drawn from the proposal.
    public func importanceTimes(_ n: Int, rng: inout RandomStream) -> [Double] {
        (0..<n).map { _ in importanceTime(Swift.min(rng.uniform(), 1 - 1e-12)) }
    }
}
