// Flow layers against exact oracles: inverse(forward(x)) = x, the analytic log-determinant against
// log |det| of the finite-difference Jacobian, and finite-difference gradients.

import XCTest
import MITensor
@testable import MINeural

final class FlowTests: XCTestCase {
    override func setUp() { Tensor.setThreadCount(1) }

    /// A flow with every parameter moved away from its (identity) initialisation, so nothing is trivially
    /// invertible; values kept moderate so the maps are well conditioned.
    func randomizedFlow(dim: Int, mixing: InvertibleLinear.Kind, seed: UInt64) -> VectorFlow {
        var rng = RandomStream(seed: seed)
        let flow = VectorFlow(VectorFlowConfig(dim: dim, couplings: 3, hidden: 8, mixing: mixing), rng: &rng)
        for (_, p) in flow.parameters {
            p.assign(p.value + Tensor.randomUniform(p.shape, low: -0.3, high: 0.3, rng: &rng))
        }
        return flow
    }

    func testInverseOfForwardIsIdentity() {
        for (dim, mixing) in [(1, InvertibleLinear.Kind.lu), (2, .lu), (3, .permutation), (5, .lu), (6, .permutation)] {
            var rng = RandomStream(seed: UInt64(dim))
            let flow = randomizedFlow(dim: dim, mixing: mixing, seed: UInt64(10 + dim))
            let x = Tensor.randomNormal([64, dim], std: 2, rng: &rng)
            let z = withNoGrad { flow.forward(Variable(x)).z.value }
            let back = flow.inverse(z)
            let err = zip(back.scalars, x.scalars).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            XCTAssertLessThan(err, 1e-5, "dim \(dim) \(mixing)")
            // And the other way round: forward(inverse(z)) = z.
            let again = withNoGrad { flow.forward(Variable(back)).z.value }
            let err2 = zip(again.scalars, z.scalars).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            XCTAssertLessThan(err2, 1e-5, "dim \(dim) \(mixing)")
        }
    }

    func testEachLayerInverts() {
        var rng = RandomStream(seed: 3)
        let x = Tensor.randomNormal([32, 4], std: 3, rng: &rng)
        let sas = SinhArcsinh(dim: 4)
        sas.skew.assign(Tensor([0.5, -0.3, 0.1, 1.0], shape: [4])); sas.logTail.assign(Tensor([0.4, -0.5, 0.2, -0.1], shape: [4]))
        let lin = InvertibleLinear(dim: 4, kind: .lu)
        for (_, p) in lin.parameters { p.assign(Tensor.randomUniform(p.shape, low: -0.5, high: 0.5, rng: &rng)) }
        let act = ActNorm(dim: 4)
        act.initialize(from: x)
        for layer in [sas, lin, act] as [any FlowLayer] {
            let y = withNoGrad { layer.forward(Variable(x)).y.value }
            let back = layer.inverse(y)
            let err = zip(back.scalars, x.scalars).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            XCTAssertLessThan(err, 1e-5, "\(type(of: layer))")
        }
    }

    /// log |det ∂z/∂x| of the whole flow, per row, against the Jacobian from central differences (Double
    /// accumulation of float32 evaluations, h = 2e-3: small enough not to cross the couplings’ ReLU kinks, large enough over float32 rounding).
    func testLogDeterminantMatchesNumericJacobian() throws {
        for (dim, mixing) in [(1, InvertibleLinear.Kind.lu), (2, .lu), (3, .lu), (4, .permutation)] {
            var rng = RandomStream(seed: 20 + UInt64(dim))
            let flow = randomizedFlow(dim: dim, mixing: mixing, seed: UInt64(30 + dim))
            let x = Tensor.randomNormal([4, dim], rng: &rng)
            let analytic = withNoGrad { flow.forward(Variable(x)).logDet.value.scalars }
            let h: Float = 2e-3
            for row in 0..<4 {
                var jac = [Double](repeating: 0, count: dim * dim)  // jac[i*dim + j] = ∂z_i/∂x_j
                for j in 0..<dim {
                    var plus = x, minus = x
                    plus[row, j] += h; minus[row, j] -= h
                    let zp = withNoGrad { flow.forward(Variable(plus)).z.value }
                    let zm = withNoGrad { flow.forward(Variable(minus)).z.value }
                    for i in 0..<dim { jac[i * dim + j] = (Double(zp[row, i]) - Double(zm[row, i])) / Double(2 * h) }
                }
                let numeric = logAbsDet(jac, dim)
                XCTAssertEqual(Double(analytic[row]), numeric, accuracy: 2e-3 * max(1, abs(numeric)), "dim \(dim) row \(row)")
            }
        }
    }

    func testSinhArcsinhAndMixingGradients() {
        var rng = RandomStream(seed: 5)
        let x = Tensor.randomNormal([3, 3], std: 1.5, rng: &rng)
        let sas = SinhArcsinh(dim: 3)
        sas.skew.assign(Tensor([0.2, -0.4, 0.3], shape: [3])); sas.logTail.assign(Tensor([0.1, -0.2, 0.3], shape: [3]))
        checkGradients([x], parameters: sas.parameters, eps: 1e-3, rtol: 2e-2, atol: 2e-3) { v in
            let (y, ld) = sas.forward(v[0])
            return y.sum(axis: 1) + ld
        }
        let lin = InvertibleLinear(dim: 3, kind: .lu)
        for (_, p) in lin.parameters { p.assign(Tensor.randomUniform(p.shape, low: -0.5, high: 0.5, rng: &rng)) }
        checkGradients([x], parameters: lin.parameters, eps: 1e-3, rtol: 2e-2, atol: 2e-3) { v in
            let (y, ld) = lin.forward(v[0])
            return y.sum(axis: 1) + ld
        }
    }

    /// log |det A| by Gaussian elimination with partial pivoting (Double).
    func logAbsDet(_ a: [Double], _ n: Int) -> Double {
        var m = a, s = 0.0
        for c in 0..<n {
            let p = (c..<n).max { abs(m[$0 * n + c]) < abs(m[$1 * n + c]) }!
            if p != c { for k in 0..<n { m.swapAt(c * n + k, p * n + k) } }
            let d = m[c * n + c]
            s += log(abs(d))
            for r in (c + 1)..<max(n, c + 1) {
                let f = m[r * n + c] / d
                for k in c..<n { m[r * n + k] -= f * m[c * n + k] }
            }
        }
        return s
    }
}
