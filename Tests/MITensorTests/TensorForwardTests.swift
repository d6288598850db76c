// Forward Tensor ops against slow, obvious reference loops.

import XCTest
@testable import MITensor

/// Every multi-index of `shape`, row-major.
func allIndices(_ shape: [Int]) -> [[Int]] {
    var out: [[Int]] = [[]]
    for d in shape { out = out.flatMap { p in (0..<d).map { p + [$0] } } }
    return out
}

/// Reads `t` at output index `idx` under NumPy broadcasting (right-aligned; size-1 axes pinned to 0).
func broadcastRead(_ t: Tensor, _ idx: [Int]) -> Float {
    let lead = idx.count - t.rank
    let j = (0..<t.rank).map { t.shape[$0] == 1 ? 0 : idx[$0 + lead] }
    return t.rank == 0 ? t.scalar : t[j]
}

final class TensorForwardTests: XCTestCase {
    override func setUp() { Tensor.setThreadCount(1) }

    func testConstructionIndexingAndCopyOnWrite() {
        var a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        XCTAssertEqual(a[1, 2], 6)
        XCTAssertEqual(Tensor.zeros([2, 2]).scalars, [0, 0, 0, 0])
        XCTAssertEqual(Tensor.ones([3]).scalars, [1, 1, 1])
        XCTAssertEqual(Tensor.full([2], 7).scalars, [7, 7])
        XCTAssertEqual(Tensor(3).shape, [])
        XCTAssertEqual(Tensor(3).scalar, 3)

        let b = a  // shares storage
        let r = a.reshaped([3, -1])  // shares storage, no copy
        XCTAssertTrue(r.storage === a.storage)
        XCTAssertEqual(r.shape, [3, 2])
        a[0, 0] = 100  // copy-on-write: b and r keep the old values
        XCTAssertEqual(a[0, 0], 100)
        XCTAssertEqual(b[0, 0], 1)
        XCTAssertEqual(r[0, 0], 1)
        XCTAssertFalse(a.storage === b.storage)

        var u = Tensor.zeros([4])  // uniquely referenced: mutated in place
        let before = ObjectIdentifier(u.storage)  // an identity, not a reference (would defeat uniqueness)
        u[2] = 1
        XCTAssertEqual(ObjectIdentifier(u.storage), before)
    }

    func testBroadcastingMatchesExplicitLoops() {
        var rng = RandomStream(seed: 1)
        let cases: [([Int], [Int])] = [
            ([2, 3, 4], [2, 3, 4]), ([2, 3, 4], [4]), ([2, 3, 4], [3, 1]), ([2, 1, 4], [3, 1]),
            ([1, 3, 1], [2, 1, 5]), ([5], []), ([], [2, 2]), ([4, 1], [1, 4])
        ]
        for (sa, sb) in cases {
            let a = Tensor.randomNormal(sa, rng: &rng), b = Tensor.randomUniform(sb, low: 0.5, high: 2, rng: &rng)
            let outShape = Tensor.broadcastShape(sa, sb)
            for (name, got, op) in [
                ("+", a + b, { (x: Float, y: Float) in x + y }),
                ("-", a - b, { $0 - $1 }), ("*", a * b, { $0 * $1 }),
                ("/", a / b, { $0 / $1 }), ("max", Tensor.maximum(a, b), { Swift.max($0, $1) })
            ] {
                XCTAssertEqual(got.shape, outShape, "\(sa) \(name) \(sb)")
                for idx in allIndices(outShape) {
                    XCTAssertEqual(
                        got.rank == 0 ? got.scalar : got[idx],
                        op(broadcastRead(a, idx), broadcastRead(b, idx)), "\(sa) \(name) \(sb) at \(idx)")
                }
            }
            let bt = a.broadcast(to: outShape)
            for idx in allIndices(outShape) where !outShape.isEmpty { XCTAssertEqual(bt[idx], broadcastRead(a, idx)) }
        }
    }

    func testSelect() {
        let mask = Tensor([1, 0, 1], shape: [3])
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])
        let b = Tensor(-Float.infinity)
        XCTAssertEqual(Tensor.select(mask, a, b).scalars, [1, -.infinity, 3, 4, -.infinity, 6])
    }

    func testReductionsMatchLoops() {
        var rng = RandomStream(seed: 2)
        let x = Tensor.randomNormal([2, 3, 4], rng: &rng)
        for axis in 0..<3 {
            for keep in [false, true] {
                let s = x.sum(axis: axis, keepDims: keep), m = x.mean(axis: axis, keepDims: keep)
                let mx = x.max(axis: axis, keepDims: keep)
                var outShape = x.shape
                if keep { outShape[axis] = 1 } else { outShape.remove(at: axis) }
                XCTAssertEqual(s.shape, outShape)
                XCTAssertEqual(mx.shape, outShape)
                for idx in allIndices(x.shape) where idx[axis] == 0 {
                    var total: Float = 0, best = -Float.infinity
                    for k in 0..<x.shape[axis] {
                        var j = idx
                        j[axis] = k
                        total += x[j]
                        best = Swift.max(best, x[j])
                    }
                    var o = idx
                    if !keep { o.remove(at: axis) }
                    XCTAssertEqual(s[o], total, accuracy: 1e-5)
                    XCTAssertEqual(m[o], total / Float(x.shape[axis]), accuracy: 1e-5)
                    XCTAssertEqual(mx[o], best)
                }
            }
        }
        XCTAssertEqual(x.sum(axis: -1).shape, [2, 3])
        XCTAssertEqual(x.sum().scalar, x.scalars.reduce(0, +), accuracy: 1e-4)
        XCTAssertEqual(x.mean().scalar, x.scalars.reduce(0, +) / 24, accuracy: 1e-5)
        XCTAssertEqual(x.max().scalar, x.scalars.max()!)
        // sum(toShape:) is the adjoint of broadcasting: ⟨broadcast(a), g⟩ = ⟨a, sum(g → a.shape)⟩
        let g = Tensor.randomNormal([2, 3, 4], rng: &rng)
        for target in [[3, 1], [4], [1, 3, 4], [2, 1, 1], [], [2, 3, 4]] {
            let a = Tensor.randomNormal(target, rng: &rng)
            let lhs = (a.broadcast(to: g.shape) * g).sum().scalar
            let rhs = (a * g.sum(toShape: target)).sum().scalar
            XCTAssertEqual(lhs, rhs, accuracy: 1e-4, "\(target)")
        }
    }

    /// C[b, i, j] = Σ_k op(A)[b, i, k] · op(B)[b, k, j], with a rank-2 operand shared across the batch.
    func referenceMatmul(_ a: Tensor, _ b: Tensor, _ ta: Bool, _ tb: Bool) -> Tensor {
        func el(_ t: Tensor, _ batch: Int, _ r: Int, _ c: Int, _ trans: Bool) -> Float {
            let (i, j) = trans ? (c, r) : (r, c)
            return t.rank == 3 ? t[batch, i, j] : t[i, j]
        }
        let batch = a.rank == 3 ? a.shape[0] : (b.rank == 3 ? b.shape[0] : 1)
        let m = ta ? a.shape[a.rank - 1] : a.shape[a.rank - 2]
        let k = ta ? a.shape[a.rank - 2] : a.shape[a.rank - 1]
        let n = tb ? b.shape[b.rank - 2] : b.shape[b.rank - 1]
        var out: [Float] = []
        for bi in 0..<batch {
            for i in 0..<m {
                for j in 0..<n {
                    var acc: Float = 0
                    for kk in 0..<k { acc += el(a, bi, i, kk, ta) * el(b, bi, kk, j, tb) }
                    out.append(acc)
                }
            }
        }
        let batched = a.rank == 3 || b.rank == 3
        return Tensor(out, shape: batched ? [batch, m, n] : [m, n])
    }

    func testMatmulMatchesTripleLoop() {
        var rng = RandomStream(seed: 3)
        let (m, k, n, b) = (5, 7, 3, 4)
        for ta in [false, true] {
            for tb in [false, true] {
                let a2 = Tensor.randomNormal(ta ? [k, m] : [m, k], rng: &rng), b2 = Tensor.randomNormal(tb ? [n, k] : [k, n], rng: &rng)
                let a3 = Tensor.randomNormal(ta ? [b, k, m] : [b, m, k], rng: &rng), b3 = Tensor.randomNormal(tb ? [b, n, k] : [b, k, n], rng: &rng)
                for (x, y) in [(a2, b2), (a3, b3), (a3, b2), (a2, b3)] {
                    let got = Tensor.matmul(x, y, transposeA: ta, transposeB: tb)
                    assertClose(got, referenceMatmul(x, y, ta, tb), tol: 1e-5)
                }
            }
        }
        // degenerate inner dimension gives zeros
        XCTAssertEqual(Tensor.matmul(Tensor.zeros([2, 0]), Tensor.zeros([0, 3])).scalars, [Float](repeating: 0, count: 6))
    }

    func testMatmulBiasIsAddedToEveryRow() {
        var rng = RandomStream(seed: 31)
        let (m, k, n, b) = (5, 7, 3, 4)
        let bias = Tensor.randomNormal([n], rng: &rng)
        for tb in [false, true] {
            let a2 = Tensor.randomNormal([m, k], rng: &rng), a3 = Tensor.randomNormal([b, m, k], rng: &rng)
            let w = Tensor.randomNormal(tb ? [n, k] : [k, n], rng: &rng)
            for x in [a2, a3] {
                let want = referenceMatmul(x, w, false, tb) + bias  // broadcast over the rows
                assertClose(Tensor.matmul(x, w, transposeB: tb, bias: bias), want, tol: 1e-5)
            }
        }
        // An empty inner dimension gives the bias alone.
        XCTAssertEqual(Tensor.matmul(Tensor.zeros([2, 0]), Tensor.zeros([0, 3]), bias: Tensor([1, 2, 3], shape: [3])).scalars, [1, 2, 3, 1, 2, 3])
    }

    func testPermuteTranspose() {
        var rng = RandomStream(seed: 4)
        let x = Tensor.randomNormal([2, 3, 4], rng: &rng)
        let perm = [2, 0, 1]
        let p = x.permuted(perm)
        XCTAssertEqual(p.shape, [4, 2, 3])
        for idx in allIndices(p.shape) {
            var src = [0, 0, 0]
            for a in 0..<3 { src[perm[a]] = idx[a] }
            XCTAssertEqual(p[idx], x[src])
        }
        let t = x.transposed()
        XCTAssertEqual(t.shape, [2, 4, 3])
        for idx in allIndices(t.shape) { XCTAssertEqual(t[idx], x[idx[0], idx[2], idx[1]]) }
    }

    func testConcatSlicePadGatherScatter() {
        var rng = RandomStream(seed: 5)
        let a = Tensor.randomNormal([2, 2, 3], rng: &rng), b = Tensor.randomNormal([2, 4, 3], rng: &rng)
        let c = Tensor.concat([a, b], axis: 1)
        XCTAssertEqual(c.shape, [2, 6, 3])
        for idx in allIndices(c.shape) {
            XCTAssertEqual(c[idx], idx[1] < 2 ? a[idx] : b[idx[0], idx[1] - 2, idx[2]])
        }
        let s = c.slice(axis: 1, 2..<5)
        XCTAssertEqual(s.shape, [2, 3, 3])
        for idx in allIndices(s.shape) { XCTAssertEqual(s[idx], c[idx[0], idx[1] + 2, idx[2]]) }
        let p = s.padded(axis: 1, start: 2, length: 6)
        for idx in allIndices(p.shape) {
            XCTAssertEqual(p[idx], (2..<5).contains(idx[1]) ? c[idx] : 0)
        }
        XCTAssertEqual(Tensor.concat([a, a], axis: -1).shape, [2, 2, 6])

        let table = Tensor.randomNormal([5, 3], rng: &rng)
        let rows = [4, 0, 4, 2]
        let g = table.gatherRows(rows)
        XCTAssertEqual(g.shape, [4, 3])
        for idx in allIndices(g.shape) { XCTAssertEqual(g[idx], table[rows[idx[0]], idx[1]]) }
        let sc = g.scatterAddRows(rows, rowCount: 5)
        for idx in allIndices(sc.shape) {
            let expect = rows.filter { $0 == idx[0] }.count
            XCTAssertEqual(sc[idx], Float(expect) * table[idx], accuracy: 1e-6)
        }
    }

    func testUnaryMaps() {
        let x = Tensor([0.5, 1, 2, 4], shape: [4])
        assertClose(x.exp(), Tensor(x.scalars.map { Foundation.exp($0) }, shape: [4]))
        assertClose(x.log(), Tensor(x.scalars.map { Foundation.log($0) }, shape: [4]))
        assertClose(x.sqrt(), Tensor([0.70710677, 1, 1.4142135, 2], shape: [4]))
        assertClose(x.pow(3), Tensor([0.125, 1, 8, 64], shape: [4]))
        XCTAssertEqual(Tensor([-1, 0, 2], shape: [3]).relu().scalars, [0, 0, 2])
    }
}
