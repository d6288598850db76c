// MINDE as `--method`s: minde-c, minde-j (difference of scores) and minde-c-sigma, minde-j-sigma
// (each score against a Gaussian reference). One training per data set and variant (a method and its
// σ variant share it), on standardized columns; the estimate, a 95% interval from the read-out's
// standard error, and the entropies.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIEstimators
import MITensor

public struct MINDEEstimator: MIEstimator {
    public var runsANetwork: Bool { true }
    public let config: MINDEConfiguration
    /// The σ (reference) estimate instead of the difference of scores.
    public let sigma: Bool
    public var name: String { (config.variant == .conditional ? "minde-c" : "minde-j") + (sigma ? "-sigma" : "") }

    public init(_ config: MINDEConfiguration, sigma: Bool = false) { self.config = config; self.sigma = sigma }

    /// The unclipped estimate and its standard error, and the entropies in the sample's units.
    public func readOut(_ sample: PairedSample) throws -> (mi: Double, se: Double, detail: EstimateDetail) {
        let r = try ReadoutCache.shared.readout(config, sample) { try Self.trainAndReadOut(config, sample) }
        let (mi, se) = sigma ? (r.sigmaMI, r.sigmaSE) : (r.mi, r.miSE)
        guard mi.isFinite else { throw EstimatorError("\(name): the read-out is not finite (training diverged)") }
        var detail = EstimateDetail(mi: Swift.max(0, mi))
        if se.isFinite { detail.lower = Swift.max(0, mi - 1.96 * se); detail.upper = Swift.max(0, mi + 1.96 * se) }
        // A constant column has entropy −∞ (no density): no entropies then.
        let logSD = Self.logStandardDeviations(sample)
        if logSD.allSatisfy({ $0 != nil }) {
            (detail.entropyX, detail.entropyY, detail.entropyXY) = r.entropies(logSD: logSD.map { $0! }, dx: sample.dx)
        }
        return (mi, se, detail)
    }

    /// A fresh training on the standardized sample and its read-out, outside the cache.
    static func trainAndReadOut(_ c: MINDEConfiguration, _ sample: PairedSample) throws -> MINDEReadout {
        try MINDETrainer(c).fit(sample.standardized()).readOut(passes: c.passes, referenceSD: c.referenceSD, seed: c.seed)
    }

    public func estimate(_ sample: PairedSample) throws -> Double { try readOut(sample).detail.mi }
    public func testStatistic(_ sample: PairedSample) throws -> Double { try readOut(sample).mi }
    public func estimateDetailed(_ sample: PairedSample) throws -> EstimateDetail { try readOut(sample).detail }
    public var extras: EstimateExtras { [.interval, .entropies] }

    /// log of each X and Y column's standard deviation (1/n, as `standardized` divides by; nil for a
    /// constant column).
    static func logStandardDeviations(_ s: PairedSample) -> [Double?] {
        s.columnMoments().prefix(s.dx + s.dy).map { $0.sd > 0 ? log($0.sd) : nil }
    }
}

/// The MINDE methods by name, for the tools' --method.
public enum MINDEMethods {
    public static let names = ["minde-c", "minde-j", "minde-c-sigma", "minde-j-sigma"]

    public static func make(_ name: String, base: MINDEConfiguration) -> MINDEEstimator? {
        var c = base
        switch name {
        case "minde-c", "minde-c-sigma": c.variant = .conditional
        case "minde-j", "minde-j-sigma": c.variant = .joint
        default: return nil
        }
        return MINDEEstimator(c, sigma: name.hasSuffix("-sigma"))
    }
}
