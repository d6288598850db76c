// Multi-head attention with a key padding mask and the Set Transformer blocks: finite-difference
// gradients of inputs and every parameter, and the mask against the oracle "padded keys removed".

import XCTest
import MITensor
@testable import MINeural

final class AttentionTests: XCTestCase {
    override func setUp() { Tensor.setThreadCount(1) }

    func testAttentionGradientsWithPaddingMask() {
        var rng = RandomStream(seed: 40)
        let mha = MultiHeadAttention(queryDim: 3, keyDim: 5, width: 4, heads: 2, rng: &rng)
        let x = Tensor.randomNormal([2, 3, 3], rng: &rng), y = Tensor.randomNormal([2, 4, 5], rng: &rng)
        let mask = Tensor(
            [
                0, 0, 1, 0,
                1, 0, 0, 1
            ], shape: [2, 4])
        XCTAssertEqual(
            mha.parameters.map(\.key),
            [
                "q.weight", "q.bias", "k.weight", "k.bias", "v.weight", "v.bias",
                "o.weight", "o.bias"
            ])
        checkGradients([x, y], parameters: mha.parameters) { v in mha(v[0], v[1], v[1], keyPaddingMask: mask) }
        checkGradients([x, y], parameters: mha.parameters) { v in mha(v[0], v[1], v[1]) }
    }

    /// Padded keys have no influence: the output equals attention over the unpadded keys only, whatever
    /// values the padded keys hold.
    func testMaskedKeysEqualRemovedKeys() {
        var rng = RandomStream(seed: 41)
        let mha = MultiHeadAttention(queryDim: 4, keyDim: 4, width: 4, heads: 2, rng: &rng)
        let x = Tensor.randomNormal([1, 3, 4], rng: &rng)
        var y = Tensor.randomNormal([1, 5, 4], rng: &rng)
        let mask = Tensor([0, 1, 0, 1, 0], shape: [1, 5])
        let masked = mha(Variable(x), Variable(y), Variable(y), keyPaddingMask: mask).value
        let kept = Tensor.concat([y.slice(axis: 1, 0..<1), y.slice(axis: 1, 2..<3), y.slice(axis: 1, 4..<5)], axis: 1)
        let reference = mha(Variable(x), Variable(kept), Variable(kept)).value
        for (a, b) in zip(masked.scalars, reference.scalars) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        y[0, 1, 2] = 1e6  // garbage in a padded key changes nothing
        let again = mha(Variable(x), Variable(y), Variable(y), keyPaddingMask: mask).value
        XCTAssertEqual(again.scalars, masked.scalars)
    }

    /// A set whose keys are all padded gives finite outputs (the output bias) and finite gradients.
    func testFullyPaddedSetHasNoNaN() {
        var rng = RandomStream(seed: 42)
        let mha = MultiHeadAttention(queryDim: 4, keyDim: 4, width: 4, heads: 2, rng: &rng)
        let x = Variable(Tensor.randomNormal([2, 3, 4], rng: &rng), requiresGrad: true)
        let y = Variable(Tensor.randomNormal([2, 2, 4], rng: &rng), requiresGrad: true)
        let mask = Tensor([0, 1, 1, 1], shape: [2, 2])
        let out = mha(x, y, y, keyPaddingMask: mask)
        XCTAssertTrue(out.value.scalars.allSatisfy(\.isFinite))
        let bias = mha.o.bias!.value.scalars
        for i in 0..<3 { for j in 0..<4 { XCTAssertEqual(out.value[1, i, j], bias[j], accuracy: 1e-6) } }
        out.sum().backward()
        XCTAssertTrue(x.grad!.scalars.allSatisfy(\.isFinite) && y.grad!.scalars.allSatisfy(\.isFinite))
        XCTAssertTrue(mha.q.weight.grad!.scalars.allSatisfy(\.isFinite))
        XCTAssertEqual(y.grad!.slice(axis: 0, 1..<2).scalars, [Float](repeating: 0, count: 8))
        checkGradients([x.value, y.value], parameters: mha.parameters) { v in mha(v[0], v[1], v[1], keyPaddingMask: mask) }
    }

    /// eps = 1e-3: the feed-forward ReLU has a kink at 0, and a ±1e-2 step across it (a pre-activation
    /// within 1e-2 of 0) makes the central difference wrong, not the gradient.
    func testSetBlockGradients() {
        var rng = RandomStream(seed: 43)
        let x = Tensor.randomNormal([2, 3, 4], rng: &rng), y = Tensor.randomNormal([2, 2, 3], rng: &rng)
        let mask = Tensor([0, 0, 1, 0, 0, 0], shape: [2, 3])
        let mab = MAB(keyDim: 3, width: 4, heads: 2, rng: &rng)
        checkGradients([x, y], parameters: mab.parameters, eps: 1e-3) { v in mab(v[0], v[1]) }
        let sab = SAB(width: 4, heads: 2, rng: &rng)
        checkGradients([x], parameters: sab.parameters, eps: 1e-3) { v in sab(v[0], keyPaddingMask: mask) }
        let isab = ISAB(width: 4, heads: 2, inducingPoints: 2, rng: &rng)
        checkGradients([x], parameters: isab.parameters, eps: 1e-3) { v in isab(v[0], keyPaddingMask: mask) }
        let pma = PMA(width: 4, heads: 2, seeds: 1, rng: &rng)
        checkGradients([x], parameters: pma.parameters, eps: 1e-3) { v in pma(v[0], keyPaddingMask: mask) }
    }

    /// A MAB computes LN(h + relu(FF(h))), h = LN(x + MHA(x, y, y)): check against the parts.
    func testMABIsPostLayerNormComposition() {
        var rng = RandomStream(seed: 44)
        let mab = MAB(keyDim: 4, width: 4, heads: 1, rng: &rng)
        let x = Variable(Tensor.randomNormal([1, 2, 4], rng: &rng)), y = Variable(Tensor.randomNormal([1, 3, 4], rng: &rng))
        let h = mab.ln0(x + mab.attention(x, y, y))
        let expected = mab.ln1(h + mab.ff(h).relu()).value
        XCTAssertEqual(mab(x, y).value.scalars, expected.scalars)
    }

    func testParameterKeysAndInducingPointInit() {
        var rng = RandomStream(seed: 45)
        let isab = ISAB(width: 8, heads: 2, inducingPoints: 4, rng: &rng)
        let keys = isab.parameters.map(\.key)
        XCTAssertEqual(keys.first, "inducing_points")
        XCTAssertTrue(keys.contains("mab0.attention.q.weight"))
        XCTAssertTrue(keys.contains("mab1.ln1.bias"))
        XCTAssertEqual(Set(keys).count, keys.count)
        let encoder = ModuleList([isab, isab])
        XCTAssertTrue(encoder.parameters.map(\.key).contains("1.mab0.attention.q.weight"))
        // Xavier uniform for (1, m, W): fan_in = m·W = 32, fan_out = W = 8 → bound √(6/40)
        let bound = Float((6.0 / 40).squareRoot())
        let ip = isab.inducingPoints.value.scalars
        XCTAssertTrue(ip.allSatisfy { Swift.abs($0) <= bound })
        XCTAssertGreaterThan(ip.map { Swift.abs($0) }.max()!, 0.7 * bound)
        XCTAssertEqual(isab.parameterCount, 8 * 4 + 2 * (4 * (8 * 8 + 8) + (8 * 8 + 8) + 4 * 8))
    }
}
