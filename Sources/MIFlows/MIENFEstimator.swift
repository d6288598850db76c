import MIEstimators

/// MIENF as a `--method` of mi-estimate: `mienf` (tridiag-N-MIENF) and `mienf-gauss` (N-MIENF read-out).
public struct MIENFEstimator: MIEstimator {
    public var runsANetwork: Bool { true }
    public let name: String
    public let config: MIENFConfiguration

    public init(_ config: MIENFConfiguration = MIENFConfiguration()) {
        self.config = config
        name = config.readout == .tridiag ? "mienf" : "mienf-gauss"
    }

    public func estimate(_ sample: PairedSample) throws -> Double {
        try MIENFTrainer(config).fit(sample.standardized()).mi
    }

    /// The estimate with MIENFResult's 95% interval (held-out PMI's standard error and the spread of
    /// the last epochs' read-outs).
    public func estimateDetailed(_ sample: PairedSample) throws -> EstimateDetail {
        let r = try MIENFTrainer(config).fit(sample.standardized())
        return EstimateDetail(mi: r.mi, lower: r.interval.lower, upper: r.interval.upper)
    }
    public var extras: EstimateExtras { .interval }
}

/// The MIENF methods by name, for the tools' --method.
public enum MIENFMethods {
    public static let names = ["mienf", "mienf-gauss"]

    public static func make(_ name: String, seed: UInt64 = 0) -> MIENFEstimator? {
        var c = MIENFConfiguration()
        c.seed = seed
        switch name {
        case "mienf": return MIENFEstimator(c)
        case "mienf-gauss": c.readout = .gauss; return MIENFEstimator(c)
        default: return nil
        }
    }
}
