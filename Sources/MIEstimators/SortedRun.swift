/// The run of a sorted array whose values lie within a radius of a point, by two binary searches:
/// the KSG counts along one sorted coordinate (KDTree's one-dimensional count, SortedStrip's runs).
enum SortedRun {
    /// The indices i in `range` of the ascending a with (q − a[i])² < r2 (strict) or ≤ r2; empty when
    /// r2 is not positive (strict) or negative.
    @inline(__always)
    static func within(
        _ a: UnsafePointer<Double>, _ range: Range<Int>, around q: Double, radius2 r2: Double, strict: Bool
    ) -> Range<Int> {
        if strict ? !(r2 > 0) : !(r2 >= 0) { return range.lowerBound..<range.lowerBound }
        @inline(__always) func inside(_ t: Double) -> Bool { strict ? t * t < r2 : t * t <= r2 }
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1, s = a[mid]
            if s >= q || inside(q - s) { hi = mid } else { lo = mid + 1 }
        }
        let first = lo
        hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1, s = a[mid]
            if s > q && !inside(q - s) { hi = mid } else { lo = mid + 1 }
        }
        return first..<lo
    }
}
