#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// The MIST meta-distribution: a stream of labelled data sets, each from a random family with random
/// parameters, sample size and dimension (Gritsai et al. 2025, configs/data_generation/train.yaml).
/// Data set `index` draws everything (family, parameters, samples) from its own stream
/// `RandomStream(seed:, stream: index)`, so any data set can be regenerated alone.
public struct MetaDistribution: Sendable {
    /// A family string `base-structure-transform`: base normal|student|additive|mix|indep, structure
    /// dense|sparse|lvm|2pair (additive: noise; mix: random; indep: the marginals' kind normal|student|
    /// mix), transform base|half-cube|asinh|wiggly|normal-cdf|spiral|swissroll|rotate|flow or a chain of
    /// them joined by `+`, applied left to right (`normal-cdf+spiral`).
    /// mix: a random Gaussian mixture over (X, Y) of shape random|scale|curve (see RandomMixture) on
    /// 1–4 informative coordinates per variable, the others independent noise (MI by Monte Carlo, see GaussianMixtureSampler); indep: X and Y
    /// independent (MI = 0). rotate and flow mix the coordinates within X and within Y (random
    /// rotations, random invertible residual flows; see MixingMaps.swift): MI unchanged.
    /// spiral turns each variable with 2+ coordinates at speed c/d, c ~ U(0.5, 1.5) per data set;
    /// swissroll maps a 1-D X to 2-D (the family draws dx = 1; give normal-cdf first, it takes (0, 1)).
    public struct Family: Sendable, Equatable, CustomStringConvertible {
        public var base: String
        public var structure: String
        public var transform: String
        public var description: String { "\(base)-\(structure)-\(transform)" }

        public init(parsing s: String) throws {
            let parts = s.split(separator: "-", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { throw DistributionError("bad family '\(s)': expected base-structure-transform") }
            base = parts[0]; structure = parts[1]; transform = parts[2]
            let structures: [String]
            switch base {
            case "additive": structures = ["noise"]
            case "normal": structures = ["dense", "sparse", "lvm", "2pair"]
            case "student": structures = ["dense", "sparse", "2pair"]
            case "mix": structures = RandomMixture.Shape.allCases.map(\.rawValue)
            case "indep": structures = MarginalSampler.Kind.allCases.map(\.rawValue)
            default: structures = []
            }
            guard !structures.isEmpty else { throw DistributionError("bad family '\(s)': base must be normal, student, additive, mix or indep") }
            guard structures.contains(structure) else {
                throw DistributionError("bad family '\(s)': \(base) takes structure \(structures.joined(separator: "|"))")
            }
            let known = ["base", "half-cube", "asinh", "wiggly", "normal-cdf", "spiral", "swissroll", "rotate", "flow"]
            guard transforms.allSatisfy(known.contains), transform == "base" || !transforms.contains("base") else {
                throw DistributionError("bad family '\(s)': transform must be base, or a +-chain of half-cube, asinh, wiggly, normal-cdf, spiral, swissroll, rotate, flow")
            }
            guard base != "additive" || !transforms.contains("swissroll") else {
                throw DistributionError("bad family '\(s)': swissroll needs a 1-D X, additive noise has dx = dy")
            }
        }

        /// The transform chain's names, in order (empty for base).
        public var transforms: [String] { transform == "base" ? [] : transform.split(separator: "+").map(String.init) }
    }

    /// The 16 family strings of MIST's training set.
    public static let mistFamilies = [
        "normal-dense-base", "normal-dense-half-cube", "normal-dense-asinh", "normal-sparse-wiggly", "normal-sparse-base",
        "normal-lvm-wiggly", "normal-lvm-base", "normal-2pair-base", "student-dense-base", "student-dense-wiggly",
        "student-sparse-half-cube", "student-sparse-base", "student-sparse-asinh", "student-2pair-asinh",
        "student-2pair-half-cube", "additive-noise-wiggly"
    ]

    /// MIST's 16 and six with maps that are not per-coordinate monotone (BMI's spiral and swiss-roll
    /// embeddings, here with random structure, dimension and speed): a rank-normalised model cannot see
    /// through these, so it must learn them.
    public static let extendedFamilies =
        mistFamilies + [
            "normal-sparse-spiral", "normal-lvm-spiral", "student-sparse-spiral", "normal-dense-normal-cdf+spiral",
            "normal-dense-normal-cdf+swissroll", "normal-sparse-normal-cdf+swissroll"
        ]

    /// The extended families and new shapes of dependence: multimodal mixtures, maps that mix
    /// coordinates, independence of every shape (the training prior of the broad models).
    public static let broadFamilies =
        extendedFamilies + [
            "normal-dense-rotate", "normal-sparse-rotate", "normal-lvm-flow", "normal-sparse-flow", "normal-2pair-flow",
            "normal-sparse-half-cube+rotate", "student-dense-rotate", "student-sparse-flow", "student-sparse-asinh+rotate",
            "mix-random-base", "mix-random-rotate", "mix-random-flow", "mix-random-half-cube",
            "mix-random-asinh+flow", "indep-normal-base", "indep-student-base", "indep-mix-base", "indep-normal-flow",
            "indep-student-rotate", "indep-mix-flow"
        ]

    /// The broad families and two more mixture shapes (same-mean scale mixtures; components strung
    /// along a curve), the training prior of the stage-4 models. BMI v2's concentric, X-shaped and
    /// wave-like tasks are of these shapes (with BMI's fixed parameters, not drawn): on them a model
    /// trained on this prior is not evaluated out of its training distribution.
    public static let wideFamilies =
        broadFamilies + [
            "mix-scale-base", "mix-scale-rotate", "mix-scale-asinh", "mix-curve-base", "mix-curve-flow",
            "mix-curve-half-cube", "mix-curve-rotate"
        ]

    /// Held-out combinations of the two newer mixture shapes (no training list holds them).
    public static let heldOutShapeFamilies = ["mix-scale-wiggly+flow", "mix-curve-spiral", "mix-curve-asinh+rotate"]

    /// Families that no training prior here contains: held out, for evaluating what a model did not see
    /// (combinations of a base, structure and map never drawn together in training).
    public static let heldOutFamilies = [
        "normal-dense-flow", "student-2pair-rotate", "student-dense-wiggly+flow", "mix-random-wiggly+rotate",
        "mix-random-spiral", "indep-student-asinh+flow", "indep-mix-rotate", "normal-lvm-half-cube+rotate"
    ]

    /// Combinations in no training list and in neither held-out list: for calibrating a model's
    /// intervals on data it did not train on (mi-train --calibration-families), so that the held-out
    /// lists stay unseen by training and calibration alike.
    public static let calibrationFamilies = [
        "normal-2pair-half-cube+flow", "normal-lvm-asinh+rotate", "normal-dense-wiggly+rotate", "normal-sparse-asinh+flow",
        "student-dense-asinh+flow", "student-sparse-wiggly+rotate", "student-2pair-spiral", "mix-random-half-cube+rotate",
        "mix-random-wiggly+flow", "mix-scale-half-cube+rotate", "mix-curve-wiggly+flow", "indep-normal-asinh+rotate",
        "indep-student-wiggly+flow", "indep-mix-half-cube+rotate", "additive-noise-flow"
    ]

    /// A --families argument: comma-separated family strings, where `mist` stands for MIST's 16,
    /// `extended` for extendedFamilies, `broad` for broadFamilies, `wide` for wideFamilies, `held-out` for
    /// heldOutFamilies, `held-out-shapes` for heldOutShapeFamilies and `calibration` for calibrationFamilies.
    public static func familyList(_ text: String) -> [String] {
        text.split(separator: ",").flatMap { part -> [String] in
            switch part {
            case "mist": return mistFamilies;
            case "extended": return extendedFamilies;
            case "broad": return broadFamilies;
            case "wide": return wideFamilies;
            case "held-out": return heldOutFamilies;
            case "held-out-shapes": return heldOutShapeFamilies;
            case "calibration": return calibrationFamilies;
            default: return [String(part)]
            }
        }
    }

    public var families: [Family]
    public var sampleSize: ClosedRange<Int> = 10...500
    public var dimension: ClosedRange<Int> = 2...32
    /// Draw dx and dy independently from `dimension` (MIST always has dx = dy).
    public var independentDimensions = false
    public var rho: ClosedRange<Double> = 0...0.5
    public var strength: ClosedRange<Double> = 0.1...5
    public var dof: ClosedRange<Double> = 1...10
    public var noise: ClosedRange<Double> = 0.1...2
    public var alpha: ClosedRange<Double> = 0...1
    public var lvmLambda: ClosedRange<Double> = 0.1...3
    public var beta: ClosedRange<Double> = 0...1.5
    public var eta: ClosedRange<Double> = 0.1...5
    /// Draw n and d log-uniformly in their ranges (small sizes as often as large ones) instead of uniformly.
    public var logUniformSize = false
    public var logUniformDimension = false
    /// Monte Carlo draws of the pointwise MI for the mix families' truth.
    public var monteCarloSamples = 4000
    /// Data sets whose MI is above this are drawn again (from the same stream), so the stream holds no
    /// dependence stronger than a sample could show.
    public var maxMI = Double.infinity

    public init(families: [String] = MetaDistribution.mistFamilies) throws {
        guard !families.isEmpty else { throw DistributionError("the family list is empty") }
        self.families = try families.map(Family.init(parsing:))
    }

    /// One drawn data set: its sampler, size and the parameters that describe it.
    public struct Draw {
        public var family: Family
        public var sampler: any JointSampler
        public var rows: Int
        public var parameters: [(String, String)]
        /// The stream positioned after the parameter draws: rows come from it.
        public var rng: RandomStream
    }

    public func draw(seed: UInt64, index: UInt64) throws -> Draw {
        var rng = RandomStream(seed: seed, stream: index)
        // Above maxMI the whole draw is repeated, the stream continuing (so still a function of index).
        for _ in 0..<999 {
            let d = try drawOnce(&rng)
            if d.sampler.mutualInformation <= maxMI { return d }
        }
        return try drawOnce(&rng)
    }

    func drawOnce(_ rng: inout RandomStream) throws -> Draw {
        let family = families[rng.integer(in: 0...(families.count - 1))]
        func size(_ r: ClosedRange<Int>, log: Bool) -> Int {
            guard log, r.lowerBound >= 1, r.upperBound > r.lowerBound else { return rng.integer(in: r) }
            let v = Glibc.exp(rng.uniform(Glibc.log(Double(r.lowerBound)), Glibc.log(Double(r.upperBound) + 1)))
            return min(r.upperBound, max(r.lowerBound, Int(v)))
        }
        let n = size(sampleSize, log: logUniformSize)
        let drawnX = size(dimension, log: logUniformDimension)  // drawn for every family: the stream stays aligned
        let swissroll = family.transforms.contains("swissroll")
        let dx = swissroll ? 1 : drawnX
        let dy = independentDimensions && family.base != "additive" ? size(dimension, log: logUniformDimension) : swissroll ? 1 : dx
        func u(_ r: ClosedRange<Double>) -> Double { rng.uniform(r.lowerBound, r.upperBound) }
        var params: [(String, String)] = []
        func structure() -> GaussianStructure {
            switch family.structure {
            case "dense":
                let r = u(rho); params.append(("rho", "\(r)")); return .dense(rho: r)
            case "sparse", "2pair":
                let k = family.structure == "2pair" ? min(2, min(dx, dy)) : rng.integer(in: 1...min(dx, dy))
                let s = u(strength); params += [("pairs", "\(k)"), ("strength", "\(s)")]
                return .sparse(pairs: k, strength: s)
            default:  // lvm
                let k = rng.integer(in: 1...min(dx, dy))
                let a = u(alpha), l = u(lvmLambda), b = u(beta), e = u(eta)
                params += [("pairs", "\(k)"), ("alpha", "\(a)"), ("lambda", "\(l)"), ("beta", "\(b)"), ("eta", "\(e)")]
                return .lvm(.init(pairs: k, alpha: a, betaX: b, betaY: b, lambda: l, epsilon: 1, eta: e))
            }
        }
        var base: any JointSampler
        switch family.base {
        case "mix":
            let kx = min(dx, rng.integer(in: 1...4)), ky = min(dy, rng.integer(in: 1...4))
            let shape = RandomMixture.Shape(rawValue: family.structure)!
            let mixture = try RandomMixture.draw(shape, dx: kx, dy: ky, monteCarloSamples: monteCarloSamples, rng: &rng)
            params += [("informative", "\(kx),\(ky)"), ("components", "\(mixture.components.count)")]
            base = kx == dx && ky == dy ? mixture : PaddedSampler(base: mixture, extraX: dx - kx, extraY: dy - ky)
        case "indep":
            let kind = MarginalSampler.Kind(rawValue: family.structure)!
            base = IndependentSampler(
                x: try MarginalSampler(kind: kind, dimension: dx, dof: dof, rng: &rng),
                y: try MarginalSampler(kind: kind, dimension: dy, dof: dof, rng: &rng))
        case "additive":
            let eps = (0..<dx).map { _ in u(noise) }
            params.append(("eps", eps.map { "\($0)" }.joined(separator: ",")))
            base = try AdditiveUniformSampler(epsilons: eps)
        case "student":
            let s = structure()
            let nu = u(dof); params.append(("dof", "\(nu)"))
            base = try StudentSampler(dx: dx, dy: dy, structure: s, dof: nu)
        default:
            base = try GaussianSampler(dx: dx, dy: dy, structure: structure())
        }
        if !family.transforms.isEmpty {
            var steps: [TransformStep] = []
            var (x, y) = (dx, dy)
            for name in family.transforms {
                switch name {
                case "spiral":
                    let c = u(0.5...1.5); params.append(("spiral_speed", "\(c)"))
                    if x >= 2 { steps.append(TransformStep(.spiral(speed: c / Double(x)), onY: false)) }
                    if y >= 2 { steps.append(TransformStep(.spiral(speed: c / Double(y)), onX: false)) }
                case "swissroll":
                    steps.append(TransformStep(.swissroll, onY: false)); x = 2
                case "rotate":
                    if x >= 2 { steps.append(TransformStep(.rotation(RandomRotation(dimension: x, rng: &rng)), onY: false)) }
                    if y >= 2 { steps.append(TransformStep(.rotation(RandomRotation(dimension: y, rng: &rng)), onX: false)) }
                case "flow":
                    let layers = rng.integer(in: 1...3); params.append(("flow_layers", "\(layers)"))
                    steps.append(TransformStep(.residualFlow(ResidualFlow(dimension: x, layers: layers, rng: &rng)), onY: false))
                    steps.append(TransformStep(.residualFlow(ResidualFlow(dimension: y, layers: layers, rng: &rng)), onX: false))
                default:
                    steps.append(TransformStep(try Transform(parsing: name)))
                }
            }
            if !steps.isEmpty { base = try TransformedSampler(base: base, steps: steps) }
        }
        return Draw(family: family, sampler: base, rows: n, parameters: params, rng: rng)
    }
}
