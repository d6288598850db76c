// The eight-wide e^x of the softmax against libm's expf: relative error over the whole float range
// it covers, and the ends (underflow to 0, overflow to +∞, NaN, −∞); the C row loops (AVX2, AVX-512)
// against the Swift ones, bit for bit.

import Glibc
import XCTest
@testable import MITensor

final class VectorExpTests: XCTestCase {
    func testMatchesLibmToAFewUlp() {
        var worst: Float = 0
        var x: Float = -87
        while x < 88 {
            let v = VectorExp.exp(SIMD8((0..<8).map { x + Float($0) * 1.3e-3 }))
            for j in 0..<8 {
                let want = Glibc.expf(x + Float(j) * 1.3e-3)
                worst = Swift.max(worst, Swift.abs(v[j] - want) / want)
            }
            x += 0.0173
        }
        XCTAssertLessThan(worst, 2.5e-7, "largest relative error")
        XCTAssertGreaterThan(worst, 0, "a polynomial, not libm: some error is expected")
    }

    func testEnds() {
        let v = VectorExp.exp(SIMD8([-.infinity, -200, -87.5, 0, 1, 89, .infinity, .nan]))
        XCTAssertEqual([v[0], v[1], v[2], v[3], v[5], v[6]], [0, 0, 0, 1, .infinity, .infinity])
        XCTAssertEqual(v[4], Float(M_E), accuracy: 3e-7 * Float(M_E))
        XCTAssertTrue(v[7].isNaN)
    }

    func testShiftedExpSumsAndTails() {
        // Counts around multiples of eight: the tail goes through the same polynomial.
        for count in [1, 7, 8, 9, 23] {
            let input = (0..<count).map { Float($0) * 0.37 - 3 }
            var out = [Float](repeating: -1, count: count)
            let sum = input.withUnsafeBufferPointer { p in
                out.withUnsafeMutableBufferPointer { o in VectorExp.shiftedExp(p.baseAddress!, o.baseAddress!, count: count, shift: 0.5) }
            }
            for i in 0..<count { XCTAssertEqual(out[i], Glibc.expf(input[i] - 0.5), accuracy: 3e-7 * Glibc.expf(input[i] - 0.5)) }
            XCTAssertEqual(sum, out.reduce(0, +), accuracy: 1e-5 * sum)
        }
    }

    /// The softmax of all rows in one AVX2 (or AVX-512) call gives the bits of the row-by-row loop: rows shorter
    /// than a block, of whole blocks and with a tail; masked (−∞) entries, a row of one value, large
    /// magnitudes, a NaN.
    func testSoftmaxRowsInOneCallGiveTheSameBits() throws {
        try XCTSkipUnless(VectorExp.avx2, "this processor has no AVX2")
        var rng = RandomStream(seed: 13)
        for n in [1, 3, 8, 16, 19, 24, 500] {
            var values = (0..<(5 * n)).map { _ in Float(rng.uniform(-30, 30)) }
            values[n / 2] = -.infinity
            for j in n..<(2 * n) { values[j] = 2.5 }
            values[2 * n] = 80
            values[3 * n + n / 3] = .nan
            let x = Tensor(values, shape: [5, n])
            let loop = x.softmaxLastAxis(avx2: false).scalars.map(\.bitPattern)
            XCTAssertEqual(x.softmaxLastAxis(avx2: true).scalars.map(\.bitPattern), loop, "n \(n)")
            if VectorExp.avx512 { XCTAssertEqual(x.softmaxLastAxis(avx2: false, avx512: true).scalars.map(\.bitPattern), loop, "AVX-512, n \(n)") }
        }
        // e^'s ends through the C rows, in a block of sixteen and one of eight: below −87.34 (0), at it,
        // just above, −0, a denormal's worth, and the largest finite gap.
        let ends: [Float] = [0, -87.34, -87.33, -87.5, -200, -0.0, 1e-30, -.greatestFiniteMagnitude, -3, -1, -0.5, -2, -90, -86, -1e-7, -88]
        let x = Tensor(ends + ends.reversed() + [-4, -5, -6], shape: [1, 35])
        let loop = x.softmaxLastAxis(avx2: false).scalars.map(\.bitPattern)
        XCTAssertEqual(x.softmaxLastAxis(avx2: true).scalars.map(\.bitPattern), loop, "ends")
        if VectorExp.avx512 { XCTAssertEqual(x.softmaxLastAxis(avx2: false, avx512: true).scalars.map(\.bitPattern), loop, "AVX-512 ends") }
        XCTAssertEqual(Tensor(uninitializedShape: [0, 4]).softmaxLastAxis(avx2: true).shape, [0, 4])
    }

    /// Layer normalisation of all rows in one AVX2 call gives the bits of the row loop: rows of whole
    /// blocks and with a tail, with and without the affine map, with x̂ kept.
    func testLayerNormRowsInOneCallGiveTheSameBits() throws {
        try XCTSkipUnless(VectorExp.avx2, "this processor has no AVX2")
        var rng = RandomStream(seed: 14)
        for n in [1, 5, 8, 19, 64] {
            let x = Tensor.randomNormal([7, n], rng: &rng) * 3 + 2
            let w = Tensor.randomNormal([n], rng: &rng), b = Tensor.randomNormal([n], rng: &rng)
            for (weight, bias, keep) in [(w, b, false), (w, b, true), (nil, nil, false)] as [(Tensor?, Tensor?, Bool)] {
                let fast = x.normalizedRows(eps: 1e-5, weight: weight, bias: bias, keepNormalized: keep, avx2: true)
                let loop = x.normalizedRows(eps: 1e-5, weight: weight, bias: bias, keepNormalized: keep, avx2: false)
                let label = "n \(n), affine \(weight != nil), keep \(keep)"
                XCTAssertEqual(fast.output.scalars.map(\.bitPattern), loop.output.scalars.map(\.bitPattern), label)
                XCTAssertEqual(fast.inverseStd.scalars.map(\.bitPattern), loop.inverseStd.scalars.map(\.bitPattern), label)
                XCTAssertEqual(fast.normalized?.scalars.map(\.bitPattern), loop.normalized?.scalars.map(\.bitPattern), label)
            }
        }
    }
}
