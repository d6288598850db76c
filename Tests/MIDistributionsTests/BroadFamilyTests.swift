// The broad prior's new pieces against oracles: rotations are orthogonal, residual flows are
// bi-Lipschitz (so invertible), a random mixture's Monte Carlo MI agrees with a slow quadrature,
// independent and padded samplers keep the MI they claim, and the meta-distribution's new families
// draw reproducibly within --max-mi, and a family listed twice is drawn twice as often.

import Foundation
import MITensor
import XCTest
@testable import MIDistributions

final class BroadFamilyTests: XCTestCase {
    func testRandomRotationIsOrthogonal() {
        var rng = RandomStream(seed: 1)
        for d in [1, 2, 7, 64] {
            let q = RandomRotation(dimension: d, rng: &rng).matrix
            for i in 0..<d {
                for j in 0..<d {
                    var dot = 0.0
                    for k in 0..<d { dot += q[i * d + k] * q[j * d + k] }
                    XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-10, "d=\(d) (\(i),\(j))")
                }
            }
        }
    }

    func testResidualFlowNeverBringsTwoPointsTogether() {
        // Each layer is R·(x + a·U·tanh(Wx + b)) with ‖W‖ ≤ 1, a < 1: distances shrink by at most
        // (1 − a) per layer, so distinct points stay distinct (the map is injective).
        var rng = RandomStream(seed: 2)
        for d in [1, 3, 16] {
            let f = ResidualFlow(dimension: d, layers: 3, rng: &rng)
            let bound = f.layers.reduce(1.0) { $0 * (1 - $1.gain) }
            for _ in 0..<200 {
                let a = (0..<d).map { _ in 2 * rng.normal() }, b = a.map { $0 + 0.1 * rng.normal() }
                var fa = [Double](repeating: 0, count: d), fb = fa
                f.apply(a, into: &fa); f.apply(b, into: &fb)
                let before = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                let after = zip(fa, fb).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                XCTAssertGreaterThanOrEqual(after, bound * before * (1 - 1e-9), "d=\(d)")
                XCTAssertLessThanOrEqual(after, 2 * 2 * 2 * before * (1 + 1e-9), "d=\(d)")  // Lip ≤ (1 + a)³ < 8
            }
        }
    }

    func testMixtureMonteCarloMIMatchesQuadrature() throws {
        // A 1 × 1 random mixture of each shape: MI = ∬ p log(p / (p_x p_y)) by the midpoint rule on a
        // fine grid, an independent computation of what the sampler's 10^5-draw Monte Carlo claims.
        for shape in RandomMixture.Shape.allCases {
            for seed: UInt64 in [3, 4, 5] {
                var rng = RandomStream(seed: seed)
                let s = try RandomMixture.draw(shape, dx: 1, dy: 1, monteCarloSamples: 100_000, rng: &rng)
                func normal(_ v: Double, _ mean: Double, _ variance: Double) -> Double {
                    exp(-0.5 * (v - mean) * (v - mean) / variance) / (2 * Double.pi * variance).squareRoot()
                }
                let total = s.components.reduce(0) { $0 + $1.weight }
                func joint(_ x: Double, _ y: Double) -> Double {
                    s.components.reduce(0) { acc, c in
                        let (sxx, sxy, syy) = (c.covariance[0], c.covariance[1], c.covariance[3])
                        let det = sxx * syy - sxy * sxy
                        let (u, v) = (x - c.mean[0], y - c.mean[1])
                        let q = (syy * u * u - 2 * sxy * u * v + sxx * v * v) / det
                        return acc + c.weight / total * exp(-0.5 * q) / (2 * Double.pi * det.squareRoot())
                    }
                }
                let reach = 7 * s.components.map { max($0.covariance[0], $0.covariance[3]).squareRoot() }.max()!
                let lo = s.components.map { min($0.mean[0], $0.mean[1]) }.min()! - reach
                let hi = s.components.map { max($0.mean[0], $0.mean[1]) }.max()! + reach
                let steps = 1500, h = (hi - lo) / Double(steps)
                let grid = (0..<steps).map { lo + (Double($0) + 0.5) * h }
                let px = grid.map { x in s.components.reduce(0) { $0 + $1.weight / total * normal(x, $1.mean[0], $1.covariance[0]) } }
                let py = grid.map { y in s.components.reduce(0) { $0 + $1.weight / total * normal(y, $1.mean[1], $1.covariance[3]) } }
                var mi = 0.0
                for (i, x) in grid.enumerated() {
                    for (j, y) in grid.enumerated() {
                        let p = joint(x, y)
                        if p > 1e-300 { mi += p * log(p / (px[i] * py[j])) * h * h }
                    }
                }
                let se = try XCTUnwrap(s.mutualInformationError)
                XCTAssertEqual(s.mutualInformation, mi, accuracy: 4 * se + 1e-3, "\(shape) seed \(seed): MC \(s.mutualInformation) ± \(se), quadrature \(mi)")
                XCTAssertGreaterThan(mi, 0.01, "\(shape) seed \(seed): a mixture shape with no dependence")
            }
        }
    }

    func testIndependentSamplerHasNoCorrelationAndZeroMI() throws {
        var rng = RandomStream(seed: 6)
        for kind in MarginalSampler.Kind.allCases {
            let s = IndependentSampler(
                x: try MarginalSampler(kind: kind, dimension: 2, rng: &rng), y: try MarginalSampler(kind: kind, dimension: 3, rng: &rng))
            XCTAssertEqual(s.mutualInformation, 0)
            let n = 20_000
            let v = s.sample(n, rng: &rng)
            // Spearman-free check: the Pearson correlation of every X–Y pair of coordinates is ~0
            // (student with ν < 2 has no variance: ranks instead).
            for i in 0..<2 {
                for j in 2..<5 {
                    let a = ranks((0..<n).map { v[$0 * 5 + i] }), b = ranks((0..<n).map { v[$0 * 5 + j] })
                    let r = zip(a, b).reduce(0) { $0 + ($1.0 - 0.5) * ($1.1 - 0.5) } / Double(n) * 12
                    XCTAssertEqual(r, 0, accuracy: 0.05, "\(kind) (\(i),\(j))")
                }
            }
        }
    }

    func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        for (k, i) in order.enumerated() { r[i] = (Double(k) + 0.5) / Double(v.count) }
        return r
    }

    func testPaddedSamplerKeepsTheBaseRowAndAddsNoise() throws {
        let base = try GaussianSampler(dx: 2, dy: 1, structure: .dense(rho: 0.5))
        let padded = PaddedSampler(base: base, extraX: 3, extraY: 2)
        XCTAssertEqual(padded.dx, 5); XCTAssertEqual(padded.dy, 3)
        XCTAssertEqual(padded.mutualInformation, base.mutualInformation)
        var r1 = RandomStream(seed: 7), r2 = r1
        let row = padded.sample(1, rng: &r1), plain = base.sample(1, rng: &r2)
        XCTAssertEqual([row[0], row[1], row[5]], plain)  // [x | noise_x | y | noise_y]
    }

    func testNewFamiliesDrawReproduciblyWithinTheirLimits() throws {
        var m = try MetaDistribution(
            families: MetaDistribution.wideFamilies + MetaDistribution.heldOutFamilies + MetaDistribution.heldOutShapeFamilies
                + MetaDistribution.calibrationFamilies)
        (m.sampleSize, m.dimension, m.independentDimensions) = (10...200, 1...40, true)
        (m.logUniformSize, m.logUniformDimension, m.maxMI, m.monteCarloSamples) = (true, true, 6, 500)
        for i in 0..<120 {
            var a = try m.draw(seed: 9, index: UInt64(i)), b = try m.draw(seed: 9, index: UInt64(i))
            XCTAssertLessThanOrEqual(a.sampler.mutualInformation, 6, a.family.description)
            XCTAssertTrue(a.sampler.mutualInformation >= 0 && a.sampler.mutualInformation.isFinite)
            XCTAssertTrue(m.sampleSize.contains(a.rows) && (1...40).contains(a.sampler.dx) || a.family.transforms.contains("swissroll"))
            XCTAssertEqual(a.sampler.sample(a.rows, rng: &a.rng), b.sampler.sample(b.rows, rng: &b.rng), a.family.description)
        }
        // The held-out families are in no training list.
        let held = Set(MetaDistribution.heldOutFamilies + MetaDistribution.heldOutShapeFamilies)
        XCTAssertTrue(held.isDisjoint(with: MetaDistribution.wideFamilies))
        // The calibration families are in no training list and neither held-out list.
        XCTAssertTrue(held.isDisjoint(with: MetaDistribution.calibrationFamilies))
        XCTAssertTrue(Set(MetaDistribution.calibrationFamilies).isDisjoint(with: MetaDistribution.wideFamilies))
        XCTAssertEqual(MetaDistribution.familyList("calibration"), MetaDistribution.calibrationFamilies)
        XCTAssertTrue(Set(MetaDistribution.broadFamilies).isSubset(of: MetaDistribution.wideFamilies))
    }

    func testAFamilyListedTwiceIsDrawnTwiceAsOften() throws {
        // The stage-5 priors weight independence and plain Gaussians by listing them twice: a draw
        // picks uniformly from the list, so "indep-normal-base" twice and "normal-dense-base" once
        // give 2/3 and 1/3. 3000 draws: the binomial standard deviation of the share is 0.0086, and
        // the bound below is 4.6 of them.
        let m = try MetaDistribution(families: ["indep-normal-base", "normal-dense-base", "indep-normal-base"])
        let draws = 3000
        let independent = try (0..<draws).filter { try m.draw(seed: 4, index: UInt64($0)).family.base == "indep" }.count
        XCTAssertEqual(Double(independent) / Double(draws), 2.0 / 3.0, accuracy: 0.04)
        XCTAssertEqual(MetaDistribution.familyList("broad,indep-normal-base").count, MetaDistribution.broadFamilies.count + 1)
    }
}
