// Finite-difference gradient checks for every primitive, including broadcasting and batched/transposed
// matmul. Inputs are chosen well-conditioned: away from kinks (relu, max ties) and domain edges (log, sqrt).

import XCTest
@testable import MITensor

final class PrimitiveGradientTests: XCTestCase {
    override func setUp() { Tensor.setThreadCount(1) }

    /// Shape pairs that exercise every broadcasting case.
    let broadcastPairs: [([Int], [Int])] = [
        ([2, 3], [2, 3]), ([2, 3], [3]), ([2, 3], [2, 1]), ([2, 1, 4], [3, 1]), ([3], []), ([], [2, 2])
    ]

    /// The checker itself must reject a wrong VJP (here: exp with the gradient of x², and a VJP that
    /// forgets to sum over broadcast axes would trap on the shape check instead).
    func testCheckerCatchesWrongGradient() {
        var rng = RandomStream(seed: 9)
        let x = Tensor.randomNormal([2, 3], rng: &rng)
        let wrong = GradientCheck.mismatches([x]) { v in
            Variable.primitive(v[0].value.exp(), [v[0]]) { g, _ in [g * v[0].value * 2] }
        }
        XCTAssertEqual(wrong.count, 6)
        let slightlyOff = GradientCheck.mismatches([x]) { v in
            let z = v[0].value.exp()
            return Variable.primitive(z, [v[0]]) { g, _ in [g * z * 1.05] }
        }
        XCTAssertFalse(slightlyOff.isEmpty, "a 5% gradient error must not pass")
    }

    func testAddSubMulDivWithBroadcasting() {
        var rng = RandomStream(seed: 10)
        for (sa, sb) in broadcastPairs {
            let a = Tensor.randomNormal(sa, rng: &rng), b = Tensor.randomNormal(sb, rng: &rng)
            let pos = Tensor.randomUniform(sb, low: 0.5, high: 2, rng: &rng)
            checkGradients([a, b]) { $0[0] + $0[1] }
            checkGradients([a, b]) { $0[0] - $0[1] }
            checkGradients([a, b]) { $0[0] * $0[1] }
            checkGradients([a, pos], eps: 1e-3) { $0[0] / $0[1] }
        }
    }

    func testScalarSugar() {
        var rng = RandomStream(seed: 11)
        let x = Tensor.randomUniform([2, 3], low: 0.5, high: 2, rng: &rng)
        checkGradients([x]) { 3 + $0[0] * 2 - 1 }
        checkGradients([x], eps: 1e-3) { 2 / $0[0] + $0[0] / 4 - (1 - $0[0]) }
    }

    func testUnaryPrimitives() {
        var rng = RandomStream(seed: 12)
        let x = Tensor.randomNormal([3, 4], rng: &rng), pos = Tensor.randomUniform([3, 4], low: 0.5, high: 2, rng: &rng), away = rng.signed([3, 4], 0.1, 2)
        checkGradients([x]) { -$0[0] }
        checkGradients([x]) { $0[0].exp() }
        checkGradients([pos], eps: 1e-3) { $0[0].log() }
        checkGradients([pos], eps: 1e-3) { $0[0].sqrt() }
        checkGradients([pos], eps: 1e-3) { $0[0].pow(2.5) }
        checkGradients([away]) { $0[0].pow(3) }
        checkGradients([pos], eps: 1e-3) { $0[0].pow(-1.5) }
        checkGradients([away]) { $0[0].relu() }
        checkGradients([x]) { $0[0].sin() }
        checkGradients([x]) { $0[0].cos() }
    }

    func testMaximumWithBroadcasting() {
        var rng = RandomStream(seed: 13)
        // a lies on the grid {−0.3, −0.2, ..., 0.2}; b is halfway between grid points, so |a − b| ≥ 0.05 > eps.
        let a = rng.distinct([2, 3])
        let b = Tensor([0.05, -0.15, 0.25], shape: [3])
        checkGradients([a, b], eps: 1e-2) { Variable.maximum($0[0], $0[1]) }
        checkGradients([a], eps: 1e-2) { Variable.maximum($0[0], Variable(0.05)) }
    }

    func testMaximumTieSplitsGradient() {
        let x = Variable(Tensor([1, 2], shape: [2]), requiresGrad: true)
        let y = Variable(Tensor([1, 3], shape: [2]), requiresGrad: true)
        Variable.maximum(x, y).sum().backward()
        XCTAssertEqual(x.grad!.scalars, [0.5, 0])
        XCTAssertEqual(y.grad!.scalars, [0.5, 1])
    }

    func testSelect() {
        var rng = RandomStream(seed: 14)
        let mask = Tensor([1, 0, 0, 1], shape: [4])
        let a = Tensor.randomNormal([3, 4], rng: &rng), b = Tensor.randomNormal([4], rng: &rng), s = Tensor.randomNormal([], rng: &rng)
        checkGradients([a, b]) { Variable.select(mask, $0[0], $0[1]) }
        checkGradients([s, a]) { Variable.select(mask.reshaped([1, 4]), $0[0], $0[1]) }
        let wide = Tensor([1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0], shape: [3, 4])  // mask larger than both
        checkGradients([b, s]) { Variable.select(wide, $0[0], $0[1]) }
        // the unselected branch may be -inf without poisoning value or gradient
        let x = Variable(a, requiresGrad: true)
        let z = Variable.select(mask, x, Variable(-Float.infinity))
        z.exp().sum().backward()
        XCTAssertTrue(x.grad!.scalars.allSatisfy { $0.isFinite })
    }

    func testReductions() {
        var rng = RandomStream(seed: 15)
        let x = Tensor.randomNormal([2, 3, 4], rng: &rng)
        for axis in [0, 1, 2, -1] {
            for keep in [false, true] {
                checkGradients([x]) { $0[0].sum(axis: axis, keepDims: keep) }
                checkGradients([x]) { $0[0].mean(axis: axis, keepDims: keep) }
                checkGradients([rng.distinct([2, 3, 4])]) { $0[0].max(axis: axis, keepDims: keep) }
            }
        }
        checkGradients([x]) { $0[0].sum() }
        checkGradients([x]) { $0[0].mean() }
        checkGradients([rng.distinct([2, 3, 4])]) { $0[0].max() }
    }

    func testMaxTiesShareGradient() {
        let x = Variable(Tensor([2, 5, 5, 1], shape: [2, 2]), requiresGrad: true)
        x.max().backward()
        XCTAssertEqual(x.grad!.scalars, [0, 0.5, 0.5, 0])
        let y = Variable(Tensor([3, 3, 1, 2], shape: [2, 2]), requiresGrad: true)
        y.max(axis: 1).sum().backward()
        XCTAssertEqual(y.grad!.scalars, [0.5, 0.5, 0, 1])
    }

    func testMatmul2DAllTransposes() {
        var rng = RandomStream(seed: 16)
        let (m, k, n) = (3, 4, 2)
        for ta in [false, true] {
            for tb in [false, true] {
                let a = Tensor.randomNormal(ta ? [k, m] : [m, k], rng: &rng), b = Tensor.randomNormal(tb ? [n, k] : [k, n], rng: &rng)
                checkGradients([a, b]) { Variable.matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
            }
        }
    }

    func testLinearWithBias() {
        var rng = RandomStream(seed: 19)
        let x = Tensor.randomNormal([5, 4], rng: &rng), w = Tensor.randomNormal([3, 4], rng: &rng), b = Tensor.randomNormal([3], rng: &rng)
        checkGradients([x, w, b]) { Variable.linear($0[0], weight: $0[1], bias: $0[2]) }
        assertClose(Variable.linear(Variable(x), weight: Variable(w), bias: Variable(b)).value, Tensor.matmul(x, w, transposeB: true) + b)
    }

    func testMatmulBatchedAllTransposesAndSharedOperand() {
        var rng = RandomStream(seed: 17)
        let (bt, m, k, n) = (3, 2, 4, 3)
        for ta in [false, true] {
            for tb in [false, true] {
                let a3 = Tensor.randomNormal(ta ? [bt, k, m] : [bt, m, k], rng: &rng), b3 = Tensor.randomNormal(tb ? [bt, n, k] : [bt, k, n], rng: &rng)
                let a2 = Tensor.randomNormal(ta ? [k, m] : [m, k], rng: &rng), b2 = Tensor.randomNormal(tb ? [n, k] : [k, n], rng: &rng)
                checkGradients([a3, b3]) { Variable.matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
                checkGradients([a3, b2]) { Variable.matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
                checkGradients([a2, b3]) { Variable.matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
            }
        }
    }

    func testReshapePermuteBroadcast() {
        var rng = RandomStream(seed: 18)
        let x = Tensor.randomNormal([2, 3, 4], rng: &rng)
        let w1 = Variable(Tensor.randomNormal([4, 6], rng: &rng)), w2 = Variable(Tensor.randomNormal([3, 4, 2], rng: &rng))
        checkGradients([x]) { $0[0].reshaped([6, -1]) }
        checkGradients([x]) { $0[0].reshaped([4, 6]) * w1 }
        checkGradients([x]) { $0[0].permuted([2, 0, 1]) }
        checkGradients([x]) { $0[0].permuted([1, 2, 0]) * w2 }
        checkGradients([x]) { $0[0].transposed() }
        checkGradients([Tensor.randomNormal([3, 1], rng: &rng)]) { $0[0].broadcast(to: [2, 3, 4]) }
        checkGradients([Tensor.randomNormal([], rng: &rng)]) { $0[0].broadcast(to: [2, 2]) }
    }

    func testConcatSliceGather() {
        var rng = RandomStream(seed: 19)
        let a = Tensor.randomNormal([2, 2, 3], rng: &rng), b = Tensor.randomNormal([2, 1, 3], rng: &rng), c = Tensor.randomNormal([2, 3, 3], rng: &rng)
        checkGradients([a, b, c]) { Variable.concat($0, axis: 1) }
        checkGradients([a, a]) { Variable.concat($0, axis: -1) }
        checkGradients([c]) { $0[0].slice(axis: 1, 1..<3) }
        checkGradients([c]) { $0[0].slice(axis: 0, 1..<2) }
        checkGradients([c]) { $0[0].slice(axis: -1, 0..<1) }
        let table = Tensor.randomNormal([5, 3], rng: &rng)
        checkGradients([table]) { $0[0].gatherRows([4, 0, 4, 2, 4]) }
        checkGradients([Tensor.randomNormal([4, 2, 2], rng: &rng)]) { $0[0].gatherRows([1, 1, 3]) }
    }
}
