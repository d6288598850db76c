import XCTest
@testable import MITensor

final class HyperbolicTests: XCTestCase {
    func testValuesAndGradients() {
        var rng = RandomStream(seed: 4)
        let x = Tensor.randomNormal([2, 3], std: 2, rng: &rng)
        assertClose(Variable(x).asinh().value, x.map { Float(Foundation.asinh(Double($0))) })
        assertClose(Variable(x).asinh().sinh().value, x, tol: 1e-5)
        XCTAssertEqual(Variable(Tensor([-1000], shape: [1])).asinh().value.scalar, Float(Foundation.asinh(-1000.0)), accuracy: 1e-5)
        // log cosh, stable far out, against the Double formula.
        let big = Tensor([-60, -3, 0, 0.5, 80], shape: [5])
        assertClose(Variable(big).logCosh().value, big.map { Float(Foundation.log(Foundation.cosh(Double($0)))) }, tol: 1e-5)
        checkGradients([x], eps: 1e-3) { $0[0].asinh() }
        checkGradients([x], eps: 1e-3) { $0[0].sinh() }
        checkGradients([x], eps: 1e-3) { $0[0].logCosh() }
    }
}
import Foundation
