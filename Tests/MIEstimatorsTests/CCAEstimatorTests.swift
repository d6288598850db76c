import Foundation
import MITensor
import XCTest
@testable import MIDistributions
@testable import MIEstimators

final class CCAEstimatorTests: XCTestCase {
    func sample(_ s: any JointSampler, _ n: Int, seed: UInt64) -> PairedSample {
        var rng = RandomStream(seed: seed)
        return PairedSample(values: s.sample(n, rng: &rng).map(Float.init), rows: n, dx: s.dx, dy: s.dy)
    }

    func testRecoversClosedFormOnLargeGaussianSamples() throws {
        for (dx, dy, structure) in [
            (1, 1, GaussianStructure.dense(rho: 0.75)), (3, 3, .dense(rho: 0.5)), (5, 2, .sparse(pairs: 2, strength: 2)),
            (2, 4, .lvm(.init(pairs: 1, alpha: 0.5, betaX: 0.3, betaY: 0.8, lambda: 1.2, epsilon: 1, eta: 0.5)))
        ] {
            let g = try GaussianSampler(dx: dx, dy: dy, structure: structure)
            let est = try CCAEstimator().estimate(sample(g, 100_000, seed: 3))
            // Bias ≈ dx·dy/(2n), standard error well under 0.01 at this n.
            XCTAssertEqual(est, g.mutualInformation, accuracy: 0.015, "\(dx)x\(dy) \(structure)")
        }
    }

    func testInvariances() throws {
        let g = try GaussianSampler(dx: 2, dy: 3, structure: .dense(rho: 0.3))
        let s = sample(g, 500, seed: 9)
        let base = try CCAEstimator().estimate(s)
        // Row permutation.
        var rng = RandomStream(seed: 1)
        var order = Array(0..<500)
        for i in stride(from: 499, to: 0, by: -1) { order.swapAt(i, rng.integer(in: 0...i)) }
        var permuted = [Float]()
        for r in order { permuted += s.values[(r * 5)..<(r * 5 + 5)] }
        XCTAssertEqual(try CCAEstimator().estimate(PairedSample(values: permuted, rows: 500, dx: 2, dy: 3)), base, accuracy: 1e-9)
        // X/Y swap.
        var swapped = [Float]()
        for r in 0..<500 {
            let start = r * 5
            swapped.append(contentsOf: s.values[(start + 2)..<(start + 5)])
            swapped.append(contentsOf: s.values[start..<(start + 2)])
        }
        XCTAssertEqual(try CCAEstimator().estimate(PairedSample(values: swapped, rows: 500, dx: 3, dy: 2)), base, accuracy: 1e-9)
        // Affine maps of each column.
        var scaled = s.values
        for i in scaled.indices {
            let a = Float(3.5 + 0.5 * Double(i % 5))
            scaled[i] = a * scaled[i] - 7
        }
        XCTAssertEqual(try CCAEstimator().estimate(PairedSample(values: scaled, rows: 500, dx: 2, dy: 3)), base, accuracy: 1e-5)
    }

    func testDegenerateInputsAreErrors() {
        XCTAssertThrowsError(try CCAEstimator().estimate(PairedSample(values: [1, 2, 3, 4], rows: 2, dx: 1, dy: 1)))
        XCTAssertThrowsError(try CCAEstimator().estimate(PairedSample(values: [1, 2, 1, 3, 1, 4, 1, 5], rows: 4, dx: 1, dy: 1)))
        // Collinear columns: Y duplicates X.
        XCTAssertThrowsError(try CCAEstimator().estimate(PairedSample(values: [1, 1, 2, 2, 3, 3, 5, 5], rows: 4, dx: 1, dy: 1)))
    }
}
