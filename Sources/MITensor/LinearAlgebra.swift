#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

/// Double-precision dense linear algebra on row-major square matrices stored in `[Double]`.
///
/// Two families live here, on purpose:
/// - `Cholesky` (own loops): small matrices (a sampler's covariance, a ground-truth determinant).
///   It is written out so that the same seed gives the same samples on every CPU: OpenBLAS picks
///   different kernels (and summation orders) per processor, which would change the last bits.
/// - `LAPACK` (OpenBLAS): estimator-sized matrices where speed matters more than bitwise identity.
public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable {
    case notPositiveDefinite(order: Int, failedAt: Int)
    case lapack(routine: String, info: Int)

    public var description: String {
        switch self {
        case let .notPositiveDefinite(order, i):
            return "matrix of order \(order) is not positive definite (pivot \(i + 1))"
        case let .lapack(routine, info):
            return "LAPACK \(routine) failed (info \(info))"
        }
    }
}

/// Cholesky factor L (lower triangular, A = L·Lᵀ) computed with plain loops in a fixed order.
/// The principal submatrix of the n×n row-major `a` on rows and columns `idx`, in that order.
public func principalSubmatrix(_ a: [Double], order n: Int, _ idx: [Int]) -> [Double] {
    var sub = [Double](repeating: 0, count: idx.count * idx.count)
    for (r, i) in idx.enumerated() { for (c, j) in idx.enumerated() { sub[r * idx.count + c] = a[i * n + j] } }
    return sub
}

public struct Cholesky: Sendable {
    public let order: Int
    /// Row-major lower-triangular factor; entries above the diagonal are zero.
    public let lower: [Double]

    public init(_ a: [Double], order n: Int) throws {
        precondition(a.count == n * n, "matrix must be n×n")
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0, d.isFinite else { throw LinearAlgebraError.notPositiveDefinite(order: n, failedAt: j) }
            let ljj = d.squareRoot()
            l[j * n + j] = ljj
            for i in (j + 1)..<n {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / ljj
            }
        }
        order = n
        lower = l
    }

    /// log det A = 2 Σ log L_ii.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<order { s += log(lower[i * order + i]) }
        return 2 * s
    }

    /// y = L·z for one vector (z and y of length `order`; y may not alias z).
    @inlinable
    public func multiply(_ z: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
        lower.withUnsafeBufferPointer { l in
            for i in 0..<order {
                var s = 0.0
                let row = l.baseAddress! + i * order
                for k in 0...i { s += row[k] * z[k] }
                y[i] = s
            }
        }
    }
}

/// Double-precision BLAS (OpenBLAS's CBLAS).
public enum DoubleBLAS {
    /// C += Aᵀ·A on the upper triangle (j ≥ i) of the row-major (m, m) C, for the row-major (k, m) A
    /// (`dsyrk`); the strict lower triangle is left as it was.
    public static func addGram(_ a: UnsafePointer<Double>, rows k: Int, width m: Int, into c: UnsafeMutablePointer<Double>) {
        guard k > 0, m > 0 else { return }
        BLASLibrary.entries.dsyrk(
            BLASLibrary.rowMajor, BLASLibrary.upper, BLASLibrary.trans, Int32(m), Int32(k), 1, a, Int32(m), 1, c, Int32(m))
    }
}

/// Wrappers over OpenBLAS's LAPACK (column-major Fortran; our matrices are symmetric, so row-major
/// storage reads the same).
public enum LAPACK {
    /// log det of a symmetric positive-definite matrix via `dpotrf`.
    public static func logDeterminantSPD(_ a: [Double], order n: Int) throws -> Double {
        precondition(a.count == n * n, "matrix must be n×n")
        if n == 0 { return 0 }
        var m = a
        var nn = Int32(n), lda = Int32(n), info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "L"))
        BLASLibrary.entries.dpotrf(&uplo, &nn, &m, &lda, &info, 1)
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(order: n, failedAt: Int(info) - 1) }
        if info < 0 { throw LinearAlgebraError.lapack(routine: "dpotrf", info: Int(info)) }
        var s = 0.0
        for i in 0..<n { s += log(m[i * n + i]) }
        return 2 * s
    }

    /// Eigenvalues (ascending) and, if requested, eigenvectors (row-major, column j is vector j) of
    /// a symmetric matrix via `dsyev`.
    public static func symmetricEigen(_ a: [Double], order n: Int, vectors: Bool = false) throws
        -> (values: [Double], vectors: [Double]?)
    {
        precondition(a.count == n * n, "matrix must be n×n")
        if n == 0 { return ([], vectors ? [] : nil) }
        var m = a
        var w = [Double](repeating: 0, count: n)
        var nn = Int32(n), lda = Int32(n), info: Int32 = 0, lwork: Int32 = -1
        var jobz = CChar(UInt8(ascii: vectors ? "V" : "N")), uplo = CChar(UInt8(ascii: "L"))
        var query = 0.0
        BLASLibrary.entries.dsyev(&jobz, &uplo, &nn, &m, &lda, &w, &query, &lwork, &info, 1, 1)
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: max(1, Int(lwork)))
        BLASLibrary.entries.dsyev(&jobz, &uplo, &nn, &m, &lda, &w, &work, &lwork, &info, 1, 1)
        if info != 0 { throw LinearAlgebraError.lapack(routine: "dsyev", info: Int(info)) }
        guard vectors else { return (w, nil) }
        // dsyev returns vectors as columns of a column-major matrix: transpose to row-major columns.
        var v = [Double](repeating: 0, count: n * n)
        for j in 0..<n { for i in 0..<n { v[i * n + j] = m[j * n + i] } }
        return (w, v)
    }
}
