// MIENF against closed-form Gaussian MI, and the MI invariance of flow-mapped data (mi-flow apply).

import Foundation
import MITensor
import XCTest
@testable import MIDistributions
@testable import MIEstimators
@testable import MIFlows
@testable import MINeural

final class MIENFTests: XCTestCase {
    override func setUp() { Tensor.setThreadCount(1) }

    func sample(_ s: any JointSampler, _ n: Int, seed: UInt64) -> PairedSample {
        var rng = RandomStream(seed: seed)
        return PairedSample(values: s.sample(n, rng: &rng).map(Float.init), rows: n, dx: s.dx, dy: s.dy)
    }

    /// tridiag recovers the MI of Gaussian data within its reported 95 % interval: dense, sparse, dx ≠ dy.
    func testTridiagRecoversGaussianMIWithinItsInterval() throws {
        let cases: [(Int, Int, GaussianStructure)] = [
            (3, 3, .dense(rho: 0.5)), (5, 5, .sparse(pairs: 2, strength: 2)), (4, 2, .dense(rho: 0.4)),
            (2, 5, .sparse(pairs: 2, strength: 1)), (1, 1, .dense(rho: 0.8))
        ]
        for (i, (dx, dy, structure)) in cases.enumerated() {
            let g = try GaussianSampler(dx: dx, dy: dy, structure: structure)
            var c = MIENFConfiguration()
            c.seed = UInt64(i)
            let r = try MIENFTrainer(c).fit(sample(g, 2000, seed: 100 + UInt64(i)))
            let (lo, hi) = r.interval
            XCTAssertTrue(
                lo <= g.mutualInformation && g.mutualInformation <= hi,
                "\(dx)x\(dy) \(structure): true \(g.mutualInformation), estimate \(r.mi) [\(lo), \(hi)]")
            XCTAssertEqual(r.mi, g.mutualInformation, accuracy: 0.15, "\(dx)x\(dy) \(structure)")
        }
    }

    func testGaussReadoutAndRegistry() throws {
        let g = try GaussianSampler(dx: 2, dy: 2, structure: .dense(rho: 0.6))
        let est = try XCTUnwrap(MIENFMethods.make("mienf-gauss"))
        XCTAssertEqual(est.name, "mienf-gauss")
        XCTAssertEqual(try est.estimate(sample(g, 2000, seed: 7)), g.mutualInformation, accuracy: 0.15)
        XCTAssertEqual(MIENFMethods.make("mienf")?.name, "mienf")
        XCTAssertThrowsError(try XCTUnwrap(MIENFMethods.make("mienf")).estimate(PairedSample(values: [1, 2], rows: 1, dx: 1, dy: 1)))
    }

    /// Gaussian-copula MI: ranks → normal scores → Gaussian MI (CCA). Invariant under any increasing map
    /// of each coordinate (the ranks do not change), so it is an exact oracle for monotone flows.
    func copulaMI(_ s: PairedSample) throws -> Double {
        var v = s.values
        let w = s.width
        for j in 0..<w {
            let order = (0..<s.rows).sorted { s.values[$0 * w + j] < s.values[$1 * w + j] }
            for (rank, r) in order.enumerated() {
                v[r * w + j] = Float(Special.normalQuantile((Double(rank) + 1) / Double(s.rows + 1)))
            }
        }
        return try CCAEstimator().estimate(PairedSample(values: v, rows: s.rows, dx: s.dx, dy: s.dy))
    }

    /// mi-flow apply preserves MI. Choice of oracle (documented in the issue notes):
    /// - 1-D variables: the flow is ActNorm (positive scale) ∘ sinh-arcsinh (increasing), so it is increasing
    ///   per coordinate and the copula MI of the mapped sample equals that of the input up to float ties;
    ///   it also stays within sampling error of the closed-form truth.
    /// - d ≥ 2: couplings are not per-coordinate monotone, so the check is exact invertibility:
    ///   f(f⁻¹(z)) = z on the pushed sample (an invertible map preserves MI, Theorem 2.1 of MIENF).
    func testApplyPreservesMI() throws {
        // Fit marginal flows to a skewed, heavy-tailed target (θ fixed at 0: independent base).
        let target = try TransformedSampler(
            base: StudentSampler(dx: 1, dy: 1, structure: .dense(rho: 0.3), dof: 3),
            steps: [TransformStep(parsing: "half-cube")])
        var c = MIENFConfiguration()
        c.correlated = false
        c.epochs = 40
        let fitted = try MIENFTrainer(c).fit(sample(target, 1500, seed: 11)).model
        XCTAssertEqual(fitted.theta.value.scalars, [0])
        let g = try GaussianSampler(dx: 1, dy: 1, structure: .dense(rho: 0.7))
        let gs = sample(g, 20000, seed: 12)
        let (x, y) = MIENFTrainer.columns(gs)
        let (fx, fy) = (fitted.fx.inverse(x), fitted.fy.inverse(y))
        var mapped = [Float]()
        for i in 0..<gs.rows { mapped += [fx[i, 0], fy[i, 0]] }
        XCTAssertNotEqual(mapped, gs.values)
        let before = try copulaMI(gs), after = try copulaMI(PairedSample(values: mapped, rows: gs.rows, dx: 1, dy: 1))
        XCTAssertEqual(after, before, accuracy: 1e-3)
        XCTAssertEqual(after, g.mutualInformation, accuracy: 0.03)

        // d = 3: exact invertibility of the pushed sample.
        let g3 = try GaussianSampler(dx: 3, dy: 3, structure: .dense(rho: 0.4))
        let t3 = try TransformedSampler(base: g3, steps: [TransformStep(parsing: "asinh")])
        let f3 = try MIENFTrainer(c).fit(sample(t3, 1000, seed: 13)).model
        let (x3, y3) = MIENFTrainer.columns(sample(g3, 500, seed: 14))
        let (px, py) = (f3.fx.inverse(x3), f3.fy.inverse(y3))
        let (bx, by) = f3.latents(x: px, y: py)
        for (a, b) in [(bx, x3), (by, y3)] {
            let err = zip(a.scalars, b.scalars).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            XCTAssertLessThan(err, 1e-4)
        }
    }
}
