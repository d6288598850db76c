// Threads inside one op: matrix products (Tensor+Matmul) and the pairwise kernel (Variable+Pairwise)
// split their rows, columns or inner dimension over `Threads.count` threads; the other ops stay on
// the calling thread. OpenBLAS itself always runs single-threaded: its own threads spin between
// calls and split the skinny products of a critic (65536 × 16 · 16 × 8) badly, so the splitting is
// done here, in fixed chunks (the same result for a given count). The tools keep 1: their
// parallelism is over data sets and replicas, where threads inside an op would only contend.

import Dispatch

public enum Threads {
    /// Threads one op may use (1: none besides the caller).
    public internal(set) nonisolated(unsafe) static var count = 1

    /// How many chunks `forEachChunk` makes of 0..<n: at most `count`, each of at least `minimum`.
    static func chunkCount(_ n: Int, minimum: Int) -> Int { Swift.max(1, Swift.min(count, n / Swift.max(1, minimum))) }

    /// Splits 0..<n into `chunkCount(n, minimum:)` contiguous chunks and runs body(index, range) on
    /// each in parallel (on the caller alone when there is one chunk).
    static func forEachChunk(_ n: Int, minimum: Int, _ body: (_ index: Int, _ range: Range<Int>) -> Void) {
        let chunks = chunkCount(n, minimum: minimum)
        run(chunks) { c in body(c, chunk(c, of: chunks, n)) }
    }

    /// Runs body(0..<chunks) in parallel; each call must touch only memory of its own (or read-only).
    private static func run(_ chunks: Int, _ body: (Int) -> Void) {
        if chunks == 1 { return body(0) }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: chunks) { work($0) }
        }
    }

    /// Chunk c of `chunks` equal parts of 0..<n (the first n % chunks one longer).
    static func chunk(_ c: Int, of chunks: Int, _ n: Int) -> Range<Int> {
        let base = n / chunks, extra = n % chunks
        let start = c * base + Swift.min(c, extra)
        return start..<(start + base + (c < extra ? 1 : 0))
    }
}

extension Tensor {
    /// Threads one op may use (`Threads.count`; OpenBLAS itself stays at one). Process-wide; the
    /// tools and tests use 1, the default.
    public static func setThreadCount(_ n: Int) { Threads.count = Swift.max(1, n) }
}
