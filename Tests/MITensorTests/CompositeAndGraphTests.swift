// Composites (values against closed forms, gradients by finite differences) and graph behaviour:
// accumulation over repeated use, leaf-grad accumulation across backward calls, no-grad mode.

import XCTest
@testable import MITensor

final class CompositeTests: XCTestCase {
    override func setUp() { Tensor.setThreadCount(1) }

    func testActivationValues() {
        let xs: [Float] = [-30, -3, -0.5, 0, 0.7, 4, 30]
        let x = Variable(Tensor(xs, shape: [xs.count]))
        func check(_ got: Variable, _ f: (Double) -> Double, _ name: String) {
            for (i, v) in xs.enumerated() {
                XCTAssertEqual(Double(got.value[i]), f(Double(v)), accuracy: 2e-6 * Swift.max(1, Swift.abs(f(Double(v)))), "\(name)(\(v))")
            }
        }
        check(x.tanh(), { Foundation.tanh($0) }, "tanh")
        check(x.sigmoid(), { 1 / (1 + Foundation.exp(-$0)) }, "sigmoid")
        check(x.softplus(), { Foundation.log1p(Foundation.exp($0)) }, "softplus")
        check(x.silu(), { $0 / (1 + Foundation.exp(-$0)) }, "silu")
        check(x.gelu(), { 0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) }, "gelu")
        check(x.abs(), { Swift.abs($0) }, "abs")
    }

    func testActivationGradients() {
        var rng = RandomStream(seed: 20)
        let x = Tensor.randomNormal([3, 4], rng: &rng) * 2
        checkGradients([x]) { $0[0].tanh() }
        checkGradients([x]) { $0[0].sigmoid() }
        checkGradients([x]) { $0[0].softplus() }
        checkGradients([x]) { $0[0].silu() }
        checkGradients([x]) { $0[0].gelu() }
        checkGradients([rng.signed([3, 4], 0.1, 2)]) { $0[0].abs() }
        checkGradients([Tensor.randomNormal([2, 3], rng: &rng)]) { $0[0].transposed() }
    }

    func testActivationGradientsAtExtremesAndZero() {
        let x = Variable(Tensor([-100, 0, 100], shape: [3]), requiresGrad: true)
        x.softplus().sum().backward()
        // softplus' = sigmoid: exactly 1/2 at 0, e^-100 (denormal) and 1 far out
        XCTAssertEqual(x.grad![0], 0, accuracy: 1e-30)
        XCTAssertEqual(x.grad![1], 0.5)
        XCTAssertEqual(x.grad![2], 1)
        x.zeroGrad()
        x.sigmoid().sum().backward()
        XCTAssertEqual(x.grad![1], 0.25, accuracy: 1e-7)
        XCTAssertTrue(x.grad!.scalars.allSatisfy { $0.isFinite })
        x.zeroGrad()
        x.tanh().sum().backward()
        XCTAssertEqual(x.grad![1], 1, accuracy: 1e-6)
        XCTAssertTrue(x.grad!.scalars.allSatisfy { $0.isFinite })
    }

    func testLogSumExpSoftmaxValues() {
        var rng = RandomStream(seed: 21)
        let x = Tensor.randomNormal([2, 3, 4], rng: &rng) * 3
        for axis in [0, 1, 2] {
            let lse = Variable(x).logsumexp(axis: axis).value
            let sm = Variable(x).softmax(axis: axis).value
            let lsm = Variable(x).logSoftmax(axis: axis).value
            for idx in allIndices(x.shape) {
                var total = 0.0
                for k in 0..<x.shape[axis] {
                    var j = idx
                    j[axis] = k
                    total += Foundation.exp(Double(x[j]))
                }
                var o = idx
                o.remove(at: axis)
                XCTAssertEqual(Double(lse[o]), Foundation.log(total), accuracy: 1e-5)
                XCTAssertEqual(Double(sm[idx]), Foundation.exp(Double(x[idx])) / total, accuracy: 1e-6)
                XCTAssertEqual(Double(lsm[idx]), Double(x[idx]) - Foundation.log(total), accuracy: 1e-5)
            }
        }
        // large logits do not overflow; an all −inf row gives −inf, not NaN
        let big = Variable(Tensor([1000, 1000, -Float.infinity, -Float.infinity], shape: [2, 2]))
        let l = big.logsumexp(axis: 1).value
        XCTAssertEqual(l[0], 1000 + Foundation.log(2), accuracy: 1e-3)
        XCTAssertEqual(l[1], -Float.infinity)
        XCTAssertEqual(big.softmax(axis: 1).value[0, 0], 0.5)
    }

    func testLogSumExpSoftmaxGradients() {
        var rng = RandomStream(seed: 22)
        let x = Tensor.randomNormal([2, 3, 4], rng: &rng)
        for axis in [0, 1, -1] {
            checkGradients([x]) { $0[0].logsumexp(axis: axis) }
            checkGradients([x]) { $0[0].logsumexp(axis: axis, keepDims: true) }
            checkGradients([x]) { $0[0].softmax(axis: axis) }
            checkGradients([x]) { $0[0].logSoftmax(axis: axis) }
        }
    }

    /// A small MLP + attention-shaped expression: composites and primitives chained.
    func testChainedExpression() {
        var rng = RandomStream(seed: 23)
        let x = Tensor.randomNormal([2, 3, 4], rng: &rng), w = Tensor.randomNormal([4, 4], rng: &rng) * 0.5, bias = Tensor.randomNormal([4], rng: &rng)
        checkGradients([x, w, bias]) { v in
            let h = (Variable.matmul(v[0], v[1]) + v[2]).gelu()  // (2, 3, 4)
            let scores = Variable.matmul(h, h, transposeB: true) * 0.5  // (2, 3, 3)
            let attn = scores.softmax(axis: -1)
            return Variable.matmul(attn, h).mean(axis: 1).tanh()  // (2, 4)
        }
    }
}

final class GraphTests: XCTestCase {
    func testGradientAccumulatesOverRepeatedUse() {
        // y = x·x + 3x  ⇒  dy/dx = 2x + 3
        let x = Variable(Tensor([1, -2, 0.5], shape: [3]), requiresGrad: true)
        (x * x + 3 * x).sum().backward()
        XCTAssertEqual(x.grad!.scalars, [5, -1, 4])
        // diamond: z = (a + a)·(a + a) reuses the intermediate; dz/da = 8a
        let a = Variable(Tensor(2), requiresGrad: true)
        let s = a + a
        (s * s).backward()
        XCTAssertEqual(a.grad!.scalar, 16)
    }

    func testLeafGradAccumulatesAcrossBackwardUntilZeroed() {
        let x = Variable(Tensor([1, 2], shape: [2]), requiresGrad: true)
        (x * 2).sum().backward()
        (x * 3).sum().backward()
        XCTAssertEqual(x.grad!.scalars, [5, 5])
        x.zeroGrad()
        XCTAssertNil(x.grad)
    }

    func testConstantsGetNoGradientAndIntermediatesKeepNone() {
        let c = Variable(Tensor([1, 2], shape: [2]))
        let x = Variable(Tensor([3, 4], shape: [2]), requiresGrad: true)
        let h = c * x
        h.sum().backward()
        XCTAssertNil(c.grad)
        XCTAssertNil(h.grad)
        XCTAssertEqual(x.grad!.scalars, [1, 2])
        XCTAssertFalse((c * c).requiresGrad)
    }

    func testNoGradBuildsNoGraph() {
        let x = Variable(Tensor([1, 2, 3], shape: [3]), requiresGrad: true)
        let y = withNoGrad { (x.exp() * x).softmax(axis: 0).sum() }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertTrue(y.parents.isEmpty)
        XCTAssertEqual(y.graphSize, 0)
        XCTAssertEqual(y.value.scalar, 1, accuracy: 1e-6)
        y.backward()  // no-op: nothing to differentiate
        XCTAssertNil(x.grad)
        XCTAssertTrue(GradMode.isEnabled)  // restored after the block
        let z = (x.exp() * x).sum()
        XCTAssertEqual(z.graphSize, 4)  // x, exp, mul, sum
        XCTAssertTrue(z.requiresGrad)
    }

    /// The flag is task-local: child tasks inherit no-grad, unrelated (detached) tasks do not.
    func testNoGradIsTaskLocal() async {
        let x = Variable(Tensor([1, 2], shape: [2]), requiresGrad: true)
        let (child, detached) = await GradMode.$isEnabled.withValue(false) {
            async let inChild = GradMode.isEnabled
            let other = await Task.detached { GradMode.isEnabled }.value
            return (await inChild, other)
        }
        XCTAssertFalse(child)
        XCTAssertTrue(detached)
        XCTAssertTrue((x * x).requiresGrad)
    }

    func testDetachStopsGradient() {
        let x = Variable(Tensor([1, 2], shape: [2]), requiresGrad: true)
        (x * x.detached()).sum().backward()
        XCTAssertEqual(x.grad!.scalars, [1, 2])
    }

    func testDeepChainDoesNotRecurse() {
        let x = Variable(Tensor(1), requiresGrad: true)
        var y = x
        for _ in 0..<20_000 { y = y * 1.0001 }
        y.backward()
        XCTAssertEqual(Double(x.grad!.scalar), Foundation.pow(1.0001, 20_000), accuracy: 0.05)
    }
}
