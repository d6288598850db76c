import MITensor

/// The distribution of one variable (d coordinates), for building joints whose dependence is known.
public struct MarginalSampler: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case normal, student, mix }
    public let kind: Kind
    public let dimension: Int
    let factor: Cholesky
    let dof: Double
    /// Mixture: component means (k × d), all with the covariance factor·factorᵀ.
    let means: [[Double]]

    /// A random member of `kind`: equicorrelation ρ ∈ [0, 0.8] between the coordinates; student:
    /// ν ∈ `dof`; mix: 2 to 4 equally likely components whose means are N(0, s²·I), s ∈ [1, 3].
    public init(kind: Kind, dimension d: Int, dof: ClosedRange<Double> = 1...10, rng: inout RandomStream) throws {
        self.kind = kind
        dimension = d
        let rho = rng.uniform(0, 0.8)
        var c = [Double](repeating: rho, count: d * d)
        for i in 0..<d { c[i * d + i] = 1 }
        factor = try Cholesky(c, order: d)
        self.dof = kind == .student ? rng.uniform(dof.lowerBound, dof.upperBound) : .infinity
        if kind == .mix {
            let k = rng.integer(in: 2...4), s = rng.uniform(1, 3)
            means = (0..<k).map { _ in (0..<d).map { _ in s * rng.normal() } }
        } else {
            means = []
        }
    }

    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        let d = dimension
        withUnsafeTemporaryAllocation(of: Double.self, capacity: d) { z in
            for i in 0..<d { z[i] = rng.normal() }
            factor.multiply(UnsafePointer(z.baseAddress!), into: row)
        }
        switch kind {
        case .normal: break
        case .student:
            let scale = 1 / (rng.chiSquare(dof: dof) / dof).squareRoot()
            for i in 0..<d { row[i] *= scale }
        case .mix:
            let m = means[rng.integer(in: 0...(means.count - 1))]
            for i in 0..<d { row[i] += m[i] }
        }
    }
}

/// X and Y drawn independently: I(X; Y) = 0 exactly, whatever the shape of each.
public struct IndependentSampler: JointSampler {
    public let x: MarginalSampler
    public let y: MarginalSampler
    public var dx: Int { x.dimension }
    public var dy: Int { y.dimension }
    public var mutualInformation: Double { 0 }

    public init(x: MarginalSampler, y: MarginalSampler) {
        self.x = x; self.y = y
    }

    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        x.draw(into: row, rng: &rng)
        y.draw(into: row + dx, rng: &rng)
    }
}

/// A joint sampler with extra coordinates of independent N(0, 1) noise appended to X and to Y.
/// The extra coordinates are independent of everything, so I(X, N_x; Y, N_y) = I(X; Y); a rotation
/// afterwards spreads the dependence over all the coordinates.
public struct PaddedSampler: JointSampler {
    public let base: any JointSampler
    public let extraX: Int
    public let extraY: Int
    public var dx: Int { base.dx + extraX }
    public var dy: Int { base.dy + extraY }
    public var mutualInformation: Double { base.mutualInformation }
    public var mutualInformationError: Double? { base.mutualInformationError }

    public init(base: any JointSampler, extraX: Int, extraY: Int) {
        self.base = base; self.extraX = extraX; self.extraY = extraY
    }

    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        let (bx, by) = (base.dx, base.dy)
        base.draw(into: row, rng: &rng)
        // Base row [x | y] → [x | noise_x | y | noise_y]: move y up first.
        for i in stride(from: by - 1, through: 0, by: -1) { row[bx + extraX + i] = row[bx + i] }
        for i in 0..<extraX { row[bx + i] = rng.normal() }
        for i in 0..<extraY { row[bx + extraX + by + i] = rng.normal() }
    }
}
