#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// A finite mixture of Gaussians over (X, Y), optionally followed by an injective map of X. Mutual
/// information has no closed form: it is the Monte Carlo mean of the pointwise MI
/// log p(x,y) − log p(x) − log p(y) over `monteCarloSamples` draws from a fixed stream, with its
/// standard error (as BMI's "bend and mix" tasks do; the marginals of a mixture are the mixtures of
/// the component marginals). Maps of X alone leave the MI unchanged.
public struct GaussianMixtureSampler: JointSampler {
    public struct Component: Sendable {
        public var weight: Double
        public var mean: [Double]  // dx + dy
        public var covariance: [Double]  // (dx+dy)², row-major
        public init(weight: Double, mean: [Double], covariance: [Double]) {
            self.weight = weight; self.mean = mean; self.covariance = covariance
        }
    }

    /// An injective map applied to X after drawing.
    public enum XMap: Sendable {
        case none
        /// Rotation of the (0,1) plane by speed·‖x‖² (BMI's galaxy).
        case spiral(speed: Double)
        /// (x0, x1) ↦ (x0 + a·sin(f·x1), x1), then (x0, x1) ↦ (0.1·x0 − 0.8, 0.5·x1) (BMI's waves).
        case waves(amplitude: Double, frequency: Double)
    }

    public let dx: Int
    public let dy: Int
    public let components: [Component]
    public let xMap: XMap
    public private(set) var mutualInformation: Double = .nan
    public private(set) var mutualInformationError: Double? = nil
    let joint: [Cholesky], marginalX: [Cholesky], marginalY: [Cholesky]
    let logWeights: [Double]

    public init(
        dx: Int, dy: Int, components: [Component], xMap: XMap = .none,
        monteCarloSamples: Int = 100_000, monteCarloSeed: UInt64 = 0
    ) throws {
        let m = dx + dy
        guard !components.isEmpty else { throw DistributionError("a mixture needs at least one component") }
        self.dx = dx; self.dy = dy; self.components = components; self.xMap = xMap
        var j: [Cholesky] = [], mx: [Cholesky] = [], my: [Cholesky] = []
        for c in components {
            guard c.mean.count == m, c.covariance.count == m * m else {
                throw DistributionError("mixture component has the wrong shape for dx=\(dx) dy=\(dy)")
            }
            j.append(try Cholesky(c.covariance, order: m))
            mx.append(try Cholesky(Self.block(c.covariance, m, 0..<dx), order: dx))
            my.append(try Cholesky(Self.block(c.covariance, m, dx..<m), order: dy))
        }
        joint = j; marginalX = mx; marginalY = my
        let total = components.reduce(0) { $0 + $1.weight }
        logWeights = components.map { log($0.weight / total) }

        // Monte Carlo of the pointwise MI on the untransformed mixture.
        var rng = RandomStream(seed: monteCarloSeed, stream: 0x4D43)
        var sum = 0.0, sumSq = 0.0
        var row = [Double](repeating: 0, count: m)
        for _ in 0..<monteCarloSamples {
            row.withUnsafeMutableBufferPointer { drawBase(into: $0.baseAddress!, rng: &rng) }
            let pmi = pointwiseMI(row)
            sum += pmi; sumSq += pmi * pmi
        }
        let n = Double(monteCarloSamples)
        let mean = sum / n
        mutualInformation = mean
        mutualInformationError = (max(0, sumSq / n - mean * mean) / n).squareRoot()
    }

    static func block(_ a: [Double], _ m: Int, _ r: Range<Int>) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(r.count * r.count)
        for i in r { for j in r { out.append(a[i * m + j]) } }
        return out
    }

    func drawBase(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        let k = rng.categorical(components.map { $0.weight })
        let m = dx + dy
        withUnsafeTemporaryAllocation(of: Double.self, capacity: m) { z in
            for i in 0..<m { z[i] = rng.normal() }
            joint[k].multiply(UnsafePointer(z.baseAddress!), into: row)
        }
        for i in 0..<m { row[i] += components[k].mean[i] }
    }

    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        drawBase(into: row, rng: &rng)
        switch xMap {
        case .none: break
        case .spiral(let speed):
            var r2 = 0.0
            for i in 0..<dx { r2 += row[i] * row[i] }
            let t = speed * r2, c = cos(t), s = sin(t)
            let a = row[0], b = row[1]
            row[0] = c * a - s * b
            row[1] = s * a + c * b
        case .waves(let amplitude, let frequency):
            let x0 = row[0] + amplitude * sin(frequency * row[1])
            row[0] = 0.1 * x0 - 0.8
            row[1] = 0.5 * row[1]
        }
    }

    /// log p(x, y) − log p(x) − log p(y) at an untransformed point.
    func pointwiseMI(_ row: [Double]) -> Double {
        let m = dx + dy
        var lj: [Double] = [], lx: [Double] = [], ly: [Double] = []
        for (k, c) in components.enumerated() {
            lj.append(logWeights[k] + Self.logNormal(row, 0..<m, c.mean, joint[k]))
            lx.append(logWeights[k] + Self.logNormal(row, 0..<dx, c.mean, marginalX[k]))
            ly.append(logWeights[k] + Self.logNormal(row, dx..<m, c.mean, marginalY[k]))
        }
        return Self.logSumExp(lj) - Self.logSumExp(lx) - Self.logSumExp(ly)
    }

    /// log N(v[r]; mean[r], L·Lᵀ) by forward substitution.
    static func logNormal(_ v: [Double], _ r: Range<Int>, _ mean: [Double], _ chol: Cholesky) -> Double {
        let d = r.count, l = chol.lower
        var w = [Double](repeating: 0, count: d)
        var quad = 0.0, logDiag = 0.0
        for i in 0..<d {
            var s = v[r.lowerBound + i] - mean[r.lowerBound + i]
            for k in 0..<i { s -= l[i * d + k] * w[k] }
            w[i] = s / l[i * d + i]
            quad += w[i] * w[i]
            logDiag += log(l[i * d + i])
        }
        return -0.5 * quad - logDiag - 0.5 * Double(d) * log(2 * Double.pi)
    }

    static func logSumExp(_ a: [Double]) -> Double {
        let mx = a.max()!
        if mx == -.infinity { return mx }
        return mx + log(a.reduce(0) { $0 + exp($1 - mx) })
    }
}
