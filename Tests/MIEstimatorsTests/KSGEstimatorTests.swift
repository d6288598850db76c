import Foundation
import MITensor
import XCTest
@testable import MIDistributions
@testable import MIEstimators

/// The obviously correct O(n²) KSG: for every point, all distances, a full sort, then counts.
/// Same definitions as KSGEstimator's documentation (BMI's KSGEnsembleFirstEstimatorSlow, plus
/// variant 2 and the max norm of Kraskov et al. 2004).
func slowKSG(_ s: PairedSample, k: Int, variant: Int, maxNorm: Bool) -> Double {
    let n = s.rows, m = s.width
    // Standardize each column (population std).
    var z = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)
    for j in 0..<m {
        let col = (0..<n).map { Double(s.values[$0 * m + j]) }
        let mean = col.reduce(0, +) / Double(n)
        let sd = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
        for r in 0..<n { z[r][j] = (col[r] - mean) / (sd > 0 ? sd : 1) }
    }
    func d2(_ a: [Double], _ b: [Double], _ range: Range<Int>) -> Double {
        var acc = 0.0
        for j in range { let t = a[j] - b[j]; acc = maxNorm ? max(acc, t * t) : acc + t * t }
        return acc
    }
    var total = 0.0
    for i in 0..<n {
        let dx = (0..<n).map { d2(z[i], z[$0], 0..<s.dx) }
        let dy = (0..<n).map { d2(z[i], z[$0], s.dx..<m) }
        let others = (0..<n).filter { $0 != i }.sorted { (max(dx[$0], dy[$0]), $0) < (max(dx[$1], dy[$1]), $1) }
        let nearest = others.prefix(k)
        if variant == 1 {
            let eps = max(dx[others[k - 1]], dy[others[k - 1]])
            let nx = others.filter { dx[$0] < eps }.count, ny = others.filter { dy[$0] < eps }.count
            total += Special.digamma(Double(nx + 1)) + Special.digamma(Double(ny + 1))
        } else {
            let ex = nearest.map { dx[$0] }.max()!, ey = nearest.map { dy[$0] }.max()!
            let nx = others.filter { dx[$0] <= ex }.count, ny = others.filter { dy[$0] <= ey }.count
            total += Special.digamma(Double(nx)) + Special.digamma(Double(ny))
        }
    }
    let base = Special.digamma(Double(k)) + Special.digamma(Double(n)) - (variant == 2 ? 1 / Double(k) : 0)
    return max(0, base - total / Double(n))
}

func gaussianSample(dx: Int, dy: Int, rho: Double, n: Int, seed: UInt64) throws -> (PairedSample, Double) {
    let g = try GaussianSampler(dx: dx, dy: dy, structure: .dense(rho: rho))
    var rng = RandomStream(seed: seed)
    return (PairedSample(values: g.sample(n, rng: &rng).map(Float.init), rows: n, dx: dx, dy: dy), g.mutualInformation)
}

final class KSGEstimatorTests: XCTestCase {
    func testTreeAndBruteForceEqualTheSlowReference() throws {
        for (dx, dy, n) in [(1, 1, 300), (2, 1, 450), (2, 3, 400), (4, 4, 250)] {
            let (s, _) = try gaussianSample(dx: dx, dy: dy, rho: 0.4, n: n, seed: UInt64(dx * 10 + dy))
            for variant in [1, 2] {
                for norm in KSGNorm.allCases {
                    for k in [1, 5] {
                        let slow = slowKSG(s, k: k, variant: variant, maxNorm: norm == .max)
                        // .automatic: the plane grid when dx = dy = 1.
                        for search in [KSGEstimator.Search.automatic, .tree, .bruteForce] {
                            let fast = try KSGEstimator(neighbors: [k], variant: variant, norm: norm, search: search).estimate(s)
                            XCTAssertEqual(fast, slow, accuracy: 1e-12, "\(dx)x\(dy) n=\(n) v\(variant) \(norm) k=\(k) \(search)")
                        }
                    }
                }
            }
        }
    }

    func testTiesAndDuplicatesAreHandledLikeTheReference() throws {
        // Values on a coarse grid: many equal distances and exact duplicate points.
        var rng = RandomStream(seed: 5)
        let n = 300
        var v = [Float]()
        for _ in 0..<n {
            let a = Float(rng.integer(in: 0...6)), b = Float(rng.integer(in: 0...3))
            v += [a, Float(rng.integer(in: 0...4)), a + b]
        }
        let s = PairedSample(values: v, rows: n, dx: 2, dy: 1)
        for variant in [1, 2] {
            for k in [1, 3, 8] {
                let slow = slowKSG(s, k: k, variant: variant, maxNorm: false)
                for search in [KSGEstimator.Search.tree, .bruteForce] {
                    XCTAssertEqual(
                        try KSGEstimator(neighbors: [k], variant: variant, search: search).estimate(s), slow,
                        accuracy: 1e-12, "v\(variant) k=\(k) \(search)")
                }
            }
        }
    }

    func testPlaneGridHandlesTiesLikeTheReference() throws {
        // 1x1 on a fine grid of values: many equal distances and some duplicate points, but not
        // so many that the grid gives up for the tree (checked).
        var rng = RandomStream(seed: 11)
        let n = 400
        var v = [Float]()
        for _ in 0..<n {
            let a = Float(rng.integer(in: 0...40)), b = Float(rng.integer(in: 0...25))
            v += [a, a + b]
        }
        let s = PairedSample(values: v, rows: n, dx: 1, dy: 1)
        let z = standardizedColumns(s)
        XCTAssertNotNil(z.withUnsafeBufferPointer { PlaneGrid($0.baseAddress!, rows: n, k: 8) })
        for variant in [1, 2] {
            for k in [1, 3, 8] {
                let slow = slowKSG(s, k: k, variant: variant, maxNorm: false)
                let grid = try KSGEstimator(neighbors: [k], variant: variant).estimate(s)
                XCTAssertEqual(grid, slow, accuracy: 1e-12, "v\(variant) k=\(k)")
                XCTAssertEqual(grid, try KSGEstimator(neighbors: [k], variant: variant, search: .tree).estimate(s))
            }
        }
    }

    func testLargeSampleTakesTheParallelPathAndAgrees() throws {
        let (s, _) = try gaussianSample(dx: 1, dy: 2, rho: 0.5, n: 5000, seed: 8)
        let tree = try KSGEstimator(neighbors: [3, 7], search: .tree).estimates(s)
        let brute = try KSGEstimator(neighbors: [3, 7], search: .bruteForce).estimates(s)
        XCTAssertEqual(tree[0], brute[0], accuracy: 1e-12)
        XCTAssertEqual(tree[1], brute[1], accuracy: 1e-12)
    }

    func testAgreesWithBMIOnTheCommittedFixtures() throws {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let table = try String(contentsOf: dir.appendingPathComponent("ksg-bmi.tsv"), encoding: .utf8)
        var checked = 0
        for line in table.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("file\t") {
            let f = line.split(separator: "\t").map(String.init)
            let ks = f[1].split(separator: ",").map { Int($0)! }
            let s = try readFixture(dir.appendingPathComponent(f[0]))
            let ours = try KSGEstimator(neighbors: ks).estimate(s)
            XCTAssertEqual(ours, Double(f[2])!, accuracy: 1e-10, "\(f[0]) k=\(f[1])")
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 12)
    }

    /// A committed record-stream text file: the metadata line, then rows of numbers.
    func readFixture(_ url: URL) throws -> PairedSample {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let dx = Int(lines[0].split(separator: " ").first { $0.hasPrefix("dx=") }!.dropFirst(3))!
        let rows = lines.dropFirst().map { $0.split(separator: "\t").map { Float(String($0))! } }
        return PairedSample(values: rows.flatMap { $0 }, rows: rows.count, dx: dx, dy: rows[0].count - dx)
    }

    func testTooFewRowsForKIsAClearError() throws {
        let (s, _) = try gaussianSample(dx: 1, dy: 1, rho: 0.5, n: 10, seed: 1)
        XCTAssertThrowsError(try KSGEstimator(neighbors: [10]).estimate(s)) { e in
            XCTAssertEqual("\(e)", "ksg: k=10 needs more than 10 rows, the data set has 10")
        }
        XCTAssertNoThrow(try KSGEstimator(neighbors: [9]).estimate(s))
        XCTAssertThrowsError(try KSGEstimator(neighbors: [0]).estimate(s))
    }

    func testRecoversGaussianMIRoughly() throws {
        let (s, truth) = try gaussianSample(dx: 2, dy: 2, rho: 0.5, n: 20000, seed: 4)
        XCTAssertEqual(try KSGEstimator(neighbors: [5, 10]).estimate(s), truth, accuracy: 0.05)
    }
}
