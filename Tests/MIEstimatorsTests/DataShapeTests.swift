import XCTest
@testable import MIEstimators
import MITensor

/// Ties and constant columns are detected; KSG never reports more than log n.
final class DataShapeTests: XCTestCase {
    func sample(_ x: [Float], _ y: [Float]) -> PairedSample {
        PairedSample(values: zip(x, y).flatMap { [$0, $1] }, rows: x.count, dx: 1, dy: 1)
    }

    func testConstantAndTiedColumnsAreNamed() {
        let n = 300
        let binary = (0..<n).map { Float($0 % 2) }
        var rng = RandomStream(seed: 1)
        let normal = (0..<n).map { _ in Float(rng.normal()) }
        XCTAssertNil(DataShape(sample(normal, normal.map { $0 * 2 + 1 })).note)
        let tied = DataShape(sample(binary, normal))
        XCTAssertEqual(tied.mostTied?.column, 0)
        XCTAssertEqual(tied.mostTied?.distinct, 2)
        XCTAssertEqual(tied.note, "X column 1 has 2 distinct values in 300 rows (tied or discrete data; ksg, kde and mist assume continuous values)")
        let constant = DataShape(sample(normal, [Float](repeating: 3, count: n)))
        XCTAssertEqual(constant.constantColumns, [1])
        XCTAssertEqual(constant.note, "Y column 1 constant (no information)")
    }

    func testKSGRefusesAboveItsBound() {
        // x = y in {0, 1}: every point has hundreds of neighbours at distance 0; the counts say
        // 8.36 nats, above log 300 = 5.70. The estimator refuses instead of reporting it.
        let xy = (0..<300).map { Float($0 % 2) }
        XCTAssertThrowsError(try KSGEstimator().estimate(sample(xy, xy))) { e in
            XCTAssertTrue("\(e)".contains("above log n = 5.7"), "\(e)")
        }
        // Continuous data stays below the bound and is estimated as before.
        var rng = RandomStream(seed: 2)
        let x = (0..<300).map { _ in Float(rng.normal()) }
        let y = x.map { $0 + 0.5 * Float(rng.normal()) }
        let mi = try? KSGEstimator().estimate(sample(x, y))
        XCTAssertNotNil(mi)
        XCTAssertLessThan(mi ?? 99, log(300.0))
    }

    func testKDERefusesManyDimensions() {
        let s = PairedSample(values: [Float](repeating: 0, count: 100 * 12).enumerated().map { Float($0.offset % 7) }, rows: 100, dx: 6, dy: 6)
        XCTAssertThrowsError(try KDEEstimator().estimate(s)) { e in XCTAssertTrue("\(e)".contains("dx+dy=12"), "\(e)") }
    }

    func testStandardizedKeepsMIForTinyAndHugeScales() throws {
        var rng = RandomStream(seed: 3)
        let x = (0..<500).map { _ in rng.normal() }
        let y = x.map { 0.75 * $0 + (1 - 0.5625).squareRoot() * rng.normal() }
        let plain = sample(x.map { Float($0) }, y.map { Float($0) })
        let tiny = sample(x.map { Float($0 * 1e-8) }, y.map { Float($0) }).standardized()
        let a = try CCAEstimator().estimate(plain), b = try CCAEstimator().estimate(tiny)
        XCTAssertEqual(a, b, accuracy: 1e-5)
        let z = tiny.values
        XCTAssertEqual(Double(z.enumerated().filter { $0.offset % 2 == 0 }.map { $0.element * $0.element }.reduce(0, +)) / 500, 1, accuracy: 1e-4)
    }

    func testDistinctCountEqualsTheSortedCount() {
        var rng = RandomStream(seed: 41)
        var table = DistinctTable(capacityFor: 3000)
        for levels in [1, 2, 7, 300, 5000] {
            // Two interleaved columns (stride 2); values on a grid of `levels` points, with −0 and +0.
            let n = 3000
            var v = [Float](repeating: 0, count: 2 * n)
            for i in 0..<(2 * n) { v[i] = Float(Int(rng.uniform() * Double(levels))) - Float(levels / 2) }
            v[0] = -0.0; v[2] = 0.0
            for c in 0..<2 {
                let column = (0..<n).map { v[$0 * 2 + c] }.sorted()
                var expected = 1
                for i in 1..<n where column[i] != column[i - 1] { expected += 1 }
                let got = v.withUnsafeBufferPointer { table.count($0.baseAddress! + c, stride: 2, rows: n) }
                XCTAssertEqual(got, expected, "levels \(levels), column \(c)")
            }
        }
    }
}
