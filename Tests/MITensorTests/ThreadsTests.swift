// Ops split over threads (Threads.count > 1) against the same ops on one thread: matrix products
// split by rows, by columns, by the inner dimension and by batch, in every transpose; the pairwise
// ReLU's values and gradients.

import XCTest
@testable import MITensor

final class ThreadsTests: XCTestCase {
    override func tearDown() { Tensor.setThreadCount(1) }

    /// f on one thread and on `threads`: the two results.
    func both<T>(threads: Int, _ f: () -> T) -> (T, T) {
        Tensor.setThreadCount(1)
        let one = f()
        Tensor.setThreadCount(threads)
        let many = f()
        Tensor.setThreadCount(1)
        return (one, many)
    }

    func testChunksCoverTheRangeInOrder() {
        for (n, chunks) in [(10, 3), (7, 7), (64, 2), (5, 1)] {
            let parts = (0..<chunks).map { Threads.chunk($0, of: chunks, n) }
            XCTAssertEqual(parts.flatMap { Array($0) }, Array(0..<n))
            XCTAssertLessThanOrEqual(parts.map(\.count).max()! - parts.map(\.count).min()!, 1)
        }
    }

    func testSplitProductsWithBiasEqualTheWholeProductPlusBias() {
        var rng = RandomStream(seed: 92)
        // Split by rows, by columns, by the inner dimension: only the inner split's chunk 0 starts from the bias.
        for (m, n, k) in [(4096, 16, 32), (8, 4096, 64), (8, 16, 16384)] {
            let a = Tensor.randomNormal([m, k], rng: &rng), b = Tensor.randomNormal([n, k], rng: &rng), bias = Tensor.randomNormal([n], rng: &rng)
            XCTAssertGreaterThanOrEqual(m * n * k, GEMM.minimumWork, "the case must be large enough to split")
            let (one, many) = both(threads: 2) { Tensor.matmul(a, b, transposeB: true, bias: bias) }
            let plain = Tensor.matmul(a, b, transposeB: true) + bias
            // sgemm adds its blocks of the inner dimension to C one by one, so C starting from the bias
            // rounds differently from the bias added last: equal to rounding, not bit for bit.
            for (x, y) in zip(one.scalars + many.scalars, plain.scalars + plain.scalars) where abs(x - y) > 1e-3 * max(1, abs(y)) {
                return XCTFail("\(x) vs \(y)")
            }
        }
    }

    func testSplitProductsEqualTheWholeProduct() {
        var rng = RandomStream(seed: 91)
        // (m, n, k): split by rows; by columns (m small); by the inner dimension (m, n small).
        for (m, n, k) in [(4096, 16, 32), (8, 4096, 64), (8, 16, 16384)] {
            for ta in [false, true] {
                for tb in [false, true] {
                    let a = Tensor.randomNormal(ta ? [k, m] : [m, k], rng: &rng)
                    let b = Tensor.randomNormal(tb ? [n, k] : [k, n], rng: &rng)
                    XCTAssertGreaterThanOrEqual(m * n * k, GEMM.minimumWork, "the case must be large enough to split")
                    for threads in [2, 3] {
                        let (one, many) = both(threads: threads) { Tensor.matmul(a, b, transposeA: ta, transposeB: tb) }
                        // Rows and columns: the same sgemm on the same numbers; the inner split adds
                        // partial sums in another order.
                        assertClose(many, one, tol: k > 1000 ? 1e-3 : 1e-5)
                    }
                }
            }
        }
        // Batched: whole products per thread (batch ≥ threads), and a batch of one split within.
        for batch in [1, 6] {
            let a = Tensor.randomNormal([batch, 512, 64], rng: &rng), b = Tensor.randomNormal([64, 48], rng: &rng)
            let (one, many) = both(threads: 2) { Tensor.matmul(a, b) }
            assertClose(many, one, tol: 1e-5)
        }
    }

    func testSplitPairwiseReLUEqualsOneThread() {
        var rng = RandomStream(seed: 92)
        let a = Tensor.randomNormal([200, 16], rng: &rng), c = Tensor.randomNormal([256, 16], rng: &rng)
        let bias = Tensor.randomNormal([16], rng: &rng), weights = Tensor.randomNormal([200 * 256, 16], rng: &rng)
        func run() -> [Tensor] {
            let va = Variable(a, requiresGrad: true), vc = Variable(c, requiresGrad: true), vb = Variable(bias, requiresGrad: true)
            let z = Variable.pairwiseReLU(va, vc, bias: vb)
            (z * Variable(weights)).sum().backward()
            return [z.value, va.grad!, vc.grad!, vb.grad!]
        }
        let (one, many) = both(threads: 2, run)
        XCTAssertEqual(many[0].scalars, one[0].scalars, "values: each row is computed the same way")
        XCTAssertEqual(many[1].scalars, one[1].scalars, "∂a: each row summed by one thread, in the same order")
        for i in 2...3 { assertClose(many[i], one[i], tol: 1e-3) }
    }
}
