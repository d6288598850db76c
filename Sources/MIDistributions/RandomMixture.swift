import MITensor

/// Random Gaussian mixtures over (X, Y): the multimodal, non-monotone shapes of dependence (BMI v2's
/// "bend and mix" kind) drawn with random parameters. K ∈ 2…5 components with weights ∝ U(0.5, 1.5);
/// component means a_k ~ N(0, s²·I) for X and b_k ~ N(0, s²·I) for Y, s ∈ [0.5, 3] (X and Y depend on
/// each other through the shared component); within a component an equicorrelation ρ ∈ [0, 0.8] with
/// the sign of the X–Y block flipped at random (so components can lean opposite ways, an X shape), and
/// scale σ_k ∈ [0.3, 1].
public enum RandomMixture {
    public static func draw(dx: Int, dy: Int, monteCarloSamples: Int, rng: inout RandomStream) throws -> GaussianMixtureSampler {
        let m = dx + dy
        let k = rng.integer(in: 2...5)
        let spread = rng.uniform(0.5, 3)
        var components: [GaussianMixtureSampler.Component] = []
        for _ in 0..<k {
            let weight = rng.uniform(0.5, 1.5)
            let mean = (0..<m).map { _ in spread * rng.normal() }
            let rho = rng.uniform(0, 0.8)
            let flip = rng.uniform() < 0.5 ? -1.0 : 1.0
            let sigma = rng.uniform(0.3, 1)
            var c = [Double](repeating: 0, count: m * m)
            for i in 0..<m {
                for j in 0..<m {
                    let crossing = (i < dx) != (j < dx)
                    c[i * m + j] = sigma * sigma * (i == j ? 1 : crossing ? flip * rho : rho)
                }
            }
            components.append(.init(weight: weight, mean: mean, covariance: c))
        }
        return try GaussianMixtureSampler(
            dx: dx, dy: dy, components: components, monteCarloSamples: monteCarloSamples, monteCarloSeed: rng.next())
    }
}
