// End to end: a small set transformer learns the correlation ρ of 2-D Gaussian samples from the set.

import XCTest
import MITensor
@testable import MINeural

final class LearningTests: XCTestCase {
    /// Sets of n points (x, y) with unit variances and correlation ρ ~ U(−0.9, 0.9): ((B, n, 2), ρ (B, 1)).
    static func batch(_ count: Int, points n: Int, rng: inout RandomStream) -> (Tensor, Tensor) {
        var xs: [Float] = [], rhos: [Float] = []
        for _ in 0..<count {
            let rho = rng.uniform(-0.9, 0.9)
            rhos.append(Float(rho))
            for _ in 0..<n {
                let (a, b) = (rng.normal(), rng.normal())
                xs += [Float(a), Float(rho * a + (1 - rho * rho).squareRoot() * b)]
            }
        }
        return (Tensor(xs, shape: [count, n, 2]), Tensor(rhos, shape: [count, 1]))
    }

    /// Predicting the mean gives MSE Var(U(−0.9, 0.9)) = 0.27; the sample correlation of 64 points has
    /// MSE ≈ E(1 − ρ²)²/64 ≈ 0.009. The network must get below 0.03 within 400 AdamW steps.
    func testSetTransformerLearnsCorrelation() {
        Tensor.setThreadCount(1)
        var rng = RandomStream(seed: 2024)
        let config = SetTransformerConfig(inputDim: 2, width: 16, heads: 2, inducingPoints: 8, layers: 1, outputDim: 1)
        let model = SetTransformer(config, rng: &rng)
        var data = RandomStream(seed: 1), heldOut = RandomStream(seed: 2)
        let (testX, testY) = Self.batch(256, points: 64, rng: &heldOut)
        let schedule = LearningRateSchedule.warmupCosine(peak: 3e-3, warmupSteps: 20, totalSteps: 400, floor: 1e-4)
        var opt = Adam.adamW(learningRate: 3e-3, weightDecay: 1e-4)
        var states: [String: AdamState] = [:]
        func testMSE() -> Float {
            withNoGrad { Loss.meanSquaredError(model(Variable(testX)), Variable(testY)).value.scalar }
        }
        let initial = testMSE()
        for step in 0..<400 {
            let (x, y) = Self.batch(16, points: 64, rng: &data)  // fresh sets every step
            model.zeroGrad()
            let loss = Loss.meanSquaredError(model(Variable(x)), Variable(y))  // forward
            loss.backward()  // backward
            clipGradientsByGlobalNorm(model.parameters, maxNorm: 1)
            opt.learningRate = schedule.learningRate(step: step)
            opt.step(model.parameters, states: &states)  // step
        }
        let final = testMSE()
        print("set transformer: held-out MSE \(initial) → \(final) after 400 steps")
        XCTAssertGreaterThan(initial, 0.1)
        XCTAssertLessThan(final, 0.03, "held-out MSE \(final) (initial \(initial))")
    }
}
