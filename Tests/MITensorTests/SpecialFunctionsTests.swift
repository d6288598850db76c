import Foundation
import XCTest
@testable import MITensor

final class SpecialFunctionsTests: XCTestCase {
    func testDigammaKnownValues() {
        let euler = 0.577_215_664_901_532_860_6
        XCTAssertEqual(Special.digamma(1), -euler, accuracy: 1e-14)
        XCTAssertEqual(Special.digamma(0.5), -euler - 2 * log(2.0), accuracy: 1e-14)
        XCTAssertEqual(Special.digamma(10), 2.251_752_589_066_721_1, accuracy: 1e-14)
        // Recurrence ψ(x+1) = ψ(x) + 1/x across the switch to the asymptotic series.
        for x in stride(from: 0.05, through: 12.0, by: 0.37) {
            XCTAssertEqual(Special.digamma(x + 1), Special.digamma(x) + 1 / x, accuracy: 1e-12)
        }
    }

    func testNormalQuantileInvertsCDF() {
        XCTAssertEqual(Special.normalQuantile(0.975), 1.959_963_984_540_054, accuracy: 1e-14)
        XCTAssertEqual(Special.normalQuantile(0.5), 0)
        for p in [1e-300, 1e-20, 1e-10, 1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-9] {
            let z = Special.normalQuantile(p)
            XCTAssertEqual(Special.normalCDF(z), p, accuracy: p * 1e-12 + 1e-300, "p=\(p)")
        }
    }

    func testErfInverse() {
        for x in stride(from: -3.0, through: 3.0, by: 0.25) {
            XCTAssertEqual(Special.erfInverse(Special.erf(x)), x, accuracy: 1e-10)
        }
    }

    func testLogGamma() {
        XCTAssertEqual(Special.logGamma(0.5), 0.5 * log(Double.pi), accuracy: 1e-14)
        XCTAssertEqual(Special.logGamma(10), log(362_880.0), accuracy: 1e-12)
    }
}
