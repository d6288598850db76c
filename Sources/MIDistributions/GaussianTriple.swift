import MITensor

/// Jointly normal (X, Y, Z) from a linear model of independent standard normal sources, with the
/// conditional MI I(X; Y | Z) and the MI I(X; Y) both exact (log-determinants of the covariance).
///
/// With z̄ = (z_1 + … + z_dz)/√dz, p = min(dx, dy) coordinate pairs, u, v, w independent N(0, 1):
/// - fork (common cause, CMI < MI): Z = w; X_i = a·z̄ + u_i; Y_i = a·z̄ + ρ·u_i + √(1 − ρ²)·v_i.
///   Given Z the pairs are ρ-correlated: I(X; Y | Z) = −(p/2)·log(1 − ρ²).
/// - collider (common effect): X_i = u_i; Y_i = ρ·u_i + √(1 − ρ²)·v_i;
///   Z_j = a·(ΣX + ΣY)/√(dx + dy) + w_j. Here I(X; Y) = −(p/2)·log(1 − ρ²); with ρ = 0, X and Y are
///   independent (MI 0) but dependent given Z (CMI > MI).
/// - chain (X → Z → Y, plus a direct link ρ): X_i = u_i; Z_j = a·x̄ + w_j with x̄ = ΣX/√dx;
///   Y_i = a·z̄ + ρ·u_i + v_i.
/// Coordinates of the larger of X, Y beyond the p pairs have no partner (only the shared term).
public struct GaussianTripleSampler: Sendable {
    public enum Structure: String, Sendable, CaseIterable { case fork, collider, chain }

    public let dx: Int, dy: Int, dz: Int
    public let structure: Structure
    public let a: Double, rho: Double
    /// I(X; Y | Z) in nats.
    public let conditionalMI: Double
    /// I(X; Y) in nats.
    public let marginalMI: Double
    /// (dx + dy + dz) × sources, row-major: row r of a draw is Σ_s loadings[r, s]·source_s.
    let loadings: [Double]
    let sources: Int

    public var width: Int { dx + dy + dz }

    public init(dx: Int, dy: Int, dz: Int, structure: Structure, a: Double, rho: Double) throws {
        guard dx >= 1, dy >= 1, dz >= 1 else { throw DistributionError("dimensions must be at least 1, got dx=\(dx) dy=\(dy) dz=\(dz)") }
        guard a.isFinite else { throw DistributionError("--a must be finite, got \(a)") }
        guard rho >= 0, rho < 1 else { throw DistributionError("--rho must be in [0, 1), got \(rho)") }
        self.dx = dx; self.dy = dy; self.dz = dz; self.structure = structure; self.a = a; self.rho = rho
        let m = dx + dy + dz, p = min(dx, dy)
        // Sources: u (dx), v (dy), w (dz).
        let s = dx + dy + dz
        let u = 0, v = dx, w = dx + dy
        var l = [Double](repeating: 0, count: m * s)
        func add(_ row: Int, _ source: Int, _ value: Double) { l[row * s + source] += value }
        // Adds a·(mean of `rows`' own expressions)/√count to `row`, by their loadings.
        func addShared(_ row: Int, from rows: Range<Int>, scale: Double) {
            for r in rows { for c in 0..<s { l[row * s + c] += scale * l[r * s + c] / Double(rows.count).squareRoot() } }
        }
        let xRows = 0..<dx, yRows = dx..<(dx + dy), zRows = (dx + dy)..<m
        let partner = (1 - rho * rho).squareRoot()
        switch structure {
        case .fork:
            for j in 0..<dz { add(dx + dy + j, w + j, 1) }
            for i in 0..<dx { add(i, u + i, 1); addShared(i, from: zRows, scale: a) }
            for i in 0..<dy {
                if i < p { add(dx + i, u + i, rho); add(dx + i, v + i, partner) } else { add(dx + i, v + i, 1) }
                addShared(dx + i, from: zRows, scale: a)
            }
        case .collider:
            for i in 0..<dx { add(i, u + i, 1) }
            for i in 0..<dy { if i < p { add(dx + i, u + i, rho); add(dx + i, v + i, partner) } else { add(dx + i, v + i, 1) } }
            for j in 0..<dz {
                add(dx + dy + j, w + j, 1)
                addShared(dx + dy + j, from: 0..<(dx + dy), scale: a)
            }
        case .chain:
            for i in 0..<dx { add(i, u + i, 1) }
            for j in 0..<dz { add(dx + dy + j, w + j, 1); addShared(dx + dy + j, from: xRows, scale: a) }
            for i in 0..<dy {
                add(dx + i, v + i, 1)
                if i < p { add(dx + i, u + i, rho) }
                addShared(dx + i, from: zRows, scale: a)
            }
        }
        loadings = l; sources = s
        var cov = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for j in 0..<m { var t = 0.0; for c in 0..<s { t += l[i * s + c] * l[j * s + c] }; cov[i * m + j] = t } }
        let x = Array(xRows), y = Array(yRows), z = Array(zRows)
        conditionalMI = try gaussianConditionalMutualInformation(covariance: cov, order: m, x: x, y: y, z: z)
        marginalMI = try gaussianMutualInformation(covariance: principalSubmatrix(cov, order: m, x + y), dx: dx, dy: dy)
    }

    /// Writes one row (X, then Y, then Z) to `row`.
    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        let m = width, s = sources
        withUnsafeTemporaryAllocation(of: Double.self, capacity: s) { src in
            for c in 0..<s { src[c] = rng.normal() }
            for r in 0..<m {
                var t = 0.0
                for c in 0..<s { t += loadings[r * s + c] * src[c] }
                row[r] = t
            }
        }
    }
}
