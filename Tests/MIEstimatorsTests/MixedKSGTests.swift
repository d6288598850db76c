// ksg-mixed against closed forms: a binary symmetric channel (purely discrete), a discrete X with a
// continuous Y, and a Gaussian pair (where it must agree with the truth as KSG does).

import Foundation
import MITensor
import XCTest
@testable import MIEstimators

final class MixedKSGTests: XCTestCase {
    func testBinarySymmetricChannel() throws {
        // X ~ Bernoulli(1/2), Y = X flipped with probability p: I = log 2 + p log p + (1 − p) log(1 − p).
        var rng = RandomStream(seed: 1)
        let n = 4000, p = 0.1
        var v: [Float] = []
        for _ in 0..<n {
            let x: Float = rng.uniform() < 0.5 ? 0 : 1
            v += [x, rng.uniform() < p ? 1 - x : x]
        }
        let truth = log(2) + p * log(p) + (1 - p) * log(1 - p)
        let mi = try MixedKSGEstimator().estimate(PairedSample(values: v, rows: n, dx: 1, dy: 1))
        XCTAssertEqual(mi, truth, accuracy: 0.02)
    }

    func testDiscreteXWithGaussianY() throws {
        // X uniform on {0, 1, 2, 3}, Y = X + N(0, σ²) with σ = 0.3: classes well apart, so
        // I ≈ H(X) − (small overlap); the exact value by quadrature of the mixture density.
        var rng = RandomStream(seed: 2)
        let n = 5000, sigma = 0.3
        var v: [Float] = []
        for _ in 0..<n {
            let x = Double(rng.integer(in: 0...3))
            v += [Float(x), Float(x + sigma * rng.normal())]
        }
        func phi(_ t: Double) -> Double { exp(-0.5 * t * t / (sigma * sigma)) / (sigma * (2 * Double.pi).squareRoot()) }
        var hy = 0.0
        let h = 0.001
        for t in stride(from: -3.0, through: 6.0, by: h) {
            let p = (0..<4).reduce(0) { $0 + 0.25 * phi(t - Double($1)) }
            if p > 0 { hy -= p * log(p) * h }
        }
        let truth = hy - (0.5 * log(2 * Double.pi * M_E * sigma * sigma))  // h(Y) − h(Y | X)
        let mi = try MixedKSGEstimator().estimate(PairedSample(values: v, rows: n, dx: 1, dy: 1))
        XCTAssertEqual(mi, truth, accuracy: 0.04, "truth \(truth)")
    }

    func testContinuousGaussianPair() throws {
        var rng = RandomStream(seed: 3)
        let n = 3000, rho = 0.75
        var v: [Float] = []
        for _ in 0..<n {
            let a = rng.normal(), b = rng.normal()
            v += [Float(a), Float(rho * a + (1 - rho * rho).squareRoot() * b)]
        }
        let mi = try MixedKSGEstimator().estimate(PairedSample(values: v, rows: n, dx: 1, dy: 1))
        XCTAssertEqual(mi, -0.5 * log(1 - rho * rho), accuracy: 0.04)
        XCTAssertThrowsError(try MixedKSGEstimator(neighbors: [5]).estimate(PairedSample(values: Array(v[0..<8]), rows: 4, dx: 1, dy: 1)))
    }
}
