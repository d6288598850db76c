// Matrix products through OpenBLAS `cblas_sgemm` (opened on first use: BLASLibrary).
//
// C = op(A) · op(B) with op(X) = X or Xᵀ, where the transpose is passed to sgemm as a flag (no copy):
//   A: (m, k), or (k, m) when transposeA      B: (k, n), or (n, k) when transposeB      C: (m, n)
// Batched: rank-3 operands multiply batch by batch, (b, ·, ·) × (b, ·, ·) → (b, m, n). A rank-2 operand
// next to a rank-3 one is shared by every batch (batch stride 0), e.g. (b, m, k) × (k, n) → (b, m, n).

extension Tensor {
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) -> Tensor {
        precondition(
            (a.rank == 2 || a.rank == 3) && (b.rank == 2 || b.rank == 3),
            "matmul needs rank-2 or rank-3 operands, got \(a.shape) and \(b.shape)")
        let batched = a.rank == 3 || b.rank == 3
        let batch = a.rank == 3 ? a.shape[0] : b.shape[0]
        if a.rank == 3 && b.rank == 3 {
            precondition(a.shape[0] == b.shape[0], "matmul batch mismatch \(a.shape) vs \(b.shape)")
        }
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (kb, n) = transposeB ? (bc, br) : (br, bc)
        precondition(k == kb, "matmul inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") × \(b.shape)\(transposeB ? "ᵀ" : "")")

        let outShape = batched ? [batch, m, n] : [m, n]
        if m == 0 || n == 0 || k == 0 || batch == 0 { return Tensor.zeros(outShape) }
        var out = Tensor(uninitializedShape: outShape)  // sgemm with β = 0 writes every element
        // Row-major leading dimension = stored column count.
        let lda = Int32(ac), ldb = Int32(bc), ldc = Int32(n)
        let strideA = a.rank == 3 ? ar * ac : 0, strideB = b.rank == 3 ? br * bc : 0, strideC = m * n
        let ta = transposeA ? BLASLibrary.trans : BLASLibrary.noTrans, tb = transposeB ? BLASLibrary.trans : BLASLibrary.noTrans
        let sgemm = BLASLibrary.entries.sgemm
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    for i in 0..<(batched ? batch : 1) {
                        sgemm(
                            BLASLibrary.rowMajor, ta, tb, Int32(m), Int32(n), Int32(k),
                            1, pa.baseAddress! + i * strideA, lda,
                            pb.baseAddress! + i * strideB, ldb,
                            0, pc.baseAddress! + i * strideC, ldc)
                    }
                }
            }
        }
        return out
    }

    /// Sets OpenBLAS's thread count (process-wide). Tests and CI use 1. Does not load OpenBLAS: a
    /// count set before its first use is applied when it is loaded.
    public static func setBLASThreadCount(_ n: Int) {
        if BLASLibrary.isLoaded { BLASLibrary.entries.setThreads(Int32(n)) } else { BLASLibrary.pendingThreads = Int32(n) }
    }
}
