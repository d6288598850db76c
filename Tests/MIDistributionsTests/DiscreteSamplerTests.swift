import Foundation
import MITensor
import XCTest
@testable import MIDistributions

final class DiscreteSamplerTests: XCTestCase {
    func testCategoricalPairTruthAtItsEnds() throws {
        // eps = 0: Y = X, I = H(X) = log k; eps = (k - 1)/k: Y uniform whatever X, I = 0.
        XCTAssertEqual(try CategoricalPairSampler(levels: 4, epsilon: 0).mutualInformation, log(4), accuracy: 1e-15)
        XCTAssertEqual(try CategoricalPairSampler(levels: 4, epsilon: 0.75).mutualInformation, 0, accuracy: 1e-15)
        XCTAssertThrowsError(try CategoricalPairSampler(levels: 1, epsilon: 0.1))
    }

    func testCategoricalPairDrawsHaveTheStatedTable() throws {
        // Each cell of 200,000 draws within 0.003 of its probability ((1 - eps)/k on the diagonal,
        // eps/(k(k - 1)) off it), and the plug-in MI within 0.006 (about 4 standard errors).
        let s = try CategoricalPairSampler(levels: 3, epsilon: 0.2)
        var rng = RandomStream(seed: 1)
        let v = s.sample(200_000, rng: &rng)
        var table = [[Double]](repeating: [0, 0, 0], count: 3)
        for r in 0..<200_000 { table[Int(v[2 * r])][Int(v[2 * r + 1])] += 1 / 200_000 }
        for a in 0..<3 { for b in 0..<3 { XCTAssertEqual(table[a][b], a == b ? 0.8 / 3 : 0.2 / 6, accuracy: 0.003) } }
        var mi = 0.0
        for a in 0..<3 {
            for b in 0..<3 where table[a][b] > 0 {
                let pa = table[a].reduce(0, +), pb = table.map { $0[b] }.reduce(0, +)
                mi += table[a][b] * log(table[a][b] / (pa * pb))
            }
        }
        XCTAssertEqual(mi, s.mutualInformation, accuracy: 0.006)
    }

    func testUniformMixtureTruth() throws {
        // m = 2: log 2 - (1/2) log 2 = (1/2) log 2.
        XCTAssertEqual(try UniformMixtureSampler(levels: 2).mutualInformation, 0.5 * log(2), accuracy: 1e-15)
        var rng = RandomStream(seed: 2)
        let v = try UniformMixtureSampler(levels: 3).sample(1000, rng: &rng)
        for r in 0..<1000 { XCTAssertTrue(v[2 * r + 1] >= v[2 * r] && v[2 * r + 1] <= v[2 * r] + 2) }
    }
}
