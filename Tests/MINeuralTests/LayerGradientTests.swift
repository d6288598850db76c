// MLP, Embedding, Dropout, GroupNorm, affine coupling and time embedding: values against slow loops or
// closed forms, gradients by finite differences.

import XCTest
import MITensor
@testable import MINeural

final class LayerGradientTests: XCTestCase {
    override func setUp() { Tensor.setThreadCount(1) }

    func testMLPAndEmbeddingGradients() {
        var rng = RandomStream(seed: 50)
        let mlp = MLP(sizes: [3, 5, 2], rng: &rng)
        XCTAssertEqual(mlp.parameters.map(\.key), ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
        let x = Tensor.randomNormal([4, 3], rng: &rng)
        checkGradients([x], parameters: mlp.parameters, eps: 1e-3) { v in mlp(v[0]) }  // eps below the ReLU kinks' distance
        let emb = Embedding(count: 5, dim: 3, rng: &rng)
        XCTAssertEqual(emb(Array([4, 0])).value.scalars, Array(emb.weight.value.scalars[12..<15] + emb.weight.value.scalars[0..<3]))
        checkGradients([], parameters: emb.parameters) { _ in emb([1, 3, 1]) }
    }

    func testDropout() {
        var rng = RandomStream(seed: 51)
        let x = Tensor.randomUniform([100, 100], low: 1, high: 2, rng: &rng)
        let drop = Dropout(p: 0.25)
        XCTAssertEqual(drop(Variable(x)).value.scalars, x.scalars)  // eval: identity
        var r1 = RandomStream(seed: 7), r2 = RandomStream(seed: 7)
        let y = drop(Variable(x), rng: &r1).value
        XCTAssertEqual(drop(Variable(x), rng: &r2).value.scalars, y.scalars)  // same seed, same mask
        let (ys, xs) = (y.scalars, x.scalars)
        let zeros = ys.filter { $0 == 0 }.count
        XCTAssertEqual(Double(zeros) / 1e4, 0.25, accuracy: 0.02)  // ±4.6σ
        for i in 0..<xs.count where ys[i] != 0 { XCTAssertEqual(ys[i], xs[i] / 0.75, accuracy: 1e-6) }
        checkGradients([Tensor.randomNormal([3, 4], rng: &rng)]) { v in
            var r = RandomStream(seed: 3)
            return drop(v[0], rng: &r)
        }
    }

    func testGroupNormValuesAndGradients() {
        var rng = RandomStream(seed: 52)
        let gn = GroupNorm(groups: 2, channels: 4)
        let x = Tensor.randomNormal([2, 4, 3], rng: &rng) * 2 + 1
        let y = gn(Variable(x)).value
        for n in 0..<2 {
            for g in 0..<2 {
                let idx = (2 * g..<2 * g + 2).flatMap { c in (0..<3).map { [n, c, $0] } }
                let vals = idx.map { Double(x[$0]) }
                let mu = vals.reduce(0, +) / 6, variance = vals.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / 6
                for (i, v) in zip(idx, vals) {
                    XCTAssertEqual(Double(y[i]), (v - mu) / (variance + 1e-5).squareRoot(), accuracy: 1e-5)
                }
            }
        }
        gn.weight.assign(Tensor.randomNormal([4], rng: &rng))
        gn.bias.assign(Tensor.randomNormal([4], rng: &rng))
        checkGradients([x], parameters: gn.parameters) { v in gn(v[0]) }
        checkGradients([x.reshaped([2, 12]).slice(axis: 1, 0..<4)], parameters: gn.parameters) { v in gn(v[0]) }
    }

    /// log|det ∂y/∂x| from the layer equals the log-determinant of the Jacobian by central differences,
    /// and inverse(forward(x)) = x.
    func testAffineCouplingLogDetInverseAndGradients() {
        var rng = RandomStream(seed: 53)
        for flip in [false, true] {
            let layer = AffineCoupling(dim: 5, hidden: 8, flip: flip, rng: &rng)
            let x = Tensor.randomNormal([3, 5], rng: &rng)
            let (y, logDet) = layer.forward(Variable(x))
            let back = layer.inverse(y).value
            for (a, b) in zip(back.scalars, x.scalars) { XCTAssertEqual(a, b, accuracy: 1e-5) }
            for n in 0..<3 {
                let row = x.slice(axis: 0, n..<(n + 1))
                var jac = [Double](repeating: 0, count: 25)  // jac[i·5 + j] = ∂y_i/∂x_j
                let h: Float = 1e-2
                for j in 0..<5 {
                    var plus = row, minus = row
                    plus[0, j] += h
                    minus[0, j] -= h
                    let yp = layer.forward(Variable(plus)).y.value.scalars, ym = layer.forward(Variable(minus)).y.value.scalars
                    for i in 0..<5 { jac[i * 5 + j] = (Double(yp[i]) - Double(ym[i])) / (2 * Double(h)) }
                }
                XCTAssertEqual(Double(logDet.value[n]), logAbsDeterminant(jac, 5), accuracy: 1e-3)
            }
            checkGradients([x], parameters: layer.parameters) { v in
                let (y, ld) = layer.forward(v[0])
                return Variable.concat([y, ld.reshaped([3, 1])], axis: 1)
            }
            checkGradients([x], parameters: layer.parameters) { v in layer.inverse(v[0]) }
        }
    }

    func testSinusoidalTimeEmbedding() {
        let emb = SinusoidalTimeEmbedding(dim: 6)
        let t = Tensor([0, 0.5, 3], shape: [3])
        let e = emb(Variable(t)).value
        XCTAssertEqual(e.shape, [3, 6])
        for n in 0..<3 {
            for i in 0..<3 {
                let w = Foundation.pow(10_000.0, -Double(i) / 3)
                XCTAssertEqual(Double(e[n, i]), Foundation.sin(Double(t[n]) * w), accuracy: 1e-6)
                XCTAssertEqual(Double(e[n, i + 3]), Foundation.cos(Double(t[n]) * w), accuracy: 1e-6)
            }
        }
        checkGradients([t], eps: 1e-3) { v in emb(v[0]) }
    }
}

/// log|det A| of a row-major n×n matrix by Gaussian elimination with partial pivoting (slow, obvious).
func logAbsDeterminant(_ matrix: [Double], _ n: Int) -> Double {
    var a = matrix, result = 0.0
    for c in 0..<n {
        let p = (c..<n).max { Swift.abs(a[$0 * n + c]) < Swift.abs(a[$1 * n + c]) }!
        if p != c { for k in 0..<n { a.swapAt(c * n + k, p * n + k) } }
        let pivot = a[c * n + c]
        result += Foundation.log(Swift.abs(pivot))
        for r in (c + 1)..<n {
            let f = a[r * n + c] / pivot
            for k in c..<n { a[r * n + k] -= f * a[c * n + k] }
        }
    }
    return result
}
