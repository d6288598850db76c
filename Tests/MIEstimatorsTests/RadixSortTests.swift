// The radix sort against the standard library's stable sort: the same order of indices for doubles and
// floats, short and long columns, negatives, ±0 and ties; sorted values equal sorted().

import XCTest
import MITensor
@testable import MIEstimators

final class RadixSortTests: XCTestCase {
    /// Indices by (value, index): what RadixSort.order promises.
    func reference<T: Comparable>(_ v: [T]) -> [Int32] {
        v.indices.sorted { v[$0] < v[$1] || (v[$0] == v[$1] && $0 < $1) }.map { Int32($0) }
    }

    func testOrderEqualsAStableSort() {
        var rng = RandomStream(seed: 5)
        for n in [1, 10, 63, 64, 500, 5000] {
            // Normal draws, rounded so that values tie, with ±0 and a few extremes.
            // −0 sorts before +0 (documented), so the one −0 is first among the zeros.
            var doubles = (0..<n).map { _ in (rng.normal() * 8).rounded() / 4 }.map { $0 == 0 ? 0 : $0 }
            if n > 3 { doubles[0] = -0.0; doubles[1] = 0.0; doubles[2] = -1e30 }
            let floats = doubles.map { Float($0) }
            XCTAssertEqual(RadixSort.order(doubles), reference(doubles), "doubles, n = \(n)")
            XCTAssertEqual(RadixSort.order(floats), reference(floats), "floats, n = \(n)")
            XCTAssertEqual(RadixSort.sorted(doubles), doubles.sorted(), "sorted doubles, n = \(n)")
        }
    }
}
