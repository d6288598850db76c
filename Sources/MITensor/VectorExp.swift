// e^x on eight floats at once, for the softmax of attention (libm's scalar expf was 7% of a
// set-transformer step and the softmax loop around it another 7%: Benchmarks/core-results.md).
//
// The classic range reduction: x = n·ln 2 + r with n = round(x / ln 2) and |r| ≤ ln 2 / 2 (ln 2 in
// two parts so that n·ln 2 is exact to float precision), e^r by Cephes's degree-7 polynomial for
// expf (1 + r + r²·P(r)), then 2ⁿ put into the exponent bits. Relative error under 2.5e-7 (a few
// ulp; the test measures it against libm). Outside [−87.34, 88.38], where the result is not a
// normal float: 0 below, +∞ above; NaN stays NaN.

import CProcessor

enum VectorExp {
    static let log2e: Float = 1.442_695_04, ln2Hi: Float = 0.693_359_375, ln2Lo: Float = -2.121_944_4e-4
    static let low: Float = -87.336_54, high: Float = 88.376_26
    /// 1.5 · 2²³: adding and subtracting it rounds a float of magnitude < 2²² to the nearest integer.
    static let roundingShift: Float = 12_582_912

    static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // Clamped by two blends (`clamped(lowerBound:upperBound:)` went through the generic
        // pointwiseMin/Max, 4% of a MIST inference); NaN passes through both.
        var clamped = x
        clamped.replace(with: low, where: x .< low)
        clamped.replace(with: high, where: x .> high)
        let shifted = clamped * log2e + roundingShift
        let n = shifted - roundingShift
        let r = clamped - n * ln2Hi - n * ln2Lo
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let er = p * (r * r) + r + 1
        // 2ⁿ: n + 127 in the exponent field (n is within [−126, 127] after the clamp). n as an
        // integer is what the rounding shift left in the low bits of `shifted` (a float-to-integer
        // conversion of the vector would go element by element).
        let n32 = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(SIMD8<Float>(repeating: roundingShift), to: SIMD8<Int32>.self)
        let bits = (n32 &+ 127) &<< 23
        var y = er * unsafeBitCast(bits, to: SIMD8<Float>.self)
        y.replace(with: 0, where: x .< low)
        y.replace(with: .infinity, where: x .> high)
        y.replace(with: .nan, where: x .!= x)
        return y
    }

    /// Whether this processor runs the AVX2 row loops of softmax and layer normalisation (CProcessor:
    /// the same operations as `exp` and the Swift loops, eight lanes to an instruction instead of two
    /// SSE halves; the same bits).
    static let avx2 = mi_cpu_has_avx2() != 0
    /// Whether it runs the AVX-512 softmax (sixteen lanes of e^ at a time; the same bits).
    static let avx512 = mi_cpu_has_avx512() != 0

    /// out[i] = e^(in[i] − shift) for i < count; returns their sum (in groups of eight, then added).
    /// The portable softmax row (Tensor.softmaxLastAxis without AVX2), and the oracle of the C rows.
    static func shiftedExp(_ input: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int, shift: Float) -> Float {
        var sum = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= count {
            let v = exp(UnsafeRawPointer(input + i).loadUnaligned(as: SIMD8<Float>.self) - shift)
            UnsafeMutableRawPointer(out + i).storeBytes(of: v, as: SIMD8<Float>.self)
            sum += v
            i += 8
        }
        if i < count {
            // The tail through the same polynomial, padded with −∞ (whose e^x is 0).
            var tail = SIMD8<Float>(repeating: -.infinity)
            for j in i..<count { tail[j - i] = input[j] - shift }
            let v = exp(tail)
            for j in i..<count { out[j] = v[j - i] }
            sum += v
        }
        return sum.sum()
    }
}
