#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// An injective map applied to X, Y or both; mutual information is unchanged by it.
/// Facts (formulas, constants) follow BMI's `transforms` module; see the project reference notes.
public enum Transform: Sendable, Equatable {
    /// x·√|x| per coordinate: longer tails. Strictly increasing.
    case halfCube
    /// arsinh per coordinate: shorter tails. Strictly increasing.
    case asinh
    /// BMI's wiggly maps, different for X and Y. Strictly increasing.
    case wiggly
    /// Φ, the standard normal CDF, per coordinate: uniform margins. Strictly increasing.
    case normalCDF
    /// x ↦ exp(s·‖x‖²·A)·x with A the generator of rotations in coordinate plane (0,1) for X and
    /// (1,2) for Y (when it has 3+ coordinates); speed s defaults to 1/dimension. Injective.
    case spiral(speed: Double?)
    /// 1-D u ∈ (0,1) ↦ (t·cos t, t·sin t)/21 with t = 1.5π(1 + 2u): a 1→2-D embedding. Injective.
    case swissroll
    /// Φ then the inverse CDF of a two-component normal mixture (X: 0.3·N(0,1) + 0.7·N(5,1);
    /// Y: 0.5·N(−1,1) + 0.5·N(3,1)) per coordinate. Strictly increasing.
    case bimodal
    /// Per-column standardisation of the drawn data set (mean 0, unit variance): acts on the whole
    /// sample, so it must come last.
    case rescale
    /// A random rotation of the variable's coordinates (drawn per data set by the meta-distribution).
    case rotation(RandomRotation)
    /// A random invertible residual flow of the variable's coordinates (drawn per data set).
    case residualFlow(ResidualFlow)

    public static let names = ["half-cube", "asinh", "wiggly", "normal-cdf", "spiral", "swissroll", "bimodal", "rescale"]

    /// Parses `half-cube`, `half_cube`, `spiral`, `spiral:0.5`, ...
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts[0].lowercased().replacing("_", with: "-")
        let arg = parts.count > 1 ? parts[1] : nil
        if arg != nil && name != "spiral" { throw DistributionError("transform '\(name)' takes no parameter") }
        switch name {
        case "half-cube", "halfcube": self = .halfCube
        case "asinh": self = .asinh
        case "wiggly", "wigglify": self = .wiggly
        case "normal-cdf", "normal-cdfise": self = .normalCDF
        case "spiral":
            if let arg {
                guard let s = Double(arg), s.isFinite else { throw DistributionError("bad spiral speed '\(arg)'") }
                self = .spiral(speed: s)
            } else {
                self = .spiral(speed: nil)
            }
        case "swissroll", "swiss-roll": self = .swissroll
        case "bimodal": self = .bimodal
        case "rescale": self = .rescale
        case "rotate", "flow":
            throw DistributionError("transform '\(name)' is drawn at random per data set; it exists in mi-sample meta families only")
        default:
            throw DistributionError("unknown transform '\(text)' (known: \(Transform.names.joined(separator: ", ")))")
        }
    }

    public var name: String {
        switch self {
        case .halfCube: return "half-cube"
        case .asinh: return "asinh"
        case .wiggly: return "wiggly"
        case .normalCDF: return "normal-cdf"
        case .spiral(let s): return s.map { "spiral:\($0)" } ?? "spiral"
        case .swissroll: return "swissroll"
        case .bimodal: return "bimodal"
        case .rescale: return "rescale"
        case .rotation: return "rotate"
        case .residualFlow: return "flow"
        }
    }

    /// Whether the map is strictly increasing in each coordinate separately.
    public var isMonotone: Bool {
        switch self {
        case .halfCube, .asinh, .wiggly, .normalCDF, .bimodal, .rescale: return true
        case .spiral, .swissroll, .rotation, .residualFlow: return false
        }
    }

    /// The output dimension for an input of dimension `d`, or an error when the map is undefined.
    public func outputDimension(_ d: Int, side: Side) throws -> Int {
        switch self {
        case .swissroll:
            guard d == 1 else { throw DistributionError("swissroll maps 1 coordinate to 2; \(side.rawValue) has \(d)") }
            return 2
        case .spiral:
            guard d >= 2 else { throw DistributionError("spiral needs at least 2 coordinates; \(side.rawValue) has \(d)") }
            return d
        case .rotation(let r):
            guard d == r.dimension else { throw DistributionError("rotation of \(r.dimension) coordinates; \(side.rawValue) has \(d)") }
            return d
        case .residualFlow(let f):
            guard d == f.dimension else { throw DistributionError("flow of \(f.dimension) coordinates; \(side.rawValue) has \(d)") }
            return d
        default: return d
        }
    }

    /// Applies the map to one variable's coordinates `v[0..<d]`, writing `outputDimension` values.
    public func apply(_ v: UnsafePointer<Double>, dimension d: Int, side: Side, into out: UnsafeMutablePointer<Double>) {
        switch self {
        case .halfCube:
            for i in 0..<d { out[i] = v[i] * abs(v[i]).squareRoot() }
        case .asinh:
            for i in 0..<d { out[i] = Glibc.asinh(v[i]) }
        case .wiggly:
            for i in 0..<d { out[i] = side == .x ? Transform.wigglyX(v[i]) : Transform.wigglyY(v[i]) }
        case .normalCDF:
            for i in 0..<d { out[i] = Special.normalCDF(v[i]) }
        case .spiral(let speed):
            let s = speed ?? 1 / Double(d)
            var r2 = 0.0
            for i in 0..<d { r2 += v[i] * v[i]; out[i] = v[i] }
            let (a, b) = side == .y && d >= 3 ? (1, 2) : (0, 1)
            let theta = s * r2
            let c = cos(theta), sn = sin(theta)
            out[a] = c * v[a] - sn * v[b]
            out[b] = sn * v[a] + c * v[b]
        case .swissroll:
            let t = 1.5 * Double.pi * (1 + 2 * v[0])
            out[0] = t * cos(t) / 21
            out[1] = t * sin(t) / 21
        case .bimodal:
            let mixture = side == .x ? Transform.bimodalX : Transform.bimodalY
            for i in 0..<d { out[i] = mixture.quantile(ofStandardNormal: v[i]) }
        case .rescale:
            for i in 0..<d { out[i] = v[i] }  // the per-column standardisation happens on the whole sample
        case .rotation(let r):
            r.apply(v, into: out)
        case .residualFlow(let f):
            f.apply(v, into: out)
        }
    }

    static func wigglyX(_ x: Double) -> Double { x + 0.4 * sin(x) + 0.2 * sin(1.7 * x + 1) + 0.03 * sin(3.3 * x - 2.5) }
    static func wigglyY(_ y: Double) -> Double { y - 0.4 * sin(0.4 * y) + 0.17 * sin(1.3 * y + 3.5) + 0.02 * sin(4.3 * y - 2.5) }

    static let bimodalX = NormalMixture1D(weights: [0.3, 0.7], means: [0, 5])
    static let bimodalY = NormalMixture1D(weights: [0.5, 0.5], means: [-1, 3])
}

/// A 1-D mixture of unit-variance normals, used by the bimodal transform.
struct NormalMixture1D: Sendable {
    let weights: [Double]
    let means: [Double]

    func cdf(_ t: Double) -> Double { zip(weights, means).reduce(0) { $0 + $1.0 * Special.normalCDF(t - $1.1) } }
    func survival(_ t: Double) -> Double { zip(weights, means).reduce(0) { $0 + $1.0 * Special.normalCDF($1.1 - t) } }

    /// F⁻¹(Φ(z)) by bisection, comparing lower tails for z ≤ 0 and upper tails for z > 0 so that
    /// neither tail loses precision to rounding near 0 or 1.
    func quantile(ofStandardNormal z: Double) -> Double {
        let upper = z > 0
        let target = upper ? Special.normalCDF(-z) : Special.normalCDF(z)
        // below(t): t lies below the quantile.
        func below(_ t: Double) -> Bool { upper ? survival(t) > target : cdf(t) < target }
        var lo = min(z, 0) + (means.min() ?? 0) - 1, hi = max(z, 0) + (means.max() ?? 0) + 1
        for _ in 0..<100 where !below(lo) { lo -= 10 }
        for _ in 0..<100 where below(hi) { hi += 10 }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid == lo || mid == hi { break }
            if below(mid) { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }
}
