#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

// Random invertible maps that mix the coordinates of one variable (X or Y) together. Applied to X alone
// or Y alone they leave I(X; Y) unchanged, but no per-coordinate normalisation undoes them: a model
// that only learned coordinate-wise monotone shapes cannot see through them.

/// x ↦ Q·x with Q a Haar-random d × d orthogonal matrix (QR of a Gaussian matrix, signs fixed so the
/// distribution is uniform). Row-major.
public struct RandomRotation: Sendable, Equatable {
    public let dimension: Int
    public let matrix: [Double]

    public init(dimension d: Int, rng: inout RandomStream) {
        dimension = d
        // Modified Gram–Schmidt on the rows of a Gaussian matrix: rows of Q, orthonormal.
        var q = (0..<(d * d)).map { _ in rng.normal() }
        for i in 0..<d {
            for k in 0..<i {
                var dot = 0.0
                for j in 0..<d { dot += q[i * d + j] * q[k * d + j] }
                for j in 0..<d { q[i * d + j] -= dot * q[k * d + j] }
            }
            var norm = 0.0
            for j in 0..<d { norm += q[i * d + j] * q[i * d + j] }
            let inv = 1 / max(norm.squareRoot(), 1e-300)
            for j in 0..<d { q[i * d + j] *= inv }
        }
        matrix = q
    }

    public func apply(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let d = dimension
        for i in 0..<d {
            var s = 0.0
            for j in 0..<d { s += matrix[i * d + j] * v[j] }
            out[i] = s
        }
    }
}

/// A random residual flow: `layers` steps x ↦ R·(x + a·U·tanh(W·x + b)), with R and U random
/// rotations, W a Gaussian matrix scaled to spectral norm 1 and a ∈ (0, 1). The residual part has
/// Lipschitz constant at most a < 1, so each step is invertible (Behrmann et al. 2019, invertible
/// residual networks); rotations are invertible; so the map is a bijection of R^d.
public struct ResidualFlow: Sendable, Equatable {
    public struct Layer: Sendable, Equatable {
        public var outer: RandomRotation
        public var inner: RandomRotation
        public var weight: [Double]  // d × d, spectral norm 1
        public var bias: [Double]
        public var gain: Double
    }

    public let dimension: Int
    public let layers: [Layer]

    public init(dimension d: Int, layers count: Int, gain: ClosedRange<Double> = 0.5...0.95, rng: inout RandomStream) {
        dimension = d
        layers = (0..<count).map { _ in
            var w = (0..<(d * d)).map { _ in rng.normal() }
            let norm = Self.spectralNorm(w, d)
            for i in w.indices { w[i] /= max(norm, 1e-12) }
            let outer = RandomRotation(dimension: d, rng: &rng)
            let inner = RandomRotation(dimension: d, rng: &rng)
            let b = (0..<d).map { _ in rng.normal() * 0.5 }
            return Layer(outer: outer, inner: inner, weight: w, bias: b, gain: rng.uniform(gain.lowerBound, gain.upperBound))
        }
    }

    /// The largest singular value of a d × d matrix, by power iteration on AᵀA (a slight
    /// overestimate after the final step's normalisation is harmless: it only shrinks the gain).
    static func spectralNorm(_ a: [Double], _ d: Int) -> Double {
        var v = [Double](repeating: 1 / Double(d).squareRoot(), count: d)
        var sigma = 0.0
        for _ in 0..<60 {
            var av = [Double](repeating: 0, count: d)
            for i in 0..<d { for j in 0..<d { av[i] += a[i * d + j] * v[j] } }
            var atav = [Double](repeating: 0, count: d)
            for i in 0..<d { for j in 0..<d { atav[j] += a[i * d + j] * av[i] } }
            let n = atav.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard n > 0 else { return 0 }
            sigma = n.squareRoot()
            v = atav.map { $0 / n }
        }
        return sigma * 1.0001
    }

    public func apply(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let d = dimension
        var x = Array(UnsafeBufferPointer(start: v, count: d))
        var h = [Double](repeating: 0, count: d), u = h
        for layer in layers {
            for i in 0..<d {
                var s = layer.bias[i]
                for j in 0..<d { s += layer.weight[i * d + j] * x[j] }
                h[i] = Glibc.tanh(s)
            }
            h.withUnsafeBufferPointer { hp in u.withUnsafeMutableBufferPointer { layer.inner.apply(hp.baseAddress!, into: $0.baseAddress!) } }
            for i in 0..<d { h[i] = x[i] + layer.gain * u[i] }
            h.withUnsafeBufferPointer { hp in x.withUnsafeMutableBufferPointer { layer.outer.apply(hp.baseAddress!, into: $0.baseAddress!) } }
        }
        for i in 0..<d { out[i] = x[i] }
    }
}
