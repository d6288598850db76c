// Primitives promoted from composites for speed: values against the composites, gradients by finite
// differences.

import XCTest
@testable import MITensor

final class FusedTests: XCTestCase {
    func testSoftmaxPrimitiveMatchesComposite() {
        var rng = RandomStream(seed: 70)
        let x = Tensor.randomNormal([3, 4, 5], rng: &rng) * 3
        assertClose(Variable(x).softmax(axis: -1).value, Variable(x).logSoftmax(axis: -1).exp().value, tol: 1e-6)
        checkGradients([x]) { $0[0].softmax(axis: 2) }
    }

    func testNormalizedLastAxisMatchesComposite() {
        var rng = RandomStream(seed: 71)
        let x = Tensor.randomNormal([3, 4, 6], rng: &rng) * 2 + 1
        let v = Variable(x)
        let centered = v - v.mean(axis: -1, keepDims: true)
        let composite = centered / ((centered * centered).mean(axis: -1, keepDims: true) + 1e-5).sqrt()
        assertClose(v.normalizedLastAxis(eps: 1e-5).value, composite.value, tol: 1e-5)
        checkGradients([x]) { $0[0].normalizedLastAxis(eps: 1e-5) }
    }
}
