// The MIENF model (Butakov et al., "Mutual information estimation via normalizing flows"): one flow per
// variable, z_x = f_X(x), z_y = f_Y(y), and the tridiagonal Gaussian base of tridiag-N-MIENF (§4.3,
// Definition 4.11): unit variances, identity within-block correlation, and correlation ρ_j between
// z_x,j and z_y,j for j < k = min(dx, dy), ρ_j = tanh θ_j.
//
// The base log-density splits into independent 1-D and 2-D Gaussian terms; with ρ = tanh θ
// (1 − ρ² = sech²θ, ρ/(1 − ρ²) = ½ sinh 2θ, ρ²/(1 − ρ²) = sinh²θ), a pair (a, b) contributes
//   log N₂(a, b; ρ) = log N(a) + log N(b) + log cosh θ − ½ sinh²θ·(a² + b²) + ½ sinh 2θ·a·b,
// so the pointwise mutual information of the base is the last three terms, and
//   I(z_x; z_y) = Σ_j −½ log(1 − ρ_j²) = Σ_j log cosh θ_j        (Corollary 4.12).
// No matrix inverse, no determinant; the MI is invariant under the flows (Theorem 2.1).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MINeural
import MITensor

public struct FlowPair: Module {
    public let fx: VectorFlow
    public let fy: VectorFlow
    /// θ (k), k = min(dx, dy); ρ_j = tanh θ_j. Zero (independence) for a marginal fit.
    public let theta: Variable

    public init(x: VectorFlowConfig, y: VectorFlowConfig, rng: inout RandomStream) {
        var rx = rng.child(1), ry = rng.child(2)
        fx = VectorFlow(x, rng: &rx)
        fy = VectorFlow(y, rng: &ry)
        theta = Variable(Tensor.zeros([min(x.dim, y.dim)]), requiresGrad: true)
        _ = rng.next()
    }

    public var ownParameters: [(name: String, value: Variable)] { [("theta", theta)] }
    public var children: [(name: String, module: any Module)] { [("x", fx), ("y", fy)] }

    public var dx: Int { fx.config.dim }
    public var dy: Int { fy.config.dim }
    public var pairs: Int { theta.shape[0] }

    /// I of the base = Σ log cosh θ_j (nats).
    public var baseMutualInformation: Double {
        theta.value.scalars.reduce(0.0) { s, t in
            let a = Swift.abs(Double(t))
            return s + a + Glibc.log1p(Glibc.exp(-2 * a)) - Glibc.log(2.0)
        }
    }

    /// Per row: the base PMI log q(z_x, z_y)/(q(z_x) q(z_y)) (N).
    public func pointwiseMI(zx: Variable, zy: Variable) -> Variable {
        let k = pairs
        let a = zx.slice(axis: 1, 0..<k), b = zy.slice(axis: 1, 0..<k)
        let s = theta.sinh()
        let terms = theta.logCosh() - 0.5 * (s * s) * (a * a + b * b) + 0.5 * (2 * theta).sinh() * (a * b)
        return terms.sum(axis: 1)
    }

    /// Per row: log p(x, y) = log q(f_X(x), f_Y(y)) + log|det J_fX| + log|det J_fY| (N), and the base PMI.
    public func logLikelihood(x: Variable, y: Variable) -> (logp: Variable, pmi: Variable) {
        let (zx, ldx) = fx.forward(x)
        let (zy, ldy) = fy.forward(y)
        let halfLog2Pi = Float(0.5 * Glibc.log(2 * Double.pi))
        // Σ over all coordinates of log N(z; 0, 1).
        let marginal = -0.5 * ((zx * zx).sum(axis: 1) + (zy * zy).sum(axis: 1)) - Float(dx + dy) * halfLog2Pi
        let pmi = pointwiseMI(zx: zx, zy: zy)
        return (marginal + pmi + ldx + ldy, pmi)
    }

    /// Latents of rows of x (N, dx) and y (N, dy), no graph.
    public func latents(x: Tensor, y: Tensor) -> (zx: Tensor, zy: Tensor) {
        withNoGrad { (fx.forward(Variable(x)).z.value, fy.forward(Variable(y)).z.value) }
    }
}
