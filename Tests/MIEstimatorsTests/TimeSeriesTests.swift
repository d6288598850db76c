import Foundation
import MITensor
import XCTest
@testable import MIDistributions
@testable import MIEstimators

final class TimeSeriesTests: XCTestCase {
    func series(_ p: VARProcess, n: Int, seed: UInt64) -> PairedSample {
        var rng = RandomStream(seed: seed)
        return PairedSample(values: p.series(n, rng: &rng).map(Float.init), rows: n, dx: 1, dy: 1)
    }

    func testVARStationaryCovarianceAndTruths() throws {
        // Uncoupled AR(1)s: Var = 1 / (1 - a²), no MI, no transfer.
        let ar = try VARProcess(a: 0.6, b: -0.3, c: 0, d: 0)
        XCTAssertEqual(ar.stationary[0], 1 / (1 - 0.36), accuracy: 1e-12)
        XCTAssertEqual(ar.stationary[3], 1 / (1 - 0.09), accuracy: 1e-12)
        XCTAssertEqual([ar.transferXY, ar.transferYX, ar.mutualInformation], [0, 0, 0])
        // X white noise driving Y_t = c X_{t-1} + h_t: TE(X -> Y) = ½ log(1 + c²) (Y's past says nothing of X_{t-1}).
        let drive = try VARProcess(a: 0, b: 0, c: 0.8, d: 0)
        XCTAssertEqual(drive.transferXY, 0.5 * log(1 + 0.64), accuracy: 1e-12)
        XCTAssertThrowsError(try VARProcess(a: 1.1, b: 0, c: 0, d: 0))
    }

    func testTransferEntropyOfAVARProcessBothWays() throws {
        let p = try VARProcess(a: 0.5, b: 0.5, c: 0.4, d: 0.2)
        let s = series(p, n: 200_000, seed: 3)
        // Gaussian CMI of the embedding on a long series: consistent, so within 0.004 of the log-det truth.
        let xy = try LaggedSamples.transferEntropy(s, lag: 1, sourceHistory: 1, targetHistory: 1)
        let yx = try LaggedSamples.transferEntropy(s.swappedForTest(), lag: 1, sourceHistory: 1, targetHistory: 1)
        XCTAssertEqual([xy.dx, xy.dy, xy.dz, xy.rows], [1, 1, 1, 199_999])
        XCTAssertEqual(try CCAEstimator().estimate(xy), p.transferXY, accuracy: 0.004)
        XCTAssertEqual(try CCAEstimator().estimate(yx), p.transferYX, accuracy: 0.004)
        // KSG-CMI on 5000 steps, within 0.03 of the truth either way.
        let short = series(p, n: 5000, seed: 4)
        let kxy = try KSGEstimator().estimate(try LaggedSamples.transferEntropy(short, lag: 1, sourceHistory: 1, targetHistory: 1))
        let kyx = try KSGEstimator().estimate(try LaggedSamples.transferEntropy(short.swappedForTest(), lag: 1, sourceHistory: 1, targetHistory: 1))
        XCTAssertEqual(kxy, p.transferXY, accuracy: 0.03)
        XCTAssertEqual(kyx, p.transferYX, accuracy: 0.03)
    }

    func testLaggedPairAndEmbeddingRows() throws {
        // x_t = t, y_t = 100 + t.
        let s = PairedSample(values: (0..<6).flatMap { [Float($0), Float(100 + $0)] }, rows: 6, dx: 1, dy: 1)
        XCTAssertEqual(try LaggedSamples.laggedPair(s, lag: 2).values, [0, 102, 1, 103, 2, 104, 3, 105])
        XCTAssertEqual(try LaggedSamples.laggedPair(s, lag: -1).values, [1, 100, 2, 101, 3, 102, 4, 103, 5, 104])
        // TE lag 1, source history 2, target history 1: rows t = 2...5 of (x_{t-1}, x_{t-2}, y_t, y_{t-1}).
        let te = try LaggedSamples.transferEntropy(s, lag: 1, sourceHistory: 2, targetHistory: 1)
        XCTAssertEqual([te.dx, te.dy, te.dz], [2, 1, 1])
        XCTAssertEqual(Array(te.values.prefix(8)), [1, 0, 102, 101, 2, 1, 103, 102])
        // A circular source shift moves X only.
        let shifted = try LaggedSamples.transferEntropy(s, lag: 1, sourceHistory: 1, targetHistory: 1, sourceShift: 2)
        XCTAssertEqual(Array(shifted.values.prefix(3)), [2, 101, 100])
        XCTAssertThrowsError(try LaggedSamples.laggedPair(s, lag: 5))
    }

    func testConditionalPermutationKeepsYAndZAndDrawsXFromZNeighbours() throws {
        let (s, _) = try tripleSample(.fork, dx: 1, dy: 1, dz: 1, rho: 0, n: 400, seed: 9)
        let perm = try ConditionalPermutation(s, neighbors: 5)
        let r = perm.replicate(rng: RandomStream(seed: 1))
        XCTAssertEqual(r, perm.replicate(rng: RandomStream(seed: 1)))
        for i in 0..<s.rows {
            XCTAssertEqual(r.values[i * 3 + 1], s.values[i * 3 + 1])
            XCTAssertEqual(r.values[i * 3 + 2], s.values[i * 3 + 2])
            let sources = (0..<5).map { Int(perm.nearest[i * 5 + $0]) }
            XCTAssertTrue(sources.contains { s.values[$0 * 3] == r.values[i * 3] }, "row \(i): X not from a Z-neighbour")
        }
        // Most rows' X is used once (a near-permutation).
        XCTAssertGreaterThan(Set((0..<s.rows).map { r.values[$0 * 3] }).count, s.rows * 9 / 10)
    }
}

extension PairedSample: Equatable {
    public static func == (a: PairedSample, b: PairedSample) -> Bool {
        a.rows == b.rows && a.dx == b.dx && a.dy == b.dy && a.dz == b.dz && a.values == b.values
    }
}

extension PairedSample {
    func swappedForTest() -> PairedSample {
        PairedSample(values: (0..<rows).flatMap { [values[$0 * 2 + 1], values[$0 * 2]] }, rows: rows, dx: 1, dy: 1)
    }
}
