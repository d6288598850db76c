// Products of attention heads where they lie. A (B, N, h·d) tensor holds, for each of its B sets, h
// matrices (N, d) side by side: head j in columns j·d ..< (j + 1)·d, consecutive rows h·d apart. sgemm
// reads and writes such a matrix through its leading dimension, so attention needs no copy of Q, K and V
// split into heads, nor of the heads merged back (those permutations were most of its copying).

/// Where matrix i of a batch of B·h matrices lies in its tensor: set i / h, head i % h.
public struct HeadLayout: Equatable, Sendable {
    /// Offsets of a set's first matrix, of a head's within its set, and between a matrix's rows.
    public let setStride: Int, headStride: Int, rowStride: Int

    /// (B, N, h·d): each set's h heads side by side.
    public static func interleaved(rows n: Int, heads h: Int, width d: Int) -> HeadLayout {
        HeadLayout(setStride: n * h * d, headStride: d, rowStride: h * d)
    }

    /// (B·h, R, C): one whole matrix after another.
    public static func stacked(rows r: Int, columns c: Int, heads h: Int) -> HeadLayout {
        HeadLayout(setStride: h * r * c, headStride: r * c, rowStride: c)
    }

    func offset(_ i: Int, heads h: Int) -> Int { (i / h) * setStride + (i % h) * headStride }
}

extension Tensor {
    /// C_i = α·op(A_i)·op(B_i) for the `count` matrices i (count = B·h) of A, B and C in their layouts;
    /// op(A_i) is (m, k), op(B_i) is (k, n). The matrices of C must cover `shape` (each element is
    /// written once, by sgemm with β = 0).
    public static func headProducts(
        count: Int, heads h: Int, _ a: Tensor, _ la: HeadLayout, _ b: Tensor, _ lb: HeadLayout,
        shape: [Int], _ lc: HeadLayout, m: Int, n: Int, k: Int,
        transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1
    ) -> Tensor {
        precondition(h > 0 && count % h == 0, "head products: \(count) matrices for \(h) heads")
        if count == 0 || m == 0 || n == 0 || k == 0 { return Tensor.zeros(shape) }
        var out = Tensor(uninitializedShape: shape)
        let gemm = GEMM(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, lda: Int32(la.rowStride), ldb: Int32(lb.rowStride),
            ldc: Int32(lc.rowStride), alpha: alpha)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    func product(_ i: Int) {
                        gemm.run(pa.baseAddress! + la.offset(i, heads: h), pb.baseAddress! + lb.offset(i, heads: h), pc.baseAddress! + lc.offset(i, heads: h))
                    }
                    if count >= Threads.count && gemm.isWorthSplitting(times: count) {
                        Threads.forEachChunk(count, minimum: 1) { _, range in for i in range { product(i) } }
                    } else {
                        for i in 0..<count { product(i) }
                    }
                }
            }
        }
        return out
    }
}
