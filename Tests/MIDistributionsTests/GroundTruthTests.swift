import Foundation
import XCTest
@testable import MIDistributions

/// Closed-form ground truths against BMI's published values (nats, to 1e-6).
final class GroundTruthTests: XCTestCase {
    func testBivariateNormal() throws {
        XCTAssertEqual(try GaussianSampler(dx: 1, dy: 1, structure: .dense(rho: 0.75)).mutualInformation, 0.413339287, accuracy: 1e-6)
        XCTAssertEqual(
            try GaussianSampler(dx: 1, dy: 1, structure: .dense(rho: 0.75)).mutualInformation,
            -0.5 * log(1 - 0.75 * 0.75), accuracy: 1e-14)
    }

    func testDenseEquicorrelated() throws {
        for (d, mi) in [(2, 0.293893332), (3, 0.413339287), (5, 0.592811833), (25, 1.292183722), (50, 1.624265374)] {
            XCTAssertEqual(try GaussianSampler(dx: d, dy: d, structure: .dense(rho: 0.5)).mutualInformation, mi, accuracy: 1e-6, "d=\(d)")
        }
    }

    func testTwoPairIsTheSameForEveryDimension() throws {
        for d in [2, 3, 5, 25, 32] {
            XCTAssertEqual(
                try GaussianSampler(dx: d, dy: d, structure: .sparse(pairs: 2, strength: 2)).mutualInformation,
                1.021651248, accuracy: 1e-6, "d=\(d)")
        }
        // dx ≠ dy: only the pairs matter.
        XCTAssertEqual(try GaussianSampler(dx: 2, dy: 7, structure: .sparse(pairs: 2, strength: 2)).mutualInformation, 1.021651248, accuracy: 1e-6)
    }

    func testStudentIdentityDispersion() throws {
        let identity = GaussianStructure.sparse(pairs: 0, strength: 0)
        for (dx, dy, nu, mi) in [
            (1, 1, 1.0, 0.224171428), (2, 2, 1.0, 0.431945622), (2, 2, 2.0, 0.193147181),
            (3, 3, 2.0, 0.290921923), (5, 5, 3.0, 0.298543623)
        ] {
            XCTAssertEqual(
                try StudentSampler(dx: dx, dy: dy, structure: identity, dof: nu).mutualInformation, mi, accuracy: 1e-6,
                "(\(dx),\(dy),\(nu))")
        }
    }

    func testAdditiveUniform() throws {
        for (eps, mi) in [(0.1, 1.709437912), (0.75, 0.333333333), (0.05, 2.352585093)] {
            XCTAssertEqual(try AdditiveUniformSampler(epsilons: [eps]).mutualInformation, mi, accuracy: 1e-6)
        }
        XCTAssertEqual(try AdditiveUniformSampler(epsilons: [0.1, 0.75]).mutualInformation, 1.709437912 + 1.0 / 3, accuracy: 1e-6)
    }

    func testLatentVariableCorrelationMatchesItsDefinition() throws {
        // α = 0, β = 0, ε = 1, λ: pair correlation λ²/(1+λ²), everything else independent.
        let c = try GaussianStructure.sparse(pairs: 1, strength: 3).correlation(dx: 2, dy: 2)
        XCTAssertEqual(c[0 * 4 + 2], 9.0 / 10, accuracy: 1e-15)
        XCTAssertEqual(c[1 * 4 + 3], 0)
        // α only: every coordinate shares one latent, correlation α²/(α²+1).
        let a = try GaussianStructure.lvm(.init(pairs: 0, alpha: 2, betaX: 0, betaY: 0, lambda: 0, epsilon: 1, eta: 0))
            .correlation(dx: 2, dy: 3)
        XCTAssertEqual(a[0 * 5 + 4], 4.0 / 5, accuracy: 1e-15)
        XCTAssertEqual(
            try GaussianSampler(dx: 2, dy: 3, structure: .lvm(.init(pairs: 0, alpha: 2, betaX: 0, betaY: 0, lambda: 0, epsilon: 1, eta: 0))).mutualInformation,
            try GaussianSampler(dx: 2, dy: 3, structure: .dense(rho: 0.8)).mutualInformation, accuracy: 1e-12)
    }

    func testTargetMIIsHit() throws {
        let dense = try TargetMI.solve(target: 1.0, lo: 0, hi: 1 - 1e-12, increasing: true, parameter: "rho") {
            try GaussianSampler(dx: 3, dy: 2, structure: .dense(rho: $0)).mutualInformation
        }
        XCTAssertEqual(try GaussianSampler(dx: 3, dy: 2, structure: .dense(rho: dense)).mutualInformation, 1.0, accuracy: 1e-6)
        let lambda = try TargetMI.solve(target: 5.0, lo: 0, hi: 1, increasing: true, unboundedAbove: true, parameter: "strength") {
            try GaussianSampler(dx: 4, dy: 4, structure: .sparse(pairs: 3, strength: $0)).mutualInformation
        }
        XCTAssertEqual(try GaussianSampler(dx: 4, dy: 4, structure: .sparse(pairs: 3, strength: lambda)).mutualInformation, 5.0, accuracy: 1e-6)
        let eps = try TargetMI.solve(target: 0.2, lo: 1e-300, hi: 1, increasing: false, unboundedAbove: true, parameter: "eps") {
            additiveUniformMutualInformation(epsilon: $0)
        }
        XCTAssertEqual(additiveUniformMutualInformation(epsilon: eps), 0.2, accuracy: 1e-6)
        let student = try TargetMI.solve(target: 0.5, lo: 0, hi: 1 - 1e-12, increasing: true, parameter: "rho") {
            try StudentSampler(dx: 1, dy: 1, structure: .dense(rho: $0), dof: 4).mutualInformation
        }
        XCTAssertEqual(try StudentSampler(dx: 1, dy: 1, structure: .dense(rho: student), dof: 4).mutualInformation, 0.5, accuracy: 1e-6)
        // Below the Student correction, no correlation reaches the target.
        XCTAssertThrowsError(
            try TargetMI.solve(target: 0.01, lo: 0, hi: 1 - 1e-12, increasing: true, parameter: "rho") {
                try StudentSampler(dx: 3, dy: 3, structure: .dense(rho: $0), dof: 1).mutualInformation
            })
    }
}
