import Foundation
import XCTest
@testable import MITensor

final class LinearAlgebraTests: XCTestCase {
    /// A random SPD matrix M·Mᵀ + n·I.
    func spd(_ n: Int, seed: UInt64) -> [Double] {
        var r = RandomStream(seed: seed)
        let m = (0..<(n * n)).map { _ in r.normal() }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += m[i * n + k] * m[j * n + k] }
                a[i * n + j] = s + (i == j ? Double(n) : 0)
            }
        }
        return a
    }

    func testCholeskyReconstructsAndAgreesWithLAPACK() throws {
        for n in [1, 2, 5, 17] {
            let a = spd(n, seed: UInt64(n))
            let c = try Cholesky(a, order: n)
            for i in 0..<n {
                for j in 0..<n {
                    var s = 0.0
                    for k in 0..<n { s += c.lower[i * n + k] * c.lower[j * n + k] }
                    XCTAssertEqual(s, a[i * n + j], accuracy: 1e-10 * abs(a[i * n + j]) + 1e-12)
                }
            }
            XCTAssertEqual(c.logDeterminant, try LAPACK.logDeterminantSPD(a, order: n), accuracy: 1e-10)
            let eig = try LAPACK.symmetricEigen(a, order: n)
            XCTAssertEqual(eig.values.reduce(0) { $0 + log($1) }, c.logDeterminant, accuracy: 1e-9)
        }
    }

    func testEigenvectorsOfKnownMatrix() throws {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with vectors (1, −1)/√2 and (1, 1)/√2.
        let (values, vectors) = try LAPACK.symmetricEigen([2, 1, 1, 2], order: 2, vectors: true)
        XCTAssertEqual(values[0], 1, accuracy: 1e-12)
        XCTAssertEqual(values[1], 3, accuracy: 1e-12)
        let v = try XCTUnwrap(vectors)
        XCTAssertEqual(abs(v[0 * 2 + 1]), 1 / 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(v[0 * 2 + 1], v[1 * 2 + 1], accuracy: 1e-12)  // column 1 is (1, 1)/√2 up to sign
    }

    func testNotPositiveDefiniteIsAnError() {
        XCTAssertThrowsError(try Cholesky([1, 2, 2, 1], order: 2))
        XCTAssertThrowsError(try LAPACK.logDeterminantSPD([1, 2, 2, 1], order: 2))
    }
}
