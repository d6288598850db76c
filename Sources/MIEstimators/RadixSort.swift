/// Doubles in ascending order by an LSD radix sort on order-preserving 64-bit keys (six 11-bit
/// digits, or eight 8-bit ones for short columns; digits equal for every value are skipped): about half the instructions of the standard
/// library's comparison sort, which showed up in the cost of small estimates. Stable; −0 sorts
/// before +0, which compare equal, so the order is still ascending for <. No NaNs (standardized
/// finite data).
enum RadixSort {
    /// The values sorted.
    static func sorted(_ v: [Double]) -> [Double] {
        if v.count < 64 { return v.sorted() }
        return sort(v, carrying: nil).map { k in Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k) }
    }

    /// The indices of the values in ascending order of value (equal values by index).
    static func order(_ v: [Double]) -> [Int32] {
        var index = (0..<v.count).map { Int32($0) }
        if v.count < 64 {
            index.sort { v[Int($0)] < v[Int($1)] || (v[Int($0)] == v[Int($1)] && $0 < $1) }
            return index
        }
        index.withUnsafeMutableBufferPointer { _ = sort(v, carrying: $0.baseAddress!) }
        return index
    }

    /// The sorted keys; `payload` (one Int32 per value), if given, is permuted alongside.
    private static func sort(_ v: [Double], carrying payload: UnsafeMutablePointer<Int32>?) -> [UInt64] {
        let n = v.count
        // 8-bit digits below 4096 values: the per-digit cost of 2048 buckets (clearing, offsets)
        // outweighs two fewer passes over a short column.
        let bits = n < 4096 ? 8 : 11, buckets = 1 << bits, digits = (64 + bits - 1) / bits, mask = UInt64(buckets - 1)
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * n)
        let moved = payload == nil ? nil : UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: buckets * digits)
        defer { keys.deallocate(); moved?.deallocate(); counts.deallocate() }
        counts.initialize(repeating: 0, count: buckets * digits)
        for i in 0..<n {
            let b = v[i].bitPattern, key = b >> 63 == 1 ? ~b : b | (1 << 63)
            keys[i] = key
            for d in 0..<digits { counts[d &* buckets &+ Int((key >> UInt64(d &* bits)) & mask)] &+= 1 }
        }
        var src = keys, dst = keys + n
        var from = payload, to = moved
        for d in 0..<digits {
            let shift = UInt64(d * bits), count = counts + d * buckets
            if count[Int((src[0] >> shift) & mask)] == n { continue }  // all keys share this digit
            var offset = 0
            for b in 0..<buckets { let c = count[b]; count[b] = offset; offset &+= c }
            for i in 0..<n {
                let key = src[i], b = Int((key >> shift) & mask)
                dst[count[b]] = key
                if let from, let to { to[count[b]] = from[i] }
                count[b] &+= 1
            }
            swap(&src, &dst)
            swap(&from, &to)
        }
        if let payload, let from, from != payload { payload.update(from: from, count: n) }
        return Array(UnsafeBufferPointer(start: src, count: n))
    }
}
