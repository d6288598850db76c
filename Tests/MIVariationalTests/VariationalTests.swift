// The variational estimators against closed-form Gaussian MI, independence and small samples; the
// bounds' values against direct computations on a fixed score matrix.

import Foundation
import MITensor
import XCTest
@testable import MIDistributions
@testable import MIEstimators
@testable import MINeural
@testable import MIVariational

final class VariationalTests: XCTestCase {
    override func setUp() {
        Tensor.setThreadCount(1)
        Allocator.retainFreedMemory()  // as the tools do for a network
    }

    func sample(_ s: any JointSampler, _ n: Int, seed: UInt64) -> PairedSample {
        var rng = RandomStream(seed: seed)
        return PairedSample(values: s.sample(n, rng: &rng).map(Float.init), rows: n, dx: s.dx, dy: s.dy)
    }

    func testBoundsOnAFixedScoreMatrixMatchTheirFormulas() {
        // S for B = 3, each bound written out by hand (Double) against the Variable code.
        let s: [Double] = [1.0, -0.5, 0.25, 0.3, 2.0, -1.0, -0.2, 0.7, 1.5]
        let b = 3
        let layout = ScoreLayout(size: b)
        let v = Variable(Tensor(s.map(Float.init), shape: [b, b]))
        let diag = (0..<b).map { s[$0 * b + $0] }.reduce(0, +) / 3
        let off = (0..<9).filter { $0 / b != $0 % b }.map { s[$0] }
        let dv = diag - log(off.map(exp).reduce(0, +) / 6)
        let nwj = diag - off.map { exp($0 - 1) }.reduce(0, +) / 6
        let nce = (0..<b).map { i in s[i * b + i] - log((0..<b).map { exp(s[i * b + $0]) }.reduce(0, +) / 3) }.reduce(0, +) / 3
        let tau = 0.6
        let smile = diag - log(off.map { exp(min(max($0, -tau), tau)) }.reduce(0, +) / 6)
        let expected: [VariationalBound: Double] = [.dv: dv, .mine: dv, .nwj: nwj, .infonce: nce, .smile: smile]
        for (bound, want) in expected {
            XCTAssertEqual(Double(bound.value(v, layout, tau: Float(tau)).value.scalar), want, accuracy: 1e-5, bound.rawValue)
        }
        // InfoNCE never exceeds log B, whatever the scores.
        let big = Variable(Tensor((0..<9).map { $0 % 4 == 0 ? 50 : -50 }, shape: [3, 3]))
        XCTAssertLessThanOrEqual(Double(VariationalBound.infonce.value(big, layout, tau: 5).value.scalar), log(3) + 1e-5)
    }

    func config(_ bound: VariationalBound, steps: Int = 1500) -> VariationalConfiguration {
        var c = VariationalConfiguration()
        c.bound = bound
        c.steps = steps
        c.batchSize = 64
        c.learningRate = 0.01
        c.hidden = [32, 32]
        c.evaluateEvery = 100
        return c
    }

    /// The critic's scores (first layer split into X's and Y's parts) against the MLP on the B²
    /// concatenated pairs, values and parameter gradients, with S_ij = T(x_i, y_j).
    func testCriticScoresAreTheMLPOnEveryPair() {
        var rng = RandomStream(seed: 8)
        let critic = Critic(dx: 2, dy: 3, hidden: [5, 4], rng: &rng)
        let b = 4
        let x = Tensor.randomNormal([b, 2], rng: &rng), y = Tensor.randomNormal([b, 3], rng: &rng)
        let weights = Variable(Tensor.randomNormal([b, b], rng: &rng))
        func gradients(_ scores: () -> Variable) -> (value: Tensor, grads: [Tensor]) {
            critic.zeroGrad()
            let s = scores()
            (s * weights).sum().backward()
            return (s.value, critic.parameters.map { $0.value.grad! })
        }
        let fast = gradients { critic.scores(x: Variable(x), y: Variable(y), layout: ScoreLayout(size: b)) }
        let slow = gradients {
            let pairs = Variable.concat(
                [Variable(x).gatherRows((0..<(b * b)).map { $0 / b }), Variable(y).gatherRows((0..<(b * b)).map { $0 % b })], axis: 1)
            return critic.network(pairs).reshaped([b, b])
        }
        XCTAssertEqual(fast.value.shape, [b, b])
        for (p, q) in zip(fast.value.scalars, slow.value.scalars) { XCTAssertEqual(p, q, accuracy: 1e-5) }
        for (g, h) in zip(fast.grads, slow.grads) {
            for (p, q) in zip(g.scalars, h.scalars) { XCTAssertEqual(p, q, accuracy: 1e-5) }
        }
        // S_ij is T(x_i, y_j): row 1, column 2 from the MLP on [x_1, y_2] alone.
        let one = critic.network(Variable.concat([Variable(x).gatherRows([1]), Variable(y).gatherRows([2])], axis: 1)).value.scalars[0]
        XCTAssertEqual(fast.value.scalars[1 * b + 2], one, accuracy: 1e-5)
        // MINE's paired scores T(x_i, y_i) are the score matrix's diagonal.
        let paired = critic.paired(x: Variable(x), y: Variable(y)).value.scalars
        for i in 0..<b { XCTAssertEqual(paired[i], fast.value.scalars[i * b + i], accuracy: 1e-5) }
    }

    func testABoundFarBelowZeroIsRefused() throws {
        let nwj = try XCTUnwrap(VariationalMethods.make("nwj", base: VariationalConfiguration()))
        XCTAssertEqual(try nwj.refusingFarBelowZero(-0.4), -0.4, "a bound a little below 0 is an estimate (of about 0)")
        XCTAssertThrowsError(try nwj.refusingFarBelowZero(-6.2e15)) { error in
            XCTAssertTrue("\(error)".contains("nwj: the held-out bound is -6.2e+15, far below the 0 of a constant critic"), "\(error)")
        }
    }

    func testMINEsMovingAverageDividesTheMarginalGradient() {
        // The loss −(mean T_p − mean e^{T_q} / a): its gradient in T_q is −e^{T_q} / (B a), with a the
        // running mean of e^{T_q}: the batch's own mean at the first step, then 0.9 old + 0.1 new.
        let joint = Variable(Tensor([0.5, 1.0], shape: [2]), requiresGrad: true)
        let marginal = Variable(Tensor([0.0, Float(log(3.0))], shape: [2]), requiresGrad: true)
        var average: Double?
        VariationalBound.mineLoss(joint: joint, marginal: marginal, movingAverage: &average).backward()
        XCTAssertEqual(average!, 2, accuracy: 1e-6)
        XCTAssertEqual(marginal.grad!.scalars, [0.25, 0.75].map { Float($0) }, "e^T / (B · 2)")
        XCTAssertEqual(joint.grad!.scalars, [-0.5, -0.5])
        let m2 = Variable(Tensor([Float(log(12.0)), Float(log(12.0))], shape: [2]), requiresGrad: true)
        _ = VariationalBound.mineLoss(joint: joint, marginal: m2, movingAverage: &average)
        XCTAssertEqual(average!, 0.9 * 2 + 0.1 * 12, accuracy: 1e-5)
    }

    func testEveryBoundRecoversAGaussiansMI() throws {
        // 1 × 1 (ρ = 0.8, MI 0.511), 5 × 5 dense (ρ = 0.2, MI 0.185) and 5 × 5 sparse (two pairs at
        // strength 1, MI 0.288) at n = 4000. These bounds are biased down; the errors measured here
        // are 0.02–0.035, 0.035–0.045 and 0.04–0.06 nats, and the tolerances about twice that.
        let cases: [(any JointSampler, Double)] = [
            (try GaussianSampler(dx: 1, dy: 1, structure: .dense(rho: 0.8)), 0.08),
            (try GaussianSampler(dx: 5, dy: 5, structure: .dense(rho: 0.2)), 0.08),
            (try GaussianSampler(dx: 5, dy: 5, structure: .sparse(pairs: 2, strength: 1)), 0.12)
        ]
        for (g, tolerance) in cases {
            let s = sample(g, 4000, seed: 3).standardized()
            for bound in VariationalBound.allCases {
                let mi = try VariationalTrainer(config(bound)).fit(s).mi
                XCTAssertEqual(mi, g.mutualInformation, accuracy: tolerance, "\(bound) on \(g.dx)×\(g.dy): \(mi) for \(g.mutualInformation)")
            }
        }
    }

    func testIndependentDataGivesAboutZeroAndSmallSamplesGiveNumbers() throws {
        var r = RandomStream(seed: 4)
        let indep = IndependentSampler(
            x: try MarginalSampler(kind: .normal, dimension: 2, rng: &r), y: try MarginalSampler(kind: .normal, dimension: 2, rng: &r))
        let s = sample(indep, 2000, seed: 5).standardized()
        for bound in VariationalBound.allCases {
            let mi = try VariationalTrainer(config(bound, steps: 800)).fit(s).mi
            XCTAssertEqual(mi, 0, accuracy: 0.05, "\(bound) on independent data: \(mi)")
        }
        // n = 20: batches of 10, a finite number (BMI's defaults give NaN below 512 rows).
        let g = try GaussianSampler(dx: 1, dy: 1, structure: .dense(rho: 0.5))
        let small = sample(g, 20, seed: 6).standardized()
        for bound in VariationalBound.allCases {
            let mi = try VariationalTrainer(config(bound, steps: 200)).fit(small).mi
            XCTAssertTrue(mi.isFinite, "\(bound) at n = 20: \(mi)")
        }
        XCTAssertThrowsError(try VariationalTrainer(config(.dv)).fit(sample(g, 7, seed: 7)))
    }

    func testSameSeedSameEstimateAndInfoNCEsCeilingIsSaid() throws {
        let g = try GaussianSampler(dx: 1, dy: 1, structure: .dense(rho: 0.5))
        let s = sample(g, 500, seed: 8)
        var c = config(.nwj, steps: 300)
        let a = try VariationalEstimator(c).estimate(s), b = try VariationalEstimator(c).estimate(s)
        XCTAssertEqual(a, b)
        c.seed = 1
        XCTAssertNotEqual(a, try VariationalEstimator(c).estimate(s))
        // Strong dependence (MI 3.3) with batches of 8: InfoNCE sits at log 8 = 2.08, and says so.
        let strong = try GaussianSampler(dx: 1, dy: 1, structure: .dense(rho: 0.9993))
        var nce = config(.infonce, steps: 600)
        nce.batchSize = 8
        let e = VariationalEstimator(nce)
        let t = sample(strong, 400, seed: 9)
        let mi = try e.estimate(t)
        XCTAssertLessThanOrEqual(mi, log(8) + 1e-6)
        XCTAssertNotNil(e.caveat(t, estimate: mi), "estimate \(mi)")
        XCTAssertNil(e.caveat(t, estimate: 0.5))
    }
}
