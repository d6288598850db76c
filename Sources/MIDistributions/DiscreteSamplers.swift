#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// Gao, Kannan, Oh & Viswanath (2017)'s discrete–continuous mixture: X uniform on {0, …, m − 1},
/// Y | X ~ U(X, X + 2). I(X; Y) = log m − (m − 1)/m · log 2 (exact).
public struct UniformMixtureSampler: JointSampler {
    public let levels: Int
    public var dx: Int { 1 }
    public var dy: Int { 1 }
    public let mutualInformation: Double

    public init(levels m: Int) throws {
        guard m >= 2 else { throw DistributionError("--levels must be at least 2, got \(m)") }
        levels = m
        mutualInformation = log(Double(m)) - Double(m - 1) / Double(m) * log(2)
    }

    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        let x = rng.integer(in: 0...(levels - 1))
        row[0] = Double(x)
        row[1] = Double(x) + 2 * rng.uniform()
    }
}

/// A categorical pair: X uniform on {0, …, k − 1}; Y = X with probability 1 − ε, otherwise one of the
/// other k − 1 values, uniformly. I(X; Y) = log k + (1 − ε) log(1 − ε) + ε log(ε / (k − 1)) (exact).
public struct CategoricalPairSampler: JointSampler {
    public let levels: Int
    public let epsilon: Double
    public var dx: Int { 1 }
    public var dy: Int { 1 }
    public let mutualInformation: Double

    public init(levels k: Int, epsilon e: Double) throws {
        guard k >= 2 else { throw DistributionError("--levels must be at least 2, got \(k)") }
        guard e >= 0, e <= 1 else { throw DistributionError("--eps must be in [0, 1], got \(e)") }
        levels = k; epsilon = e
        func xlogx(_ p: Double) -> Double { p > 0 ? p * log(p) : 0 }
        mutualInformation = max(0, log(Double(k)) + xlogx(1 - e) + (e > 0 ? e * log(e / Double(k - 1)) : 0))
    }

    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        let x = rng.integer(in: 0...(levels - 1))
        var y = x
        if rng.uniform() < epsilon {
            let other = rng.integer(in: 0...(levels - 2))
            y = other >= x ? other + 1 : other
        }
        row[0] = Double(x)
        row[1] = Double(y)
    }
}
