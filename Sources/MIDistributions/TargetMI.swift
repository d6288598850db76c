/// Solves for the value of a strength parameter at which a family's MI equals a target, for families
/// whose MI is monotone in that parameter (bisection to the last bit; MI evaluated exactly).
public enum TargetMI {
    /// Finds p in [lo, hi] (or its closure if the target is reached at an end) with mi(p) = target.
    /// `increasing` tells the direction of monotonicity; `hi` may be extended for unbounded parameters.
    public static func solve(
        target: Double, lo: Double, hi: Double, increasing: Bool, unboundedAbove: Bool = false,
        parameter: String, _ mi: (Double) throws -> Double
    ) throws -> Double {
        guard target.isFinite, target >= 0 else { throw DistributionError("--mi must be a non-negative number, got \(target)") }
        var a = lo, b = hi
        func value(_ p: Double) throws -> Double { try mi(p) }
        if unboundedAbove {
            var grow = 0
            while (increasing ? try value(b) < target : try value(b) > target) && grow < 200 { a = b; b *= 2; grow += 1 }
        }
        let va = try value(a), vb = try value(b)
        let (minMI, maxMI) = (min(va, vb), max(va, vb))
        guard target >= minMI - 1e-12, target <= maxMI + 1e-12 else {
            throw DistributionError("--mi \(target) is out of reach by varying \(parameter): achievable range is [\(minMI), \(maxMI))")
        }
        for _ in 0..<300 {
            let mid = 0.5 * (a + b)
            if mid == a || mid == b { break }
            let below = try value(mid) < target
            if below == increasing { a = mid } else { b = mid }
        }
        return 0.5 * (a + b)
    }
}
