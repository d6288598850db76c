/// Doubles (or floats) in ascending order by an LSD radix sort on order-preserving 64-bit (32-bit) keys
/// (11-bit digits, or 8-bit ones for short columns; digits equal for every value are skipped): about half the instructions of the standard
/// library's comparison sort, which showed up in the cost of small estimates. Stable; −0 sorts
/// before +0, which compare equal, so the order is still ascending for <. No NaNs (standardized
/// finite data).
enum RadixSort {
    /// The values sorted.
    static func sorted(_ v: [Double]) -> [Double] {
        if v.count < 64 { return v.sorted() }
        return sort(v.map(key), carrying: nil).map { k in Double(bitPattern: k >> 63 == 1 ? k & ~(1 << 63) : ~k) }
    }

    /// The indices of the values in ascending order of value (equal values by index).
    static func order(_ v: [Double]) -> [Int32] { order(v, keys: { $0.map(key) }) }

    /// The same for floats, on 32-bit keys: half the digits of a double's (the tools' data are floats).
    static func order(_ v: [Float]) -> [Int32] { order(v, keys: { $0.map(key) }) }

    /// Order-preserving unsigned keys: the sign bit flipped for positive values, every bit for negative ones.
    static func key(_ d: Double) -> UInt64 { let b = d.bitPattern; return b >> 63 == 1 ? ~b : b | (1 << 63) }
    static func key(_ f: Float) -> UInt32 { let b = f.bitPattern; return b >> 31 == 1 ? ~b : b | (1 << 31) }

    private static func order<T: Comparable, Key: FixedWidthInteger & UnsignedInteger>(_ v: [T], keys: ([T]) -> [Key]) -> [Int32] {
        var index = (0..<v.count).map { Int32($0) }
        if v.count < 64 {
            index.sort { v[Int($0)] < v[Int($1)] || (v[Int($0)] == v[Int($1)] && $0 < $1) }
            return index
        }
        index.withUnsafeMutableBufferPointer { _ = sort(keys(v), carrying: $0.baseAddress!) }
        return index
    }

    /// The keys sorted (an LSD radix sort on unsigned keys whose order is the values' order);
    /// `payload` (one Int32 per key), if given, is permuted alongside.
    private static func sort<Key: FixedWidthInteger & UnsignedInteger>(_ input: [Key], carrying payload: UnsafeMutablePointer<Int32>?) -> [Key] {
        let n = input.count, width = Key.bitWidth
        // 8-bit digits below 4096 values: the per-digit cost of 2048 buckets (clearing, offsets)
        // outweighs two fewer passes over a short column.
        let bits = n < 4096 ? 8 : 11, buckets = 1 << bits, digits = (width + bits - 1) / bits, mask = Key(buckets - 1)
        let keys = UnsafeMutablePointer<Key>.allocate(capacity: 2 * n)
        let moved = payload == nil ? nil : UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: buckets * digits)
        defer { keys.deallocate(); moved?.deallocate(); counts.deallocate() }
        counts.initialize(repeating: 0, count: buckets * digits)
        for i in 0..<n {
            let key = input[i]
            keys[i] = key
            for d in 0..<digits { counts[d &* buckets &+ Int((key >> Key(d &* bits)) & mask)] &+= 1 }
        }
        var src = keys, dst = keys + n
        var from = payload, to = moved
        for d in 0..<digits {
            let shift = Key(d * bits), count = counts + d * buckets
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
