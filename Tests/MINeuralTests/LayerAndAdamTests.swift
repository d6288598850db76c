// Linear, LayerNorm and Adam/AdamW.

import XCTest
import MITensor
@testable import MINeural

final class LayerTests: XCTestCase {
    override func setUp() { Tensor.setThreadCount(1) }

    func testLinearInitBoundsAndShapes() {
        var rng = RandomStream(seed: 30)
        let layer = Linear(inputSize: 16, outputSize: 5, rng: &rng)
        XCTAssertEqual(layer.weight.shape, [5, 16])
        XCTAssertEqual(layer.bias!.shape, [5])
        let bound: Float = 0.25  // 1/√16
        let all = layer.weight.value.scalars + layer.bias!.value.scalars
        XCTAssertTrue(all.allSatisfy { Swift.abs($0) <= bound })
        XCTAssertGreaterThan(all.map { Swift.abs($0) }.max()!, 0.8 * bound)  // actually spans the range
        XCTAssertEqual(layer.parameters.map(\.key), ["weight", "bias"])
        // the same seed gives the same layer; no bias when asked
        var again = RandomStream(seed: 30)
        XCTAssertEqual(Linear(inputSize: 16, outputSize: 5, rng: &again).weight.value.scalars, layer.weight.value.scalars)
        XCTAssertNil(Linear(inputSize: 4, outputSize: 1, bias: false, rng: &again).bias)
    }

    func testLinearForwardMatchesLoopsAndGradients() {
        var rng = RandomStream(seed: 31)
        let w = Tensor.randomNormal([3, 4], rng: &rng), b = Tensor.randomNormal([3], rng: &rng), x = Tensor.randomNormal([2, 5, 4], rng: &rng)
        let layer = Linear(weight: w, bias: b)
        let y = layer(Variable(x)).value
        XCTAssertEqual(y.shape, [2, 5, 3])
        for idx in allIndices(y.shape) {
            var acc = b[idx[2]]
            for k in 0..<4 { acc += x[idx[0], idx[1], k] * w[idx[2], k] }
            XCTAssertEqual(y[idx], acc, accuracy: 1e-5)
        }
        checkGradients([x, w, b]) { v in Linear(weight: v[1], bias: v[2])(v[0]) }  // 3-D input
        checkGradients([x.reshaped([10, 4]), w]) { v in Linear(weight: v[1], bias: nil)(v[0]) }
    }

    func testLayerNormValuesAndGradients() {
        var rng = RandomStream(seed: 32)
        let x = Tensor.randomNormal([2, 3, 5], rng: &rng) * 2 + 1
        let ln = LayerNorm(size: 5)
        let y = ln(Variable(x)).value
        for idx in allIndices([2, 3]) {
            let row = (0..<5).map { Double(x[idx + [$0]]) }
            let mu = row.reduce(0, +) / 5
            let variance = row.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / 5
            for k in 0..<5 {
                XCTAssertEqual(Double(y[idx + [k]]), (row[k] - mu) / (variance + 1e-5).squareRoot(), accuracy: 1e-5)
            }
        }
        let gamma = Tensor.randomNormal([5], rng: &rng), beta = Tensor.randomNormal([5], rng: &rng)
        checkGradients([x, gamma, beta]) { v in LayerNorm(weight: v[1], bias: v[2])(v[0]) }
        // the layer itself: gradients reach weight and bias with the right shapes
        let out = ln(Variable(x, requiresGrad: true))
        (out * Variable(Tensor.randomNormal([2, 3, 5], rng: &rng))).sum().backward()
        XCTAssertEqual(ln.weight.grad?.shape, [5])
        XCTAssertEqual(ln.bias.grad?.shape, [5])
    }
}

final class AdamTests: XCTestCase {
    /// Hand computation, lr = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, p₀ = 1, g₁ = 0.5, g₂ = −0.25:
    ///   step 1: m = 0.1·0.5 = 0.05;  v = 0.001·0.25 = 0.00025;  m̂ = 0.05/0.1 = 0.5;  v̂ = 0.00025/0.001 = 0.25
    ///           p₁ = 1 − 0.1·0.5/(0.5 + 1e-8) = 0.900000002
    ///   step 2: m = 0.9·0.05 − 0.1·0.25 = 0.02;  v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225
    ///           m̂ = 0.02/0.19 = 0.1052631579;  v̂ = 0.00031225/0.001999 = 0.1562031016, √v̂ = 0.3952253809
    ///           p₂ = 0.900000002 − 0.1·0.1052631579/(0.3952253809 + 1e-8) = 0.8733662987
    /// AdamW (λ = 0.01) multiplies p by 1 − lr·λ = 0.999 first each step:
    ///   p₁ = 0.999 − 0.0999999980 = 0.899000002;  p₂ = 0.899000002·0.999 − 0.0266337033 = 0.8714672987
    /// Tolerances: the parameters match to 1e-7. m and v carry the Float32 rounding of the coefficients
    /// (1 − β₁ = 0.100000024, 1 − β₂ = 0.00099998713 in Float), i.e. 2.4e-7 and 1.3e-5 relative, as
    /// PyTorch's float32 Adam does; in p̂ the β₂ rounding cancels between v and 1 − β₂ᵗ.
    func testTwoStepAdamAndAdamWMatchHandComputation() {
        // A (1, 2) matrix: weight decay applies to matrices only (checked for a vector below).
        let p0 = Tensor([1, 1], shape: [1, 2])
        let g1 = Tensor([0.5, 0.5], shape: [1, 2]), g2 = Tensor([-0.25, -0.25], shape: [1, 2])
        for (opt, expect1, expect2) in [
            (Adam(learningRate: 0.1), 0.900000002, 0.8733662987),
            (Adam.adamW(learningRate: 0.1, weightDecay: 0.01), 0.899000002, 0.8714672987)
        ] {
            let (p1, s1) = opt.update(grad: g1, param: p0, state: nil)
            XCTAssertEqual(s1.step, 1)
            XCTAssertEqual(s1.m[0, 0], 0.05, accuracy: 0.05 * 3e-7)
            XCTAssertEqual(s1.v[0, 0], 0.00025, accuracy: 0.00025 * 2e-5)
            XCTAssertEqual(Double(p1[0, 0]), expect1, accuracy: 1e-7)
            let (p2, s2) = opt.update(grad: g2, param: p1, state: s1)
            XCTAssertEqual(s2.step, 2)
            XCTAssertEqual(s2.m[0, 1], 0.02, accuracy: 0.02 * 1e-6)
            XCTAssertEqual(s2.v[0, 1], 0.00031225, accuracy: 0.00031225 * 2e-5)
            XCTAssertEqual(Double(p2[0, 1]), expect2, accuracy: 1e-7)
            XCTAssertEqual(p0.scalars, [1, 1])  // the input parameter is a value: untouched
        }
        // Adam with L2 (coupled) decay: g ← g + λp, so step 1 sees g = 0.51 and still moves by ≈ lr
        let l2 = Adam(learningRate: 0.1, weightDecay: 0.01)
        let (q1, t1) = l2.update(grad: g1, param: p0, state: nil)
        XCTAssertEqual(t1.m[0, 0], 0.051, accuracy: 0.051 * 3e-7)
        XCTAssertEqual(Double(q1[0, 0]), 0.9000000019607843, accuracy: 1e-7)
        // vectors (biases, gains) are not decayed: AdamW on a vector equals plain Adam
        let vAdamW = Adam.adamW(learningRate: 0.1, weightDecay: 0.01).update(grad: g1.reshaped([2]), param: p0.reshaped([2]), state: nil)
        XCTAssertEqual(Double(vAdamW.param[0]), 0.900000002, accuracy: 1e-7)
    }

    /// A plain visible loop: fit y = 2x − 1 with one Linear layer and Adam keyed by parameter name.
    func testAdamTrainsLinearRegression() {
        Tensor.setThreadCount(1)
        var rng = RandomStream(seed: 33)
        let layer = Linear(inputSize: 1, outputSize: 1, rng: &rng)
        let x = Tensor.randomUniform([64, 1], low: -1, high: 1, rng: &rng)
        let y = x * 2 - 1
        let opt = Adam(learningRate: 0.05)
        var states: [String: AdamState] = [:]
        var lastLoss: Float = .infinity
        for _ in 0..<300 {
            let diff = layer(Variable(x)) - Variable(y)  // forward
            let loss = (diff * diff).mean()  // MSE
            for (_, p) in layer.parameters { p.zeroGrad() }
            loss.backward()  // backward
            for (key, p) in layer.parameters {  // step
                let (np, ns) = opt.update(grad: p.grad!, param: p.value, state: states[key])
                p.assign(np)
                states[key] = ns
            }
            lastLoss = loss.value.scalar
        }
        XCTAssertLessThan(lastLoss, 1e-4)
        XCTAssertEqual(layer.weight.value.scalar, 2, accuracy: 0.02)
        XCTAssertEqual(layer.bias!.value.scalar, -1, accuracy: 0.02)
    }
}
