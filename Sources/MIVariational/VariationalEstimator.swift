#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIEstimators
import MITensor

/// A variational bound as a `--method`: mine, infonce, nwj, dv, smile.
public struct VariationalEstimator: MIEstimator {
    public var runsANetwork: Bool { true }
    public let config: VariationalConfiguration
    public var name: String { config.bound.rawValue }

    public init(_ config: VariationalConfiguration) { self.config = config }

    /// A held-out bound far below 0 (a constant critic scores 0) is refused: the critic did not
    /// carry over to the held-out half (heavy tails put a few held-out pairs where T is huge; nwj
    /// read −6e15 on a Student-t task), so the number is no estimate of the MI.
    public func estimate(_ sample: PairedSample) throws -> Double {
        try refusingFarBelowZero(VariationalTrainer(config).fit(sample.standardized()).mi)
    }

    /// The lowest held-out bound taken as an estimate (nats): a little below 0 is an estimate of
    /// about 0 (independent data reads down to −0.2); further down, the critic failed.
    static let lowestBound = -0.5

    /// The held-out bound, or the error that refuses it (below `lowestBound`).
    func refusingFarBelowZero(_ mi: Double) throws -> Double {
        guard mi >= Self.lowestBound else {
            throw EstimatorError(
                "\(name): the held-out bound is \(String(cFormat: "%.3g", mi)), far below the 0 of a constant critic: the critic did not carry over to the held-out rows (heavy tails or too few rows?), so it gives no estimate (try another --train-seed or --critic-lr, or another method)"
            )
        }
        return mi
    }

    /// InfoNCE cannot exceed log B (B the held-out batch): an estimate within 15% of it says only "at least".
    public func caveat(_ sample: PairedSample, estimate: Double) -> String? {
        guard config.bound == .infonce else { return nil }
        let b = config.heldOutBatch(rows: sample.rows)
        let ceiling = log(Double(b))
        guard estimate >= 0.85 * ceiling else { return nil }
        return
            "infonce: \(String(cFormat: "%.3f", estimate)) is at its ceiling log(batch) = log \(b) = \(String(cFormat: "%.3f", ceiling)): the MI may be higher (raise --critic-batch, or use another method)"
    }
}

/// The variational methods by name, for the tools' --method.
public enum VariationalMethods {
    public static let names = VariationalBound.allCases.map(\.rawValue)

    public static func make(_ name: String, base: VariationalConfiguration) -> VariationalEstimator? {
        guard let bound = VariationalBound(rawValue: name) else { return nil }
        var c = base
        c.bound = bound
        return VariationalEstimator(c)
    }
}
