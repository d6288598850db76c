import Foundation
import MITensor
import XCTest
@testable import MIDistributions

/// The samplers draw what they claim.
final class SamplerTests: XCTestCase {
    func correlation(_ v: [Double], rows n: Int, width w: Int, _ i: Int, _ j: Int) -> Double {
        var mi = 0.0, mj = 0.0
        for r in 0..<n { mi += v[r * w + i]; mj += v[r * w + j] }
        mi /= Double(n); mj /= Double(n)
        var sij = 0.0, sii = 0.0, sjj = 0.0
        for r in 0..<n {
            let a = v[r * w + i] - mi, b = v[r * w + j] - mj
            sij += a * b; sii += a * a; sjj += b * b
        }
        return sij / (sii * sjj).squareRoot()
    }

    func testGaussianSampleCorrelationMatchesTarget() throws {
        let n = 40_000
        for structure in [
            GaussianStructure.dense(rho: 0.5), .sparse(pairs: 2, strength: 1.5),
            .lvm(.init(pairs: 1, alpha: 0.7, betaX: 0.5, betaY: 1.2, lambda: 1.3, epsilon: 1, eta: 0.4))
        ] {
            let s = try GaussianSampler(dx: 3, dy: 2, structure: structure)
            let target = try structure.correlation(dx: 3, dy: 2)
            var rng = RandomStream(seed: 11)
            let v = s.sample(n, rng: &rng)
            for i in 0..<5 {
                for j in (i + 1)..<5 {
                    let rho = target[i * 5 + j]
                    let se = (1 - rho * rho) / Double(n).squareRoot()
                    XCTAssertEqual(correlation(v, rows: n, width: 5, i, j), rho, accuracy: 5 * se, "\(structure) (\(i),\(j))")
                }
            }
        }
    }

    func testStudentMarginalsAreT() throws {
        // Unit dispersion diagonal: each coordinate is a standard t with ν degrees of freedom.
        let n = 20_000
        for (nu, cdf) in [
            (1.0, { (x: Double) in 0.5 + atan(x) / Double.pi }),
            (2.0, { (x: Double) in 0.5 + x / (2 * (2 + x * x).squareRoot()) })
        ] {
            let s = try StudentSampler(dx: 2, dy: 1, structure: .dense(rho: 0.4), dof: nu)
            var rng = RandomStream(seed: 5)
            let v = s.sample(n, rng: &rng)
            for col in 0..<3 {
                let xs = (0..<n).map { v[$0 * 3 + col] }.sorted()
                var d = 0.0
                for (i, x) in xs.enumerated() { let f = cdf(x); d = max(d, abs(f - Double(i) / Double(n)), abs(Double(i + 1) / Double(n) - f)) }
                XCTAssertLessThan(d, 1.63 / Double(n).squareRoot(), "ν=\(nu) column \(col)")
            }
        }
    }

    func testAdditiveNoiseIsWithinItsBand() throws {
        let s = try AdditiveUniformSampler(epsilons: [0.1, 0.5])
        var rng = RandomStream(seed: 3)
        let v = s.sample(5000, rng: &rng)
        for r in 0..<5000 {
            for j in 0..<2 {
                let x = v[r * 4 + j], y = v[r * 4 + 2 + j]
                XCTAssert(x > 0 && x < 1)
                XCTAssertLessThan(abs(y - x), [0.1, 0.5][j])
            }
        }
    }

    func testChunkedDrawsEqualOneDraw() throws {
        let s = try StudentSampler(dx: 2, dy: 3, structure: .dense(rho: 0.3), dof: 3)
        var a = RandomStream(seed: 8), b = RandomStream(seed: 8)
        let whole = s.sample(100, rng: &a)
        let parts = s.sample(37, rng: &b) + s.sample(63, rng: &b)
        XCTAssertEqual(whole, parts)
    }

    func testMonotoneTransformsAreStrictlyIncreasing() throws {
        // Φ saturates near 1 in Double beyond about 7.5, so the grid stops at ±7.
        let grid = stride(from: -7.0, through: 7.0, by: 0.01).map { $0 }
        for t in [Transform.halfCube, .asinh, .wiggly, .normalCDF, .bimodal] {
            XCTAssertTrue(t.isMonotone)
            for side in [Side.x, .y] {
                var previous = -Double.infinity
                for x in grid {
                    var out = 0.0
                    withUnsafePointer(to: x) { t.apply($0, dimension: 1, side: side, into: &out) }
                    XCTAssertGreaterThan(out, previous, "\(t) \(side) at \(x)")
                    previous = out
                }
            }
        }
    }

    func testBimodalHasTheMixtureMarginal() throws {
        // Φ(z) mapped through F⁻¹ must satisfy F(out) = Φ(z).
        for z in stride(from: -5.0, through: 5.0, by: 0.5) {
            var out = 0.0
            withUnsafePointer(to: z) { Transform.bimodal.apply($0, dimension: 1, side: .x, into: &out) }
            XCTAssertEqual(Transform.bimodalX.cdf(out), Special.normalCDF(z), accuracy: 1e-12)
        }
    }

    func testSpiralAndSwissrollAreInjective() throws {
        // Spiral preserves the norm, so rotating back by the same angle inverts it.
        var rng = RandomStream(seed: 2)
        for _ in 0..<100 {
            let v = (0..<3).map { _ in rng.normal() }
            var out = [Double](repeating: 0, count: 3)
            v.withUnsafeBufferPointer { Transform.spiral(speed: nil).apply($0.baseAddress!, dimension: 3, side: .y, into: &out) }
            let theta = v.reduce(0) { $0 + $1 * $1 } / 3
            let back1 = cos(theta) * out[1] + sin(theta) * out[2], back2 = -sin(theta) * out[1] + cos(theta) * out[2]
            XCTAssertEqual(back1, v[1], accuracy: 1e-12); XCTAssertEqual(back2, v[2], accuracy: 1e-12)
            XCTAssertEqual(out[0], v[0])
        }
        // Swiss roll: the radius t/21 grows with u, so u is recovered from the norm.
        var previous = 0.0
        for u in stride(from: 0.001, to: 1.0, by: 0.001) {
            var out = [0.0, 0.0]
            withUnsafePointer(to: u) { Transform.swissroll.apply($0, dimension: 1, side: .x, into: &out) }
            let r = (out[0] * out[0] + out[1] * out[1]).squareRoot()
            XCTAssertGreaterThan(r, previous)
            previous = r
        }
    }

    func testTransformChainDimensionsAndErrors() throws {
        let base = try GaussianSampler(dx: 1, dy: 1, structure: .dense(rho: 0.75))
        let roll = try TransformedSampler(base: base, steps: [TransformStep(.normalCDF), try TransformStep(parsing: "x:swissroll")])
        XCTAssertEqual(roll.dx, 2); XCTAssertEqual(roll.dy, 1)
        XCTAssertEqual(roll.mutualInformation, base.mutualInformation)
        XCTAssertThrowsError(try TransformedSampler(base: base, steps: [TransformStep(.spiral(speed: nil))]))
        XCTAssertThrowsError(try TransformedSampler(base: base, steps: [TransformStep(.rescale), TransformStep(.asinh)]))
        XCTAssertThrowsError(try Transform(parsing: "cube"))
    }

    func testSingleComponentMixtureMatchesClosedForm() throws {
        // One Gaussian component: the Monte Carlo PMI mean must agree with the exact MI.
        let c = try GaussianStructure.dense(rho: 0.6).correlation(dx: 2, dy: 1)
        let mix = try GaussianMixtureSampler(
            dx: 2, dy: 1, components: [.init(weight: 1, mean: [1, 2, 3], covariance: c)],
            monteCarloSamples: 50_000)
        let exact = try GaussianSampler(dx: 2, dy: 1, structure: .dense(rho: 0.6)).mutualInformation
        let se = try XCTUnwrap(mix.mutualInformationError)
        XCTAssertEqual(mix.mutualInformation, exact, accuracy: 5 * se)
        XCTAssertLessThan(se, 0.01)
    }
}
