#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

/// Maps data values onto a pixel interval, linearly or by log10, with "nice" tick values
/// (1, 2 or 5 times a power of ten).
public struct Scale {
    public let lower: Double, upper: Double
    public let pixels: ClosedRange<Double>
    public let logarithmic: Bool
    /// Screen direction: y axes grow upward (the pixel range is flipped).
    public let flipped: Bool

    /// A scale covering `values` (padded a little; a single value gets a unit range around it).
    public init(covering values: [Double], pixels: ClosedRange<Double>, logarithmic: Bool = false, flipped: Bool = false, includeZero: Bool = false) {
        let finite = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if includeZero && !logarithmic { lo = min(lo, 0); hi = max(hi, 0) }
        if logarithmic {
            if finite.isEmpty { (lo, hi) = (0.1, 1) }
            lo = pow(10, floor(log10(lo))); hi = pow(10, ceil(log10(hi)))
            if lo == hi { hi = lo * 10 }
        } else {
            if lo == hi { lo -= 0.5; hi += 0.5 }
            let step = Self.niceStep((hi - lo) / 5)
            lo = floor(lo / step) * step; hi = ceil(hi / step) * step
        }
        self.init(lower: lo, upper: hi, pixels: pixels, logarithmic: logarithmic, flipped: flipped)
    }

    public init(lower: Double, upper: Double, pixels: ClosedRange<Double>, logarithmic: Bool = false, flipped: Bool = false) {
        self.lower = lower; self.upper = upper; self.pixels = pixels; self.logarithmic = logarithmic; self.flipped = flipped
    }

    public func callAsFunction(_ v: Double) -> Double {
        let t: Double
        if logarithmic {
            t = (log10(max(v, lower * 1e-3)) - log10(lower)) / (log10(upper) - log10(lower))
        } else {
            t = (v - lower) / (upper - lower)
        }
        let u = flipped ? 1 - t : t
        return pixels.lowerBound + u * (pixels.upperBound - pixels.lowerBound)
    }

    /// Tick values inside the range.
    public var ticks: [Double] {
        if logarithmic {
            let a = Int(floor(log10(lower) + 1e-9)), b = Int(ceil(log10(upper) - 1e-9))
            return (a...max(a, b)).map { pow(10, Double($0)) }
        }
        let step = Self.niceStep((upper - lower) / 5)
        let first = ceil(lower / step - 1e-9)
        return (0...50).map { (first + Double($0)) * step }.filter { $0 <= upper + step * 1e-9 }
    }

    /// A tick label: short decimal, or 1e-3 style on log scales.
    public func label(_ v: Double) -> String {
        if logarithmic {
            let e = Int(log10(v).rounded())
            return e >= 0 && e <= 3 ? "\(Int(pow(10, Double(e))))" : "1e\(e)"
        }
        let step = Self.niceStep((upper - lower) / 5)
        return SVGCanvas.number(v, places: max(0, Int(ceil(-log10(step) - 1e-9))))
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let p = pow(10, floor(log10(raw)))
        let m = raw / p
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p
    }
}
