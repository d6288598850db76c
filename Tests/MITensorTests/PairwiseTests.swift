// The pairwise ReLU (a critic's first layer on every pair of a batch): values against the gathers and
// adds it replaces, gradients by finite differences.

import XCTest
@testable import MITensor

final class PairwiseTests: XCTestCase {
    func testPairwiseReLUMatchesGathersAndAdds() {
        var rng = RandomStream(seed: 72)
        let a = Tensor.randomNormal([3, 4], rng: &rng), c = Tensor.randomNormal([2, 4], rng: &rng)
        let bias = Tensor.randomNormal([4], rng: &rng)
        let rowsA = (0..<6).map { $0 / 2 }, rowsC = (0..<6).map { $0 % 2 }
        let sum = Variable(a).gatherRows(rowsA) + Variable(c).gatherRows(rowsC)
        assertClose(Variable.pairwiseReLU(Variable(a), Variable(c), bias: Variable(bias)).value, (sum + Variable(bias)).relu().value, tol: 1e-6)
        assertClose(Variable.pairwiseReLU(Variable(a), Variable(c), bias: nil).value, sum.relu().value, tol: 1e-6)
        // A central difference of a piecewise-linear function is exact when no kink lies within the
        // step: every pre-activation is kept further than 2 steps from 0.
        let eps: Float = 1e-3
        XCTAssertGreaterThan((sum + Variable(bias)).value.scalars.map(abs).min()!, 2 * eps)
        XCTAssertGreaterThan(sum.value.scalars.map(abs).min()!, 2 * eps)
        checkGradients([a, c, bias], eps: eps) { Variable.pairwiseReLU($0[0], $0[1], bias: $0[2]) }
        checkGradients([a, c], eps: eps) { Variable.pairwiseReLU($0[0], $0[1], bias: nil) }
    }
}
