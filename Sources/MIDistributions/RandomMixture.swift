#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// Random Gaussian mixtures over (X, Y): multimodal, non-monotone shapes of dependence (BMI v2's
/// "bend and mix" kind) drawn with random parameters, in three shapes:
/// - `random`: K ∈ 2…5 components with weights ∝ U(0.5, 1.5); component means a_k ~ N(0, s²·I) for X
///   and b_k ~ N(0, s²·I) for Y, s ∈ [0.5, 3] (X and Y depend on each other through the shared
///   component); within a component an equicorrelation ρ ∈ [0, 0.8] with the sign of the X–Y block
///   flipped at random (components can lean opposite ways, an X shape), and scale σ_k ∈ [0.3, 1].
/// - `scale`: K ∈ 2…4 components all centred at 0 that differ only in their scales (σ_X,k, σ_Y,k ∈
///   [0.15, 2.5], log-uniform) and in the sign and size of their X–Y correlation (ρ ∈ [0, 0.9]): X and Y
///   depend on each other through a shared scale or a shared lean even where they are uncorrelated
///   (concentric shells, X shapes).
/// - `curve`: K ∈ 6…20 equal components strung along a random closed or open curve, mean_i(t) =
///   A_i·sin(f_i·t + φ_i) at t_k = 2πk/K, A_i ∈ [1, 3], f_i ∈ {1, 2, 3}, φ_i ~ U(0, 2π), with a small
///   isotropic σ ∈ [0.05, 0.3]·min A: rings, figure-eights and waves, near-deterministic and non-monotone.
public enum RandomMixture {
    public enum Shape: String, CaseIterable, Sendable { case random, scale, curve }

    public static func draw(
        _ shape: Shape = .random, dx: Int, dy: Int, monteCarloSamples: Int, rng: inout RandomStream
    ) throws -> GaussianMixtureSampler {
        let components: [GaussianMixtureSampler.Component]
        switch shape {
        case .random: components = randomComponents(dx: dx, dy: dy, rng: &rng)
        case .scale: components = scaleComponents(dx: dx, dy: dy, rng: &rng)
        case .curve: components = curveComponents(dx: dx, dy: dy, rng: &rng)
        }
        return try GaussianMixtureSampler(
            dx: dx, dy: dy, components: components, monteCarloSamples: monteCarloSamples, monteCarloSeed: rng.next())
    }

    /// σ_i σ_j times 1 on the diagonal, ρ within X and within Y, sign·ρ across.
    static func covariance(dx: Int, scales: [Double], rho: Double, sign: Double) -> [Double] {
        let m = scales.count
        var c = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0..<m {
                let crossing = (i < dx) != (j < dx)
                c[i * m + j] = scales[i] * scales[j] * (i == j ? 1 : crossing ? sign * rho : rho)
            }
        }
        return c
    }

    static func randomComponents(dx: Int, dy: Int, rng: inout RandomStream) -> [GaussianMixtureSampler.Component] {
        let m = dx + dy
        let k = rng.integer(in: 2...5)
        let spread = rng.uniform(0.5, 3)
        return (0..<k).map { _ in
            let weight = rng.uniform(0.5, 1.5)
            let mean = (0..<m).map { _ in spread * rng.normal() }
            let rho = rng.uniform(0, 0.8)
            let flip = rng.uniform() < 0.5 ? -1.0 : 1.0
            let sigma = rng.uniform(0.3, 1)
            return .init(weight: weight, mean: mean, covariance: covariance(dx: dx, scales: Array(repeating: sigma, count: m), rho: rho, sign: flip))
        }
    }

    static func scaleComponents(dx: Int, dy: Int, rng: inout RandomStream) -> [GaussianMixtureSampler.Component] {
        let m = dx + dy
        let k = rng.integer(in: 2...4)
        return (0..<k).map { _ in
            let weight = rng.uniform(0.5, 1.5)
            let sx = exp(rng.uniform(log(0.15), log(2.5))), sy = exp(rng.uniform(log(0.15), log(2.5)))
            let rho = rng.uniform(0, 0.9)
            let sign = rng.uniform() < 0.5 ? -1.0 : 1.0
            let scales = (0..<m).map { $0 < dx ? sx : sy }
            return .init(weight: weight, mean: Array(repeating: 0, count: m), covariance: covariance(dx: dx, scales: scales, rho: rho, sign: sign))
        }
    }

    static func curveComponents(dx: Int, dy: Int, rng: inout RandomStream) -> [GaussianMixtureSampler.Component] {
        let m = dx + dy
        let k = rng.integer(in: 6...20)
        let amplitude = (0..<m).map { _ in rng.uniform(1, 3) }
        let frequency = (0..<m).map { _ in Double(rng.integer(in: 1...3)) }
        let phase = (0..<m).map { _ in rng.uniform(0, 2 * Double.pi) }
        let sigma = rng.uniform(0.05, 0.3) * amplitude.min()!
        var identity = [Double](repeating: 0, count: m * m)
        for i in 0..<m { identity[i * m + i] = sigma * sigma }
        return (0..<k).map { j in
            let t = 2 * Double.pi * Double(j) / Double(k)
            let mean = (0..<m).map { amplitude[$0] * sin(frequency[$0] * t + phase[$0]) }
            return .init(weight: 1, mean: mean, covariance: identity)
        }
    }
}
