import Foundation
import MITensor
import XCTest
@testable import MIEstimators

final class DiscreteEstimatorTests: XCTestCase {
    func testPlugInAgainstAHandCountedTable() throws {
        // Counts: (0,0) 3, (0,1) 1, (1,0) 1, (1,1) 3; n = 8, marginals 4/4.
        let rows: [(Float, Float)] = [(0, 0), (0, 0), (0, 0), (0, 1), (1, 0), (1, 1), (1, 1), (1, 1)]
        let s = PairedSample(values: rows.flatMap { [$0.0, $0.1] }, rows: 8, dx: 1, dy: 1)
        // Σ p log(p / (px py)) = 2·(3/8) log((3/8)/(1/4)) + 2·(1/8) log((1/8)/(1/4)).
        let plugIn = 0.75 * log(1.5) + 0.25 * log(0.5)
        XCTAssertEqual(try DiscreteEstimator(millerMadow: false).estimate(s), plugIn, accuracy: 1e-12)
        // Miller-Madow: ((2 - 1) + (2 - 1) - (4 - 1)) / (2n) = -1/16.
        XCTAssertEqual(try DiscreteEstimator().estimate(s), max(0, plugIn - 1.0 / 16), accuracy: 1e-12)
        // Labels are categories whatever their values (a relabelled table gives the same MI).
        let relabelled = PairedSample(values: rows.flatMap { [$0.0 * 7 - 3, $0.1 == 0 ? 12.5 : -1] }, rows: 8, dx: 1, dy: 1)
        XCTAssertEqual(try DiscreteEstimator(millerMadow: false).estimate(relabelled), plugIn, accuracy: 1e-12)
    }

    func testExactNullEqualsEveryPermutationCounted() throws {
        // The slow reference: all n! orderings of Y against X (n = 8: 40,320), each equally likely;
        // the p-value is the fraction whose statistic reaches the observed one, the null mean their
        // average. The exact null enumerates tables with fixed margins instead: the two must agree.
        let tables: [([Float], [Float])] = [
            ([0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 1, 0, 1, 1, 1]),
            ([0, 0, 1, 1, 2, 2, 0, 1], [0, 1, 1, 0, 1, 0, 0, 1]),
            ([0, 1, 2, 0, 1, 2, 0, 1], [2, 1, 0, 2, 1, 0, 1, 1]),
            ([0, 0, 0, 0, 0, 0, 1, 2], [0, 0, 0, 0, 0, 1, 1, 1])
        ]
        let estimator = DiscreteEstimator()
        for (x, y) in tables {
            let n = x.count
            let s = PairedSample(values: zip(x, y).flatMap { [$0, $1] }, rows: n, dx: 1, dy: 1)
            let observed = try estimator.testStatistic(s)
            var order = Array(0..<n)
            var reach = 0, sum = 0.0, count = 0
            func visit(_ k: Int) throws {
                if k == n {
                    let p = PairedSample(values: (0..<n).flatMap { [x[$0], y[order[$0]]] }, rows: n, dx: 1, dy: 1)
                    let t = try estimator.testStatistic(p)
                    if t >= observed - 1e-9 { reach += 1 }
                    sum += t; count += 1
                    return
                }
                for i in k..<n {
                    order.swapAt(k, i)
                    try visit(k + 1)
                    order.swapAt(k, i)
                }
            }
            try visit(0)
            XCTAssertEqual(count, 40320)
            let exact = try XCTUnwrap(try estimator.exactNull(s))
            XCTAssertEqual(exact.pValue, Double(reach) / Double(count), accuracy: 1e-12, "x \(x) y \(y)")
            XCTAssertEqual(exact.nullMean, sum / Double(count), accuracy: 1e-12, "x \(x) y \(y)")
        }
        // Fisher's exact test, one-sided in MI, on the 2 × 2 table [[3, 1], [1, 3]]: the tables with
        // margins (4, 4 | 4, 4) have n_11 = 0…4 with probabilities C(4,k)C(4,4-k)/C(8,4) = 1, 16, 36,
        // 16, 1 (/70); MI at least the observed one's: n_11 ∈ {0, 1, 3, 4}, p = 34/70.
        let fisher = PairedSample(values: zip(tables[0].0, tables[0].1).flatMap { [$0, $1] }, rows: 8, dx: 1, dy: 1)
        XCTAssertEqual(try XCTUnwrap(try estimator.exactNull(fisher)).pValue, 34.0 / 70, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(try estimator.exactNull(fisher)).tables, 5)
        // A table too large to enumerate gives nil (permutations are drawn instead).
        var rng = RandomStream(seed: 4)
        let big = (0..<400).flatMap { _ in [Float(rng.integer(in: 0...7)), Float(rng.integer(in: 0...7))] }
        XCTAssertNil(try estimator.exactNull(PairedSample(values: big, rows: 400, dx: 1, dy: 1)))
    }

    func testPlugInOfACopiedVariableIsItsEntropy() throws {
        // X = Y uniform on 4 values, n = 4000: I = H = log 4 (+ Miller-Madow's 3/(2n)).
        var rng = RandomStream(seed: 1)
        let v = (0..<4000).map { _ in Float(rng.integer(in: 0...3)) }
        let s = PairedSample(values: v.flatMap { [$0, $0] }, rows: 4000, dx: 1, dy: 1)
        XCTAssertEqual(try DiscreteEstimator().estimate(s), log(4) + 3.0 / 8000, accuracy: 0.002)
        XCTAssertThrowsError(try DiscreteEstimator().estimate(PairedSample(values: (0..<200).map(Float.init), rows: 100, dx: 1, dy: 1)))
    }

    func testRossOnGaoEtAlsUniformMixture() throws {
        // X uniform on {0, ..., m-1}, Y | X ~ U(X, X + 2): I = log m - (m - 1)/m · log 2.
        for m in [2, 5] {
            var rng = RandomStream(seed: UInt64(m))
            var v: [Float] = []
            for _ in 0..<5000 { let x = rng.integer(in: 0...(m - 1)); v += [Float(x), Float(Double(x) + 2 * rng.uniform())] }
            let s = PairedSample(values: v, rows: 5000, dx: 1, dy: 1)
            let truth = log(Double(m)) - Double(m - 1) / Double(m) * log(2)
            XCTAssertEqual(RossEstimator.discreteSide(s), true)
            XCTAssertEqual(try RossEstimator(neighbors: 3).estimate(s), truth, accuracy: 0.03, "m = \(m)")
            // Y discrete instead: the same number with the columns swapped.
            let swapped = PairedSample(values: (0..<5000).flatMap { [v[2 * $0 + 1], v[2 * $0]] }, rows: 5000, dx: 1, dy: 1)
            XCTAssertEqual(try RossEstimator(neighbors: 3).estimate(swapped), try RossEstimator(neighbors: 3).estimate(s), accuracy: 1e-12)
        }
    }

    func testRossOnIndependentDataIsAboutZero() throws {
        var rng = RandomStream(seed: 9)
        var v: [Float] = []
        for _ in 0..<2000 { v += [Float(rng.integer(in: 0...2)), Float(rng.normal())] }
        XCTAssertLessThan(try RossEstimator().estimate(PairedSample(values: v, rows: 2000, dx: 1, dy: 1)), 0.02)
    }
}
