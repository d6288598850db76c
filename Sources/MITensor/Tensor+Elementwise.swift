// Elementwise Tensor ops with NumPy broadcasting.
//
// Broadcasting rule (NumPy): shapes are right-aligned; each pair of dimensions must be equal or one of
// them 1; the result takes the larger. An operand is read through "broadcast strides": its contiguous
// strides, with 0 on axes it lacks or where its size is 1, so one strided loop serves every case.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

extension Tensor {
    /// The broadcast result shape of `a` and `b`; traps if they do not broadcast.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        let r = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let da = i < r - a.count ? 1 : a[i - (r - a.count)]
            let db = i < r - b.count ? 1 : b[i - (r - b.count)]
            precondition(da == db || da == 1 || db == 1, "shapes \(a) and \(b) do not broadcast")
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Strides for reading a tensor of `shape` as if it had shape `out` (right-aligned; 0 on broadcast axes).
    static func broadcastStrides(_ shape: [Int], to out: [Int]) -> [Int] {
        precondition(shape.count <= out.count, "cannot broadcast \(shape) to \(out)")
        var strides = [Int](repeating: 0, count: out.count)
        let lead = out.count - shape.count
        var acc = 1
        for a in stride(from: shape.count - 1, through: 0, by: -1) {
            precondition(shape[a] == out[a + lead] || shape[a] == 1, "cannot broadcast \(shape) to \(out)")
            strides[a + lead] = shape[a] == 1 ? 0 : acc
            acc *= shape[a]
        }
        return strides
    }

    /// Walks every element of `outShape` in row-major order, calling `row(outOffset, offsets, inner)` once per
    /// innermost row, where `offsets[k]` is the start of that row in operand k (read with `strides[k].last`).
    @inline(__always)
    static func forEachRow(
        _ outShape: [Int], _ strides: [[Int]],
        _ row: (_ outOffset: Int, _ offsets: [Int], _ inner: Int) -> Void
    ) {
        let total = outShape.reduce(1, *)
        if total == 0 { return }
        let r = outShape.count
        if r == 0 { row(0, [Int](repeating: 0, count: strides.count), 1); return }
        let inner = outShape[r - 1]
        var idx = [Int](repeating: 0, count: r)
        var offs = [Int](repeating: 0, count: strides.count)
        var o = 0
        while o < total {
            row(o, offs, inner)
            o += inner
            // Odometer over axes r-2 ... 0.
            var ax = r - 2
            while ax >= 0 {
                idx[ax] += 1
                for k in 0..<strides.count { offs[k] += strides[k][ax] }
                if idx[ax] < outShape[ax] { break }
                for k in 0..<strides.count { offs[k] -= strides[k][ax] * outShape[ax] }
                idx[ax] = 0
                ax -= 1
            }
        }
    }

    /// out[i] = f(a[i'], b[i'']) under broadcasting.
    @inline(__always)
    static func zip(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape {
            var out = Tensor(uninitializedShape: a.shape)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    out.withUnsafeMutableBufferPointer { po in
                        for i in 0..<po.count { po[i] = f(pa[i], pb[i]) }
                    }
                }
            }
            return out
        }
        if let n = a.shape.last, n > 0, b.shape.last == n, a.rank >= b.rank, b.count == n {
            // b is one row (…, 1, n) against every row of a (a bias): a loop per row, no odometer.
            var out = Tensor(uninitializedShape: a.shape)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    out.withUnsafeMutableBufferPointer { po in
                        let y = pb.baseAddress!
                        var r = 0
                        while r < po.count {
                            // Offset pointers, as in the loops below, so that the row loop vectorises.
                            let (x, z) = (pa.baseAddress! + r, po.baseAddress! + r)
                            for j in 0..<n { z[j] = f(x[j], y[j]) }
                            r += n
                        }
                    }
                }
            }
            return out
        }
        let outShape = broadcastShape(a.shape, b.shape)
        let sa = broadcastStrides(a.shape, to: outShape), sb = broadcastStrides(b.shape, to: outShape)
        let ia = sa.last ?? 0, ib = sb.last ?? 0
        var out = Tensor(uninitializedShape: outShape)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    let (a0, b0, c0) = (pa.baseAddress!, pb.baseAddress!, po.baseAddress!)
                    forEachRow(outShape, [sa, sb]) { o, offs, inner in
                        let (x, y, z) = (a0 + offs[0], b0 + offs[1], c0 + o)
                        // Separate loops for the common inner strides, so each one vectorises.
                        switch (ia, ib) {
                        case (1, 1): for j in 0..<inner { z[j] = f(x[j], y[j]) }
                        case (1, 0): let y0 = y[0]; for j in 0..<inner { z[j] = f(x[j], y0) }
                        case (0, 1): let x0 = x[0]; for j in 0..<inner { z[j] = f(x0, y[j]) }
                        default: for j in 0..<inner { z[j] = f(x[j * ia], y[j * ib]) }
                        }
                    }
                }
            }
        }
        return out
    }

    /// out[i] = f(self[i]).
    @inline(__always)
    func map(_ f: (Float) -> Float) -> Tensor {
        var out = Tensor(uninitializedShape: shape)
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { po in
                for i in 0..<po.count { po[i] = f(p[i]) }
            }
        }
        return out
    }

    /// Materialises `self` broadcast to `target` (a copy).
    public func broadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        let s = Tensor.broadcastStrides(shape, to: target)
        let step = s.last ?? 0
        var out = Tensor(uninitializedShape: target)
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { po in
                let (a0, c0) = (p.baseAddress!, po.baseAddress!)
                Tensor.forEachRow(target, [s]) { o, offs, inner in
                    let (x, z) = (a0 + offs[0], c0 + o)
                    switch step {
                    case 1: z.update(from: x, count: inner)
                    case 0: z.update(repeating: x[0], count: inner)
                    default: for j in 0..<inner { z[j] = x[j * step] }
                    }
                }
            }
        }
        return out
    }

    // MARK: arithmetic

    public static func + (a: Tensor, b: Tensor) -> Tensor { zip(a, b, +) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { zip(a, b, -) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { zip(a, b, *) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { zip(a, b, /) }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }
    public static func - (a: Tensor, s: Float) -> Tensor { a.map { $0 - s } }
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    public static func / (a: Tensor, s: Float) -> Tensor { a.map { $0 / s } }
    public static func + (s: Float, a: Tensor) -> Tensor { a.map { s + $0 } }
    public static func - (s: Float, a: Tensor) -> Tensor { a.map { s - $0 } }
    public static func * (s: Float, a: Tensor) -> Tensor { a.map { s * $0 } }
    public static func / (s: Float, a: Tensor) -> Tensor { a.map { s / $0 } }

    /// self += other, in place; `other` must have exactly this shape.
    public mutating func addInPlace(_ other: Tensor) {
        precondition(shape == other.shape, "addInPlace: \(shape) vs \(other.shape)")
        other.withUnsafeBufferPointer { pb in
            withUnsafeMutableBufferPointer { pa in
                for i in 0..<pa.count { pa[i] += pb[i] }
            }
        }
    }

    public func exp() -> Tensor { map { Glibc.exp($0) } }
    public func log() -> Tensor { map { Glibc.log($0) } }
    public func sqrt() -> Tensor { map { $0.squareRoot() } }
    public func pow(_ p: Float) -> Tensor { map { Glibc.pow($0, p) } }
    public func relu() -> Tensor { map { $0 > 0 ? $0 : 0 } }
    public func sin() -> Tensor { map { Glibc.sin($0) } }
    public func cos() -> Tensor { map { Glibc.cos($0) } }

    /// Elementwise maximum under broadcasting (NaN-propagating is not guaranteed).
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { zip(a, b) { $0 >= $1 ? $0 : $1 } }

    /// 1 where f(a, b) holds, else 0, under broadcasting.
    static func mask(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Bool) -> Tensor {
        zip(a, b) { f($0, $1) ? 1 : 0 }
    }

    /// out = mask ≠ 0 ? a : b, all three broadcast together. Selection (not mask·a + (1−mask)·b), so an
    /// inf or NaN in the unselected branch does not leak into the result.
    public static func select(_ mask: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let outShape = broadcastShape(broadcastShape(mask.shape, a.shape), b.shape)
        let sm = broadcastStrides(mask.shape, to: outShape)
        let sa = broadcastStrides(a.shape, to: outShape), sb = broadcastStrides(b.shape, to: outShape)
        let im = sm.last ?? 0, ia = sa.last ?? 0, ib = sb.last ?? 0
        var out = Tensor(uninitializedShape: outShape)
        mask.withUnsafeBufferPointer { pm in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    out.withUnsafeMutableBufferPointer { po in
                        forEachRow(outShape, [sm, sa, sb]) { o, offs, inner in
                            for j in 0..<inner {
                                po[o + j] = pm[offs[0] + j * im] != 0 ? pa[offs[1] + j * ia] : pb[offs[2] + j * ib]
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
