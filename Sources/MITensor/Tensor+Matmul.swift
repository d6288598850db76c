// Matrix products through OpenBLAS `cblas_sgemm` (opened on first use: BLASLibrary).
//
// C = α · op(A) · op(B) with op(X) = X or Xᵀ (α = `scale`, 1 by default, applied by sgemm), where the transpose is passed to sgemm as a flag (no copy):
//   A: (m, k), or (k, m) when transposeA      B: (k, n), or (n, k) when transposeB      C: (m, n)
// Batched: rank-3 operands multiply batch by batch, (b, ·, ·) × (b, ·, ·) → (b, m, n). A rank-2 operand
// next to a rank-3 one is shared by every batch (batch stride 0), e.g. (b, m, k) × (k, n) → (b, m, n).
// With Threads.count > 1 a large product is split over threads (GEMM below).
// `bias` (n): added to every row of C by sgemm itself (C filled with it, β = 1): the bias of a linear
// layer without a second pass over C, and without sgemm's β = 0 clearing of C.


extension Tensor {
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false, scale: Float = 1,
        bias: Tensor? = nil
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

        precondition(bias == nil || bias!.shape == [n], "matmul bias \(bias!.shape) for \(n) columns")
        let outShape = batched ? [batch, m, n] : [m, n]
        if m == 0 || n == 0 || (batched && batch == 0) { return Tensor.zeros(outShape) }
        // With a bias every row of C starts as the bias and sgemm adds the product to it (β = 1);
        // without, sgemm with β = 0 writes every element.
        var out = bias?.broadcast(to: outShape) ?? Tensor(uninitializedShape: outShape)
        if k == 0 { return bias == nil ? Tensor.zeros(outShape) : out }
        // Row-major leading dimension = stored column count.
        let lda = Int32(ac), ldb = Int32(bc), ldc = Int32(n)
        let strideA = a.rank == 3 ? ar * ac : 0, strideB = b.rank == 3 ? br * bc : 0, strideC = m * n
        let gemm = GEMM(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, lda: lda, ldb: ldb, ldc: ldc, alpha: scale,
            beta: bias == nil ? 0 : 1)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    let count = batched ? batch : 1
                    if count >= Threads.count && gemm.isWorthSplitting(times: count) {
                        // Whole products per thread.
                        Threads.forEachChunk(count, minimum: 1) { _, range in
                            for i in range { gemm.run(pa.baseAddress! + i * strideA, pb.baseAddress! + i * strideB, pc.baseAddress! + i * strideC) }
                        }
                    } else {
                        for i in 0..<count { gemm.split(pa.baseAddress! + i * strideA, pb.baseAddress! + i * strideB, pc.baseAddress! + i * strideC) }
                    }
                }
            }
        }
        return out
    }
}

/// One row-major sgemm C = α · op(A) · op(B) + β · C (β = 0 or 1), run whole or split over `Threads.count` threads:
/// by rows of C when m is large, else by its columns, else by the inner dimension (partial products
/// summed in chunk order). Each part is the same sgemm on an offset pointer with the same leading
/// dimensions.
struct GEMM {
    let transposeA: Bool, transposeB: Bool
    let m: Int, n: Int, k: Int
    let lda: Int32, ldb: Int32, ldc: Int32
    var alpha: Float = 1
    var beta: Float = 0
    /// Below this many multiply-adds a product is not split (thread start-up would cost more).
    static let minimumWork = 1 << 20
    /// The smallest part of a split dimension.
    static let minimumRows = 32

    func isWorthSplitting(times count: Int) -> Bool { Threads.count > 1 && count * m * n * k >= GEMM.minimumWork }

    func run(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, m: Int? = nil, n: Int? = nil, k: Int? = nil,
        beta: Float? = nil
    ) {
        let ta = transposeA ? BLASLibrary.trans : BLASLibrary.noTrans, tb = transposeB ? BLASLibrary.trans : BLASLibrary.noTrans
        BLASLibrary.entries.sgemm(
            BLASLibrary.rowMajor, ta, tb, Int32(m ?? self.m), Int32(n ?? self.n), Int32(k ?? self.k), alpha, a, lda, b, ldb, beta ?? self.beta, c,
            ldc)
    }

    func split(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>) {
        let t = Threads.count, rows = GEMM.minimumRows
        guard isWorthSplitting(times: 1) else { return run(a, b, c) }
        if m >= t * rows {
            // Rows i of op(A): row i of A, or column i of the stored (k, m) Aᵀ.
            Threads.forEachChunk(m, minimum: rows) { _, r in
                run(a + r.lowerBound * (transposeA ? 1 : Int(lda)), b, c + r.lowerBound * Int(ldc), m: r.count)
            }
        } else if n >= t * rows {
            // Columns j of op(B): column j of B, or row j of the stored (n, k) Bᵀ.
            Threads.forEachChunk(n, minimum: rows) { _, r in
                run(a, b + r.lowerBound * (transposeB ? Int(ldb) : 1), c + r.lowerBound, n: r.count)
            }
        } else if k >= t * rows {
            // Inner index l: column l of A (row l of Aᵀ) and row l of B (column l of Bᵀ); chunk 0
            // writes C (β as given), the others a partial product each (β = 0), added to C in chunk order.
            let chunks = Threads.chunkCount(k, minimum: rows), size = m * n
            let partial = UnsafeMutablePointer<Float>.allocate(capacity: (chunks - 1) * size)
            defer { partial.deallocate() }
            Threads.forEachChunk(k, minimum: rows) { ci, r in
                let pa = a + r.lowerBound * (transposeA ? Int(lda) : 1), pb = b + r.lowerBound * (transposeB ? 1 : Int(ldb))
                if ci == 0 {
                    run(pa, pb, c, k: r.count)
                } else {
                    // ldc = n: a partial is a dense (m, n) block.
                    run(pa, pb, partial + (ci - 1) * size, k: r.count, beta: 0)
                }
            }
            for ci in 1..<chunks {
                let p = partial + (ci - 1) * size
                for i in 0..<m { for j in 0..<n { c[i * Int(ldc) + j] += p[i * n + j] } }
            }
        } else {
            run(a, b, c)
        }
    }
}
