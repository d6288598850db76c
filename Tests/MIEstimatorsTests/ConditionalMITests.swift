import Foundation
import MITensor
import XCTest
@testable import MIDistributions
@testable import MIEstimators

/// The obviously correct O(n²) Frenzel–Pompe estimator: every distance, a full sort, then counts.
func slowKSGConditional(_ s: PairedSample, k: Int, maxNorm: Bool) -> Double {
    let n = s.rows, m = s.width
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
    let xs = 0..<s.dx, ys = s.dx..<(s.dx + s.dy), zs = (s.dx + s.dy)..<m
    var total = 0.0
    for i in 0..<n {
        let dx = (0..<n).map { d2(z[i], z[$0], xs) }, dy = (0..<n).map { d2(z[i], z[$0], ys) }, dz = (0..<n).map { d2(z[i], z[$0], zs) }
        let joint = { (j: Int) in max(dx[j], dy[j], dz[j]) }
        let others = (0..<n).filter { $0 != i }.sorted { (joint($0), $0) < (joint($1), $1) }
        let eps = joint(others[k - 1])
        let nxz = others.filter { max(dx[$0], dz[$0]) < eps }.count
        let nyz = others.filter { max(dy[$0], dz[$0]) < eps }.count
        let nz = others.filter { dz[$0] < eps }.count
        total += Special.digamma(Double(nxz + 1)) + Special.digamma(Double(nyz + 1)) - Special.digamma(Double(nz + 1))
    }
    return Special.digamma(Double(k)) - total / Double(n)
}

func tripleSample(_ structure: GaussianTripleSampler.Structure, dx: Int, dy: Int, dz: Int, rho: Double, n: Int, seed: UInt64) throws -> (PairedSample, GaussianTripleSampler) {
    let g = try GaussianTripleSampler(dx: dx, dy: dy, dz: dz, structure: structure, a: 1, rho: rho)
    var rng = RandomStream(seed: seed)
    var v = [Double](repeating: 0, count: n * g.width)
    v.withUnsafeMutableBufferPointer { b in for r in 0..<n { g.draw(into: b.baseAddress! + r * g.width, rng: &rng) } }
    return (PairedSample(values: v.map(Float.init), rows: n, dx: dx, dy: dy, dz: dz), g)
}

final class ConditionalMITests: XCTestCase {
    /// The search's every path: neighbours along the sorted strip, from the k-d tree, or by both
    /// (the strip giving up after 16 rows); counts from the strip, from the three trees (dz = 1) or
    /// over bands of the second Z coordinate (dz ≥ 2).
    static func searchPaths(k: Int, norm: KSGNorm) -> [(String, KSGConditionalEstimator)] {
        func with(_ change: (inout KSGConditionalEstimator) -> Void) -> KSGConditionalEstimator {
            var e = KSGConditionalEstimator(neighbors: [k], norm: norm, search: .tree)
            change(&e)
            return e
        }
        let trees = with { e in
            e.longestStrip = 0; e.treeBuilding = 0; e.neighbourScan = 16
        }
        return [
            ("strip", with { _ in }),
            ("tree neighbours", with { $0.scanRows = 0 }),
            ("strip then tree", with { $0.neighbourScan = 16 }),
            ("tree counts", trees),
            ("band counts", with { $0.bandedRun = 0 })
        ]
    }

    func testTreeAndScanEqualTheSlowReference() throws {
        for (dx, dy, dz, n) in [(1, 1, 1, 300), (2, 1, 3, 350), (1, 2, 2, 1500)] {
            let (s, _) = try tripleSample(.fork, dx: dx, dy: dy, dz: dz, rho: 0.4, n: n, seed: UInt64(dx + 10 * dz))
            for norm in KSGNorm.allCases {
                for k in [1, 4] {
                    let slow = slowKSGConditional(s, k: k, maxNorm: norm == .max)
                    for search in [KSGEstimator.Search.automatic, .tree, .bruteForce] {
                        let fast = try KSGConditionalEstimator(neighbors: [k], norm: norm, search: search).rawEstimates(s)[0]
                        XCTAssertEqual(fast, slow, accuracy: 1e-12, "dx=\(dx) dy=\(dy) dz=\(dz) n=\(n) k=\(k) \(norm) \(search)")
                    }
                    for (name, searcher) in Self.searchPaths(k: k, norm: norm) {
                        XCTAssertEqual(try searcher.rawEstimates(s)[0], slow, accuracy: 1e-12, "dx=\(dx) dy=\(dy) dz=\(dz) n=\(n) k=\(k) \(norm) \(name)")
                    }
                }
            }
        }
    }

    /// Tied values (every column rounded to 0.25): equal sort keys, strips that end inside a run of
    /// equal values, neighbours at equal distances; the strip, the trees and the scan still agree
    /// with the reference.
    func testTiedValuesEqualTheSlowReference() throws {
        for (dx, dy, dz) in [(1, 1, 1), (1, 1, 3)] {
            let (s0, _) = try tripleSample(.fork, dx: dx, dy: dy, dz: dz, rho: 0.4, n: 700, seed: 7)
            let s = PairedSample(values: s0.values.map { ($0 * 4).rounded() / 4 }, rows: s0.rows, dx: dx, dy: dy, dz: dz)
            for norm in KSGNorm.allCases {
                let slow = slowKSGConditional(s, k: 3, maxNorm: norm == .max)
                let paths = Self.searchPaths(k: 3, norm: norm) + [("scan", KSGConditionalEstimator(neighbors: [3], norm: norm, search: .bruteForce))]
                for (name, estimator) in paths {
                    XCTAssertEqual(try estimator.rawEstimates(s)[0], slow, accuracy: 1e-12, "dx=\(dx) dz=\(dz) \(norm) \(name)")
                }
            }
        }
    }

    func testForkHasTheClosedFormConditionalMI() throws {
        // Given Z the p pairs are rho-correlated: I(X; Y | Z) = -(p/2) log(1 - rho²), whatever a.
        for (dx, dy, dz) in [(1, 1, 1), (3, 2, 4)] {
            let g = try GaussianTripleSampler(dx: dx, dy: dy, dz: dz, structure: .fork, a: 1.7, rho: 0.6)
            XCTAssertEqual(g.conditionalMI, -Double(min(dx, dy)) / 2 * log(1 - 0.36), accuracy: 1e-12)
            XCTAssertGreaterThan(g.marginalMI, g.conditionalMI)
            let c = try GaussianTripleSampler(dx: dx, dy: dy, dz: dz, structure: .collider, a: 1, rho: 0)
            XCTAssertEqual(c.marginalMI, 0, accuracy: 1e-12)
            XCTAssertGreaterThan(c.conditionalMI, 0.01)
        }
    }

    func testEstimatorsRecoverTheTruthOnLargeSamples() throws {
        // n = 20000: Gaussian CMI (cca, gc) within 0.02 nats; KSG-CMI within 0.05 (its bias grows with dz).
        for structure in GaussianTripleSampler.Structure.allCases {
            for (dx, dy, dz) in [(1, 1, 1), (1, 1, 3), (2, 2, 2)] {
                let (s, g) = try tripleSample(structure, dx: dx, dy: dy, dz: dz, rho: structure == .collider ? 0 : 0.5, n: 20000, seed: 7)
                let label = "\(structure) dx=\(dx) dy=\(dy) dz=\(dz) truth \(g.conditionalMI)"
                XCTAssertEqual(try CCAEstimator().estimate(s), g.conditionalMI, accuracy: 0.02, label)
                XCTAssertEqual(try GaussianCopulaEstimator().estimate(s), g.conditionalMI, accuracy: 0.02, label)
                XCTAssertEqual(try KSGEstimator(neighbors: [5]).estimate(s), g.conditionalMI, accuracy: 0.05, label)
            }
        }
    }

    func testConditionalIndependenceGivesAboutZero() throws {
        // Fork with rho = 0: X and Y depend (through Z) but not given Z.
        let (s, g) = try tripleSample(.fork, dx: 1, dy: 1, dz: 1, rho: 0, n: 5000, seed: 11)
        XCTAssertGreaterThan(g.marginalMI, 0.1)
        XCTAssertLessThan(try KSGEstimator().estimate(s), 0.02)
        XCTAssertLessThan(try CCAEstimator().estimate(s), 0.005)
        XCTAssertGreaterThan(try KSGEstimator().estimate(PairedSample(values: dropZ(s), rows: s.rows, dx: 1, dy: 1)), 0.1)
    }

    func testMethodsThatDoNotConditionSaySo() throws {
        let (s, _) = try tripleSample(.fork, dx: 1, dy: 1, dz: 1, rho: 0.5, n: 200, seed: 1)
        XCTAssertThrowsError(try HistogramEstimator(bins: 5).estimateChecked(s)) { e in
            XCTAssertEqual((e as? EstimatorError)?.description, "hist does not estimate conditional MI (the data has dz=1); use ksg, cca, gc")
        }
        XCTAssertThrowsError(try KSGEstimator(variant: 2).estimate(s))
        XCTAssertEqual(try KSGEstimator().estimateChecked(s), try KSGConditionalEstimator().estimate(s))
    }

    func testAgreesWithEnnemiOnTheCommittedFixtures() throws {
        // scripts/make-cmi-fixtures.sh: ennemi's Frenzel-Pompe (max norm) on the same standardized data.
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let table = try String(contentsOf: dir.appendingPathComponent("cmi-ennemi.tsv"), encoding: .utf8)
        var checked = 0
        for line in table.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("file\t") {
            let f = line.split(separator: "\t").map(String.init)
            let lines = try String(contentsOf: dir.appendingPathComponent(f[0]), encoding: .utf8).split(separator: "\n")
            let meta = Dictionary(
                uniqueKeysWithValues: lines[0].split(separator: " ").dropFirst(2).map { p in
                    let kv = p.split(separator: "=", maxSplits: 1).map(String.init)
                    return (kv[0], kv.count > 1 ? kv[1] : "")
                })
            let rows = lines.dropFirst().map { $0.split(separator: "\t").map { Float(String($0))! } }
            let s = PairedSample(values: rows.flatMap { $0 }, rows: rows.count, dx: Int(meta["dx"]!)!, dy: Int(meta["dy"]!)!, dz: Int(meta["dz"]!)!)
            let ours = try KSGConditionalEstimator(neighbors: [Int(f[1])!], norm: .max).rawEstimates(s)[0]
            // ennemi's algorithm with an exact digamma; ennemi as published differs by its digamma expansion.
            XCTAssertEqual(ours, Double(f[3])!, accuracy: 1e-10, "\(f[0]) k=\(f[1])")
            XCTAssertEqual(ours, Double(f[2])!, accuracy: 2e-5, "\(f[0]) k=\(f[1])")
            checked += 1
        }
        XCTAssertEqual(checked, 4)
    }

    private func dropZ(_ s: PairedSample) -> [Float] {
        (0..<s.rows).flatMap { r in [s.values[r * 3], s.values[r * 3 + 1]] }
    }
}
