import MITensor

/// Multivariate normal over (X, Y) with a correlation matrix from a `GaussianStructure`.
public struct GaussianSampler: JointSampler {
    public let dx: Int
    public let dy: Int
    public let structure: GaussianStructure
    public let mutualInformation: Double
    let factor: Cholesky

    public init(dx: Int, dy: Int, structure: GaussianStructure) throws {
        guard dx >= 1, dy >= 1 else { throw DistributionError("dimensions must be at least 1, got dx=\(dx) dy=\(dy)") }
        self.dx = dx; self.dy = dy; self.structure = structure
        let c = try structure.correlation(dx: dx, dy: dy)
        factor = try Cholesky(c, order: dx + dy)
        mutualInformation = try gaussianMutualInformation(covariance: c, dx: dx, dy: dy)
    }

    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        let m = dx + dy
        withUnsafeTemporaryAllocation(of: Double.self, capacity: m) { z in
            for i in 0..<m { z[i] = rng.normal() }
            factor.multiply(UnsafePointer(z.baseAddress!), into: row)
        }
    }
}

/// Multivariate Student-t over (X, Y): dispersion from a `GaussianStructure`, nu degrees of freedom.
/// A row is a Gaussian row (L z) divided by sqrt(W / nu) with one W ~ chi-square(nu) shared by X and Y.
/// I = I_Gauss(dispersion) + c(dx, dy, nu).
public struct StudentSampler: JointSampler {
    public let gaussian: GaussianSampler
    public let dof: Double
    public let mutualInformation: Double
    public var dx: Int { gaussian.dx }
    public var dy: Int { gaussian.dy }
    public var structure: GaussianStructure { gaussian.structure }

    public init(dx: Int, dy: Int, structure: GaussianStructure, dof: Double) throws {
        guard dof > 0, dof.isFinite else { throw DistributionError("degrees of freedom must be positive, got \(dof)") }
        gaussian = try GaussianSampler(dx: dx, dy: dy, structure: structure)
        self.dof = dof
        mutualInformation = gaussian.mutualInformation + studentCorrection(dx: dx, dy: dy, dof: dof)
    }

    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        gaussian.draw(into: row, rng: &rng)
        let scale = 1 / (rng.chiSquare(dof: dof) / dof).squareRoot()
        for i in 0..<(dx + dy) { row[i] *= scale }
    }
}

/// X_j ~ U(0, 1), Y_j = X_j + U(−ε_j, ε_j), independently per coordinate (dx = dy = ε.count).
public struct AdditiveUniformSampler: JointSampler {
    public let epsilons: [Double]
    public var dx: Int { epsilons.count }
    public var dy: Int { epsilons.count }
    public let mutualInformation: Double

    public init(epsilons: [Double]) throws {
        guard !epsilons.isEmpty else { throw DistributionError("additive noise needs at least one dimension") }
        guard epsilons.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw DistributionError("noise half-widths must be positive")
        }
        self.epsilons = epsilons
        mutualInformation = epsilons.reduce(0) { $0 + additiveUniformMutualInformation(epsilon: $1) }
    }

    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        let d = epsilons.count
        for j in 0..<d {
            let x = rng.uniform()
            row[j] = x
            row[d + j] = x + rng.uniform(-epsilons[j], epsilons[j])
        }
    }
}
