#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import RealModule

/// Special functions used by the samplers' ground truths and the estimators, in Double precision.
public enum Special {
    /// log Γ(x) for x > 0.
    public static func logGamma(_ x: Double) -> Double { Double.logGamma(x) }

    /// The digamma function ψ(x) = d/dx log Γ(x), for x > 0 (and non-integer x < 0 by reflection).
    /// Recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then the asymptotic series in 1/x²; absolute
    /// error below 1e-14 for x ≥ 1e-3.
    public static func digamma(_ x: Double) -> Double {
        if x <= 0 && x == x.rounded(.down) { return .nan }
        if x < 0 { return digamma(1 - x) - Double.pi / tan(Double.pi * x) }
        var v = x, acc = 0.0
        while v < 10 { acc -= 1 / v; v += 1 }
        let f = 1 / (v * v)
        // Bernoulli-number coefficients B_2k / (2k): 1/12, 1/120, 1/252, 1/240, 1/132, 691/32760, 1/12
        let series =
            f
            * (1.0 / 12 - f
                * (1.0 / 120 - f
                    * (1.0 / 252 - f
                        * (1.0 / 240 - f
                            * (1.0 / 132
                                - f * (691.0 / 32760 - f / 12))))))
        return acc + log(v) - 0.5 / v - series
    }

    /// The error function.
    public static func erf(_ x: Double) -> Double { Double.erf(x) }

    /// The complementary error function.
    public static func erfc(_ x: Double) -> Double { Double.erfc(x) }

    /// Standard normal CDF Φ(x) = ½·erfc(−x/√2), accurate in both tails.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * Double.erfc(-x / 2.0.squareRoot()) }

    /// Standard normal log density.
    public static func normalLogPDF(_ x: Double) -> Double { -0.5 * x * x - 0.918_938_533_204_672_7 }

    /// Inverse of the standard normal CDF, Φ⁻¹(p) for p in (0, 1): Wichura's AS 241 (PPND16),
    /// relative accuracy about 1e-16.
    public static func normalQuantile(_ p: Double) -> Double {
        if p <= 0 { return p == 0 ? -.infinity : .nan }
        if p >= 1 { return p == 1 ? .infinity : .nan }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num =
                (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.387132872796366608)
            let den =
                (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                    + 42.313330701600911252) * r + 1)
            return q * num / den
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            value =
                (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                    + 4.6303378461565452959) * r + 1.42343711074968357734)
                / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                    + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                    + 2.05319162663775882187) * r + 1)
        } else {
            r -= 5
            value =
                (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                    + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                    + 5.4637849111641143699) * r + 6.6579046435011037772)
                / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                    + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                    + 0.59983220655588793769) * r + 1)
        }
        return q < 0 ? -value : value
    }

    /// Inverse error function, erf⁻¹(y) for y in (−1, 1), through Φ⁻¹: erf⁻¹(y) = Φ⁻¹((1+y)/2)/√2,
    /// refined by two Newton steps on erf for full precision near ±1.
    public static func erfInverse(_ y: Double) -> Double {
        if y <= -1 { return y == -1 ? -.infinity : .nan }
        if y >= 1 { return y == 1 ? .infinity : .nan }
        var x = normalQuantile((1 + y) / 2) / 2.0.squareRoot()
        for _ in 0..<2 {
            let err = Double.erf(x) - y
            x -= err / (2 / Double.pi.squareRoot() * exp(-x * x))
        }
        return x
    }
}
