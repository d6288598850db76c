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

    /// Attention's products on heads where they lie equal splitting (B, N, h·d) into (B·h, N, d), a
    /// batched matmul and merging back; gradients by finite differences. Nq ≠ Nk ≠ d, three heads.
    func testHeadProductsMatchSplitMatmulMerge() {
        var rng = RandomStream(seed: 74)
        let (b, nq, nk, h, d) = (2, 3, 5, 3, 2)
        let q = Tensor.randomNormal([b, nq, h * d], rng: &rng), k = Tensor.randomNormal([b, nk, h * d], rng: &rng)
        let v = Tensor.randomNormal([b, nk, h * d], rng: &rng), a = Tensor.randomNormal([b * h, nq, nk], rng: &rng)
        func split(_ t: Variable, _ n: Int) -> Variable { t.reshaped([b, n, h, d]).permuted([0, 2, 1, 3]).reshaped([b * h, n, d]) }
        let scores = Variable.headScores(Variable(q), Variable(k), heads: h, scale: 0.7).value
        assertClose(scores, Variable.matmul(split(Variable(q), nq), split(Variable(k), nk), transposeB: true, scale: 0.7).value, tol: 1e-6)
        let mixed = Variable.headMix(Variable(a), Variable(v), heads: h).value
        let merged = Variable.matmul(Variable(a), split(Variable(v), nk)).reshaped([b, h, nq, d]).permuted([0, 2, 1, 3]).reshaped([b, nq, h * d])
        assertClose(mixed, merged.value, tol: 1e-6)
        checkGradients([q, k]) { Variable.headScores($0[0], $0[1], heads: h, scale: 0.7) }
        checkGradients([a, v]) { Variable.headMix($0[0], $0[1], heads: h) }
        // One head is the plain product.
        assertClose(Variable.headScores(Variable(q), Variable(k), heads: 1).value, Tensor.matmul(q, k, transposeB: true), tol: 1e-6)
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

    func testLayerNormPrimitiveMatchesComposite() {
        var rng = RandomStream(seed: 72)
        // Rows of 19: two eight-lane blocks and a tail in the moments.
        let x = Tensor.randomNormal([2, 3, 19], rng: &rng) * 2 + 1
        let w = Tensor.randomNormal([19], rng: &rng), b = Tensor.randomNormal([19], rng: &rng)
        let (vx, vw, vb) = (Variable(x), Variable(w), Variable(b))
        let composite = vx.normalizedLastAxis(eps: 1e-5) * vw + vb
        assertClose(vx.layerNorm(weight: vw, bias: vb, eps: 1e-5).value, composite.value, tol: 1e-5)
        // Without a graph (inference) the output is the same numbers.
        let inference = withNoGrad { Variable(x, requiresGrad: true).layerNorm(weight: vw, bias: vb, eps: 1e-5).value }
        assertClose(inference, composite.value, tol: 1e-6)
        checkGradients([x, w, b]) { $0[0].layerNorm(weight: $0[1], bias: $0[2], eps: 1e-5) }
    }

    func testMomentsAgainstDoubleSums() {
        var rng = RandomStream(seed: 73)
        for n in [1, 7, 8, 9, 64, 131] {
            let v = Tensor.randomNormal([n], rng: &rng).scalars.map { $0 * 3 + 10 }
            let mean = v.reduce(0.0) { $0 + Double($1) } / Double(n)
            let variance = v.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(n)
            let (m, inv) = v.withUnsafeBufferPointer { Tensor.moments($0.baseAddress!, count: n, eps: 1e-5) }
            XCTAssertEqual(Double(m), mean, accuracy: 1e-5 * abs(mean))
            XCTAssertEqual(Double(inv), 1 / (variance + 1e-5).squareRoot(), accuracy: 1e-4 / (variance + 1e-5).squareRoot())
        }
    }
}
