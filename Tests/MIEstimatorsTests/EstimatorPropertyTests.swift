import Foundation
import MITensor
import XCTest
@testable import MIDistributions
@testable import MIEstimators

/// Closed-form checks and the invariances each method should have.
final class EstimatorPropertyTests: XCTestCase {
    let all: [any MIEstimator] = [
        KSGEstimator(neighbors: [5]), KSGEstimator(neighbors: [4], variant: 2, norm: .max),
        CCAEstimator(), GaussianCopulaEstimator(), HistogramEstimator(), KDEEstimator(),
        KDEEstimator(kernel: .gaussian)
    ]

    func rows(_ s: PairedSample, _ order: [Int]) -> PairedSample {
        var v = [Float]()
        for r in order { v += s.values[(r * s.width)..<((r + 1) * s.width)] }
        return PairedSample(values: v, rows: order.count, dx: s.dx, dy: s.dy)
    }

    func swapped(_ s: PairedSample) -> PairedSample {
        var v = [Float]()
        for r in 0..<s.rows {
            let start = r * s.width
            v += s.values[(start + s.dx)..<(start + s.width)]
            v += s.values[start..<(start + s.dx)]
        }
        return PairedSample(values: v, rows: s.rows, dx: s.dy, dy: s.dx)
    }

    func testGaussianCopulaAndCCAEqualClosedFormOnLargeSamples() throws {
        for (dx, dy, rho) in [(1, 1, 0.8), (2, 3, 0.4), (4, 4, 0.25)] {
            let (s, truth) = try gaussianSample(dx: dx, dy: dy, rho: rho, n: 50_000, seed: UInt64(dx + 7 * dy))
            // Standard error of the Gaussian plug-in at n = 50000 is below 0.005 here; bias dx·dy/(2n).
            XCTAssertEqual(try CCAEstimator().estimate(s), truth, accuracy: 0.015, "cca \(dx)x\(dy)")
            XCTAssertEqual(try GaussianCopulaEstimator().estimate(s), truth, accuracy: 0.015, "gc \(dx)x\(dy)")
        }
    }

    func testGaussianCopulaIsInvariantToMonotoneTransforms() throws {
        let (s, _) = try gaussianSample(dx: 2, dy: 2, rho: 0.5, n: 800, seed: 3)
        var t = s.values
        for i in t.indices {
            switch i % 4 {
            case 0: t[i] = exp(t[i])
            case 1: t[i] = t[i] * t[i] * t[i]
            case 2: t[i] = atan(t[i]) * 5 - 2
            default: t[i] = -t[i] * 3  // decreasing: ranks reverse, and so does the sign of correlations
            }
        }
        let base = try GaussianCopulaEstimator().estimate(s)
        XCTAssertEqual(try GaussianCopulaEstimator().estimate(PairedSample(values: t, rows: 800, dx: 2, dy: 2)), base, accuracy: 1e-12)
    }

    func testEveryMethodIsInvariantToRowOrderAndSymmetricInXAndY() throws {
        let (s, _) = try gaussianSample(dx: 2, dy: 1, rho: 0.5, n: 600, seed: 11)
        var rng = RandomStream(seed: 2)
        var order = Array(0..<600)
        for i in stride(from: 599, to: 0, by: -1) { order.swapAt(i, rng.integer(in: 0...i)) }
        for m in all {
            let base = try m.estimate(s)
            XCTAssertGreaterThan(base, 0, m.name)
            XCTAssertEqual(try m.estimate(rows(s, order)), base, accuracy: 1e-9, "\(m.name): row order")
            XCTAssertEqual(try m.estimate(swapped(s)), base, accuracy: 1e-9, "\(m.name): X/Y swap")
        }
    }

    func testKSGIsInvariantToPerColumnAffineMaps() throws {
        // KSG standardizes each column, so scaling and shifting a column changes nothing but rounding.
        let (s, _) = try gaussianSample(dx: 1, dy: 2, rho: 0.5, n: 500, seed: 12)
        let t = PairedSample(values: s.values.enumerated().map { i, v in v * Float(1 + i % 3) * 4 + Float(i % 3) }, rows: 500, dx: 1, dy: 2)
        XCTAssertEqual(try KSGEstimator().estimate(t), try KSGEstimator().estimate(s), accuracy: 1e-3)
    }

    func testIndependentDataGivesSmallEstimates() throws {
        let (s, _) = try gaussianSample(dx: 1, dy: 1, rho: 0, n: 4000, seed: 13)
        for m in all where m.name != "kde" {
            XCTAssertLessThan(try m.estimate(s), 0.02, m.name)
        }
    }

    func testHistogramMatchesAHandCountedTable() throws {
        // Two bins per column: x in {0, 1}, y in {0, 1} with counts (00: 3, 01: 1, 10: 1, 11: 3).
        let pairs: [(Float, Float)] = [(0, 0), (0, 0), (0, 0), (0, 1), (1, 0), (1, 1), (1, 1), (1, 1)]
        let s = PairedSample(values: pairs.flatMap { [$0.0, $0.1] }, rows: 8, dx: 1, dy: 1)
        let expected = 2 * (3.0 / 8 * log(3.0 / 8 / 0.25)) + 2 * (1.0 / 8 * log(1.0 / 8 / 0.25))
        XCTAssertEqual(try HistogramEstimator(bins: 2).estimate(s), expected, accuracy: 1e-12)
    }

    func testMethodsSayWhenTheyCannotEstimate() throws {
        let (s, _) = try gaussianSample(dx: 5, dy: 5, rho: 0.3, n: 50, seed: 1)
        XCTAssertThrowsError(try HistogramEstimator().estimate(s)) { XCTAssertTrue("\($0)".contains("cells"), "\($0)") }
        let tiny = PairedSample(values: [1, 2, 3, 4], rows: 2, dx: 1, dy: 1)
        XCTAssertThrowsError(try CCAEstimator().estimate(tiny))
        XCTAssertThrowsError(try GaussianCopulaEstimator().estimate(tiny))
        XCTAssertThrowsError(try KSGEstimator().estimate(tiny))
        let constant = PairedSample(values: [Float](repeating: 1, count: 40), rows: 20, dx: 1, dy: 1)
        XCTAssertThrowsError(try GaussianCopulaEstimator().estimate(constant))
    }

    func testRegistryKnowsEveryMethod() throws {
        for name in EstimatorRegistry.names { XCTAssertEqual(try EstimatorRegistry.make(name).name, name) }
        XCTAssertThrowsError(try EstimatorRegistry.make("nope"))
    }

    func testQuantilesAndPValues() {
        XCTAssertEqual(Resampling.quantile([1, 2, 3, 4, 5], 0.5), 3)
        XCTAssertEqual(Resampling.quantile([1, 2, 3, 4, 5], 0.1), 1.4, accuracy: 1e-12)
        XCTAssertEqual(Resampling.quantile([1, 2], 1), 2)
        XCTAssertEqual(Resampling.pValue(observed: 0.5, null: [0.1, 0.6, 0.2, 0.5]), 3.0 / 5)
    }

    func testResamplingIsReproducibleAndAPermutationKeepsTheMarginals() throws {
        let (s, _) = try gaussianSample(dx: 1, dy: 1, rho: 0.9, n: 200, seed: 2)
        let rng = RandomStream(seed: 9)
        XCTAssertEqual(Resampling.bootstrap(s, rng: rng.child(3)).values, Resampling.bootstrap(s, rng: rng.child(3)).values)
        let p = Resampling.permuteY(s, rng: rng.child(1))
        XCTAssertEqual(stride(from: 0, to: 400, by: 2).map { p.values[$0] }, stride(from: 0, to: 400, by: 2).map { s.values[$0] })
        XCTAssertEqual(stride(from: 1, to: 400, by: 2).map { p.values[$0] }.sorted(), stride(from: 1, to: 400, by: 2).map { s.values[$0] }.sorted())
        XCTAssertLessThan(try CCAEstimator().estimate(p), 0.05)
    }
}
