import ArgumentParser
import MIDistributions

enum StructureChoice: String, CaseIterable, ExpressibleByArgument { case dense, sparse, lvm }

/// The correlation (or dispersion) structure of `gauss` and `student`: dense equicorrelation, sparse
/// pairs, or BMI's latent-variable parametrisation. Inferred from the options given when omitted.
struct StructureOptions: ParsableArguments {
    @Option(help: "dense (equicorrelated), sparse (interacting pairs) or lvm (latent-variable model). Inferred from the other options when omitted.")
    var structure: StructureChoice?

    @Option(parsing: .unconditional, help: "dense: correlation between every pair of coordinates (default 0.5).")
    var rho: Double?

    @Option(parsing: .unconditional, help: "sparse/lvm: number of interacting (X_i, Y_i) pairs (default: 2, at most min(dx, dy)).")
    var pairs: Int?

    @Option(parsing: .unconditional, help: "sparse: strength lambda of each pair; correlation lambda^2/(1+lambda^2) (default 2).")
    var strength: Double?

    @Option(parsing: .unconditional, help: "lvm: weight alpha of the latent shared by all coordinates (default 0).")
    var alpha: Double?
    @Option(parsing: .unconditional, help: "lvm: weight beta of the latent shared within X and within Y (default 0).")
    var beta: Double?
    @Option(parsing: .unconditional, help: "lvm: weight lambda of each pair's latent (default 1).")
    var lambda: Double?
    @Option(parsing: .unconditional, help: "lvm: weight eta of the noise of non-interacting coordinates (default lambda).")
    var eta: Double?
    @Option(parsing: .unconditional, help: "lvm: weight eps of every coordinate's own noise (default 1).")
    var epsilon: Double?

    var kind: StructureChoice {
        if let structure { return structure }
        if [alpha, beta, lambda, eta, epsilon].contains(where: { $0 != nil }) { return .lvm }
        if pairs != nil || strength != nil { return .sparse }
        return .dense
    }

    func validate() throws {
        switch kind {
        case .dense:
            if pairs != nil || strength != nil || [alpha, beta, lambda, eta, epsilon].contains(where: { $0 != nil }) {
                throw ValidationError("--pairs, --strength and the lvm weights do not apply to the dense structure")
            }
        case .sparse:
            if rho != nil { throw ValidationError("--rho applies to the dense structure only") }
            if [alpha, beta, lambda, eta, epsilon].contains(where: { $0 != nil }) {
                throw ValidationError("the lvm weights do not apply to the sparse structure (use --structure lvm)")
            }
        case .lvm:
            if rho != nil || strength != nil { throw ValidationError("--rho and --strength do not apply to the lvm structure") }
        }
    }

    /// The structure with its free strength parameter set to `value` (or the given/default one).
    func structure(dx: Int, dy: Int, strengthOverride value: Double? = nil) -> GaussianStructure {
        let k = pairs ?? min(2, min(dx, dy))
        switch kind {
        case .dense: return .dense(rho: value ?? rho ?? 0.5)
        case .sparse: return .sparse(pairs: k, strength: value ?? strength ?? 2)
        case .lvm:
            let l = value ?? lambda ?? 1
            return .lvm(
                .init(
                    pairs: k, alpha: alpha ?? 0, betaX: beta ?? 0, betaY: beta ?? 0, lambda: l,
                    epsilon: epsilon ?? 1, eta: eta ?? l))
        }
    }

    /// Metadata describing the structure.
    func parameters(_ s: GaussianStructure) -> [(String, String)] {
        switch s {
        case .dense(let r): return [("structure", "dense"), ("rho", "\(r)")]
        case .lvm(let p) where kind == .sparse:
            return [("structure", "sparse"), ("pairs", "\(p.pairs)"), ("strength", "\(p.lambda)")]
        case .lvm(let p):
            return [
                ("structure", "lvm"), ("pairs", "\(p.pairs)"), ("alpha", "\(p.alpha)"), ("beta", "\(p.betaX)"),
                ("lambda", "\(p.lambda)"), ("eta", "\(p.eta)"), ("epsilon", "\(p.epsilon)")
            ]
        }
    }

    /// Chooses the strength parameter (ρ for dense, λ otherwise) so that `mi(structure)` = target.
    func solve(target: Double, dx: Int, dy: Int, mi: (GaussianStructure) throws -> Double) throws -> GaussianStructure {
        switch kind {
        case .dense:
            let p = try TargetMI.solve(target: target, lo: 0, hi: 1 - 1e-12, increasing: true, parameter: "--rho") {
                try mi(structure(dx: dx, dy: dy, strengthOverride: $0))
            }
            return structure(dx: dx, dy: dy, strengthOverride: p)
        case .sparse, .lvm:
            let p = try TargetMI.solve(
                target: target, lo: 0, hi: 1, increasing: true, unboundedAbove: true,
                parameter: kind == .sparse ? "--strength" : "--lambda"
            ) {
                try mi(structure(dx: dx, dy: dy, strengthOverride: $0))
            }
            return structure(dx: dx, dy: dy, strengthOverride: p)
        }
    }
}
