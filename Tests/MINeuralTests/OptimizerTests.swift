// SGD with momentum, gradient clipping, learning-rate schedules and EMA against hand computations and
// their formulas; losses against slow loops and finite differences.

import XCTest
import MITensor
@testable import MINeural

final class OptimizerTests: XCTestCase {
    /// lr = 0.1, μ = 0.9, λ = 0.1 on a (1, 1) matrix, p₀ = 1, g₁ = 0.5, g₂ = −0.25:
    ///   step 1: g = 0.5 + 0.1·1 = 0.6;  b = 0.6;  p₁ = 1 − 0.06 = 0.94
    ///   step 2: g = −0.25 + 0.094 = −0.156;  b = 0.9·0.6 − 0.156 = 0.384;  p₂ = 0.94 − 0.0384 = 0.9016
    func testSGDMomentumMatchesHandComputation() {
        let sgd = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.1)
        let (p1, s1) = sgd.update(grad: Tensor([0.5], shape: [1, 1]), param: Tensor([1], shape: [1, 1]), state: nil)
        XCTAssertEqual(p1.scalar, 0.94, accuracy: 1e-7)
        let (p2, s2) = sgd.update(grad: Tensor([-0.25], shape: [1, 1]), param: p1, state: s1)
        XCTAssertEqual(s2.momentumBuffer!.scalar, 0.384, accuracy: 1e-7)
        XCTAssertEqual(p2.scalar, 0.9016, accuracy: 1e-7)
        // plain SGD keeps no buffer; a vector is not decayed
        let plain = SGD(learningRate: 0.1, weightDecay: 0.1).update(grad: Tensor([0.5], shape: [1]), param: Tensor([1], shape: [1]), state: nil)
        XCTAssertNil(plain.state.momentumBuffer)
        XCTAssertEqual(plain.param.scalar, 0.95, accuracy: 1e-7)
    }

    func testClipByGlobalNorm() {
        let a = Variable(Tensor([0, 0], shape: [2]), requiresGrad: true), b = Variable(Tensor([0], shape: [1]), requiresGrad: true)
        a.grad = Tensor([3, 0], shape: [2])
        b.grad = Tensor([4], shape: [1])
        let params = [(key: "a", value: a), (key: "b", value: b)]
        XCTAssertEqual(clipGradientsByGlobalNorm(params, maxNorm: 10), 5)  // below the limit: unchanged
        XCTAssertEqual(a.grad!.scalars, [3, 0])
        XCTAssertEqual(clipGradientsByGlobalNorm(params, maxNorm: 1), 5)
        XCTAssertEqual(a.grad![0], 3 / (5 + 1e-6), accuracy: 1e-6)  // scaled by 1/(5 + 1e-6)
        XCTAssertEqual(b.grad![0], 4 / (5 + 1e-6), accuracy: 1e-6)
    }

    func testSchedulesFollowTheirFormulas() {
        XCTAssertEqual(LearningRateSchedule.constant(0.3).learningRate(step: 1000), 0.3)
        let cos = LearningRateSchedule.cosine(peak: 1, totalSteps: 100, floor: 0.1)
        for t in [0, 1, 25, 50, 99, 100, 150] {
            let expected = 0.1 + 0.9 * (1 + Foundation.cos(Double.pi * Double(min(t, 100)) / 100)) / 2
            XCTAssertEqual(Double(cos.learningRate(step: t)), expected, accuracy: 1e-6, "cosine at \(t)")
        }
        let warm = LearningRateSchedule.linearWarmup(peak: 2, warmupSteps: 4)
        XCTAssertEqual((0..<6).map { warm.learningRate(step: $0) }, [0.5, 1, 1.5, 2, 2, 2])
        let wc = LearningRateSchedule.warmupCosine(peak: 1, warmupSteps: 10, totalSteps: 110, floor: 0)
        XCTAssertEqual(wc.learningRate(step: 4), 0.5, accuracy: 1e-7)
        XCTAssertEqual(wc.learningRate(step: 10), 1, accuracy: 1e-7)
        XCTAssertEqual(wc.learningRate(step: 60), 0.5, accuracy: 1e-6)
        XCTAssertEqual(wc.learningRate(step: 110), 0, accuracy: 1e-7)
    }

    /// patience 2, factor 0.5, cooldown 1: improvements reset the count; the third bad epoch in a row
    /// halves the rate; the cooldown epoch after it is not counted.
    func testReduceOnPlateau() {
        var s = ReduceOnPlateau(learningRate: 1, factor: 0.5, patience: 2, cooldown: 1, minimum: 0.2)
        let metrics: [Float] = [10, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]
        let rates = metrics.map { s.observe($0) }
        // bad: epochs 2,3,4 → reduce at 4; cooldown at 5; bad 6,7,8 → reduce at 8; cooldown 9; 10,11,12 → 12 (min 0.2)
        XCTAssertEqual(rates, [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2, 0.2])
        var t = ReduceOnPlateau(learningRate: 1, patience: 0, threshold: 0.1)
        XCTAssertEqual(t.observe(10), 1)
        XCTAssertEqual(t.observe(9.5), 0.1, accuracy: 1e-7)  // not below 10·(1 − 0.1): counts as bad
    }

    func testExponentialMovingAverage() {
        let p = Variable(Tensor([1, 2], shape: [2]), requiresGrad: true)
        var ema = ExponentialMovingAverage(decay: 0.9)
        ema.update([("p", p)])
        XCTAssertEqual(ema.shadow["p"]!.scalars, [1, 2])
        p.assign(Tensor([3, 4], shape: [2]))
        ema.update([("p", p)])
        XCTAssertEqual(ema.shadow["p"]![0], 0.9 * 1 + 0.1 * 3, accuracy: 1e-6)
        XCTAssertEqual(ema.shadow["p"]![1], 0.9 * 2 + 0.1 * 4, accuracy: 1e-6)
        ema.copy(into: [("p", p)])
        XCTAssertEqual(p.value[0], 1.2, accuracy: 1e-6)
    }
}

final class LossTests: XCTestCase {
    func testLossValuesAgainstLoops() {
        var rng = RandomStream(seed: 60)
        let q = Tensor.randomNormal([4, 3], rng: &rng), y = Tensor.randomNormal([4, 3], rng: &rng)
        let v = Tensor.randomUniform([4, 3], low: 0.5, high: 2, rng: &rng)
        let (qs, ys, vs) = (q.scalars.map(Double.init), y.scalars.map(Double.init), v.scalars.map(Double.init))
        let mse = zip(qs, ys).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 12
        XCTAssertEqual(Double(Loss.meanSquaredError(Variable(q), Variable(y)).value.scalar), mse, accuracy: 1e-6)
        for tau in [0.1, 0.5, 0.9] {
            let pin = zip(qs, ys).map { q, y in y >= q ? tau * (y - q) : (1 - tau) * (q - y) }.reduce(0, +) / 12
            XCTAssertEqual(Double(Loss.pinball(Variable(q), Variable(y), tau: Float(tau)).value.scalar), pin, accuracy: 1e-6)
        }
        let nll = (0..<12).map { 0.5 * (Foundation.log(vs[$0]) + (ys[$0] - qs[$0]) * (ys[$0] - qs[$0]) / vs[$0]) }.reduce(0, +) / 12
        XCTAssertEqual(Double(Loss.gaussianNLL(mean: Variable(q), variance: Variable(v), target: Variable(y)).value.scalar), nll, accuracy: 1e-6)
        let full = Loss.gaussianNLL(mean: Variable(q), variance: Variable(v), target: Variable(y), full: true).value.scalar
        XCTAssertEqual(Double(full), nll + 0.5 * Foundation.log(2 * Double.pi), accuracy: 1e-6)
    }

    func testLossGradients() {
        var rng = RandomStream(seed: 61)
        let q = Tensor.randomNormal([4, 3], rng: &rng), y = Tensor.randomNormal([4, 3], rng: &rng)
        let v = Tensor.randomUniform([4, 3], low: 0.5, high: 2, rng: &rng)
        checkGradients([q, y]) { Loss.meanSquaredError($0[0], $0[1]) }
        checkGradients([q, y], eps: 1e-3) { Loss.pinball($0[0], $0[1], tau: 0.3) }  // kink only at q = y
        checkGradients([q, v, y], eps: 1e-3) { Loss.gaussianNLL(mean: $0[0], variance: $0[1], target: $0[2]) }
    }
}
