import MITensor

/// How the 2×2 blocks of a Gaussian (or Student dispersion) matrix over (X, Y) are built.
/// Every structure yields a correlation matrix (unit diagonal).
public enum GaussianStructure: Sendable, Equatable {
    /// Equicorrelation ρ between every pair of the dx + dy coordinates.
    case dense(rho: Double)
    /// BMI's latent-variable parametrisation (GaussianLVMParametrization): a covariance built from
    /// shared (α), per-variable (β_x, β_y), per-pair (λ, first `pairs` coordinates) and noise
    /// (ε, η) terms, then rescaled to a correlation matrix.
    case lvm(LatentParameters)

    /// The sparse structure of BMI: α = β = 0, ε = 1, η = λ; `pairs` interacting pairs of strength λ,
    /// each with correlation λ²/(1+λ²). "2-pair" is `pairs: 2`.
    public static func sparse(pairs: Int, strength: Double) -> GaussianStructure {
        .lvm(LatentParameters(pairs: pairs, alpha: 0, betaX: 0, betaY: 0, lambda: strength, epsilon: 1, eta: strength))
    }

    public struct LatentParameters: Sendable, Equatable {
        public var pairs: Int
        public var alpha: Double
        public var betaX: Double
        public var betaY: Double
        public var lambda: Double
        public var epsilon: Double
        public var eta: Double
        public init(pairs: Int, alpha: Double, betaX: Double, betaY: Double, lambda: Double, epsilon: Double, eta: Double) {
            self.pairs = pairs; self.alpha = alpha; self.betaX = betaX; self.betaY = betaY
            self.lambda = lambda; self.epsilon = epsilon; self.eta = eta
        }
    }

    /// The correlation matrix over dx + dy coordinates, row-major.
    public func correlation(dx: Int, dy: Int) throws -> [Double] {
        let m = dx + dy
        var c = [Double](repeating: 0, count: m * m)
        switch self {
        case .dense(let rho):
            let lowest = m > 1 ? -1 / Double(m - 1) : -1
            guard rho > lowest, rho < 1 else {
                throw DistributionError("dense correlation must be in (\(lowest), 1) for \(m) coordinates, got \(rho)")
            }
            for i in 0..<m { for j in 0..<m { c[i * m + j] = i == j ? 1 : rho } }
        case .lvm(let p):
            guard p.pairs >= 0, p.pairs <= min(dx, dy) else {
                throw DistributionError("number of interacting pairs must be in 0...\(min(dx, dy)), got \(p.pairs)")
            }
            guard p.epsilon > 0 else { throw DistributionError("epsilon must be positive, got \(p.epsilon)") }
            // Covariance: α² everywhere, β_x² on XX, β_y² on YY, ε² on the diagonal; λ² on
            // Var(X_i), Var(Y_i) and Cov(X_i, Y_i) for the first `pairs` coordinates; η² on the
            // variances of the other coordinates.
            for i in 0..<m {
                for j in 0..<m {
                    var v = p.alpha * p.alpha
                    if i < dx && j < dx { v += p.betaX * p.betaX }
                    if i >= dx && j >= dx { v += p.betaY * p.betaY }
                    c[i * m + j] = v
                }
                c[i * m + i] += p.epsilon * p.epsilon
            }
            for i in 0..<dx {
                if i < p.pairs { c[i * m + i] += p.lambda * p.lambda } else { c[i * m + i] += p.eta * p.eta }
            }
            for j in 0..<dy {
                let jj = dx + j
                if j < p.pairs { c[jj * m + jj] += p.lambda * p.lambda } else { c[jj * m + jj] += p.eta * p.eta }
            }
            for i in 0..<p.pairs {
                c[i * m + dx + i] += p.lambda * p.lambda
                c[(dx + i) * m + i] += p.lambda * p.lambda
            }
            var scale = [Double](repeating: 0, count: m)
            for i in 0..<m { scale[i] = 1 / c[i * m + i].squareRoot() }
            for i in 0..<m { for j in 0..<m { c[i * m + j] *= scale[i] * scale[j] } }
        }
        return c
    }
}

/// Mutual information of a Gaussian with covariance Σ over (X, Y):
/// I = ½·(log det Σ_XX + log det Σ_YY − log det Σ), clipped at 0.
public func gaussianMutualInformation(covariance s: [Double], dx: Int, dy: Int) throws -> Double {
    let m = dx + dy
    var sxx = [Double](repeating: 0, count: dx * dx), syy = [Double](repeating: 0, count: dy * dy)
    for i in 0..<dx { for j in 0..<dx { sxx[i * dx + j] = s[i * m + j] } }
    for i in 0..<dy { for j in 0..<dy { syy[i * dy + j] = s[(dx + i) * m + dx + j] } }
    let joint = try Cholesky(s, order: m).logDeterminant
    let mi = 0.5 * (try Cholesky(sxx, order: dx).logDeterminant + Cholesky(syy, order: dy).logDeterminant - joint)
    return max(0, mi)
}

/// I(X; Y | Z) of a Gaussian with the n×n covariance `s`, X, Y and Z the given coordinates:
/// ½·(log det S_XZ + log det S_YZ − log det S_Z − log det S_XYZ), clipped at 0.
public func gaussianConditionalMutualInformation(covariance s: [Double], order n: Int, x: [Int], y: [Int], z: [Int]) throws -> Double {
    func logDet(_ idx: [Int]) throws -> Double { try Cholesky(principalSubmatrix(s, order: n, idx), order: idx.count).logDeterminant }
    return max(0, 0.5 * (try logDet(x + z) + logDet(y + z) - logDet(z) - logDet(x + y + z)))
}

/// The Student-t correction c(dx, dy, ν) = h(dx, ν) + h(dy, ν) − h(dx + dy, ν), where h(k, ν) is the
/// differential entropy of a standard k-dimensional t (Arellano-Valle, Contreras-Reyes & Genton 2013);
/// the log(νπ) terms cancel.
public func studentCorrection(dx: Int, dy: Int, dof nu: Double) -> Double {
    func h(_ k: Int) -> Double {
        let a = (nu + Double(k)) / 2, b = nu / 2
        return -Special.logGamma(a) + Special.logGamma(b) + a * (Special.digamma(a) - Special.digamma(b))
    }
    return h(dx) + h(dy) - h(dx + dy)
}

/// Mutual information of X ~ U(0,1), Y = X + U(−ε, ε): ε − log(2ε) for ε ≤ ½, else 1/(4ε).
public func additiveUniformMutualInformation(epsilon e: Double) -> Double {
    e <= 0.5 ? e - log(2 * e) : 1 / (4 * e)
}

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
