/// A paired sample: `rows` draws of (X, Y) — or of (X, Y, Z) when conditioning on Z — row-major
/// Float32, X's `dx` columns, then Y's `dy`, then Z's `dz`.
public struct PairedSample: Sendable {
    public var values: [Float]
    public var rows: Int
    public var dx: Int
    public var dy: Int
    /// Columns of the conditioning variable Z (0: plain MI).
    public var dz: Int
    /// Columns (0-based, X, Y, then Z) declared discrete by the user (labels), whatever their values.
    public var declaredDiscrete: Set<Int> = []
    public init(values: [Float], rows: Int, dx: Int, dy: Int, dz: Int = 0) {
        precondition(values.count == rows * (dx + dy + dz), "values must hold rows × (dx + dy + dz) numbers")
        self.values = values; self.rows = rows; self.dx = dx; self.dy = dy; self.dz = dz
    }
    public var width: Int { dx + dy + dz }
}

/// Why an estimator could not give a number for this sample (said to the user as is).
public struct EstimatorError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}

/// A mutual-information estimator: a sample in, an estimate in nats out.
public protocol MIEstimator: Sendable {
    /// The name used in `--method` and in the output table.
    var name: String { get }
    /// Whether `estimate` takes samples with Z columns (dz > 0) and then gives I(X; Y | Z).
    var conditions: Bool { get }
    /// Whether `estimate` runs a neural network (trains one, or evaluates a trained one): it then
    /// allocates and frees the same large temporaries again and again, and the tools keep freed
    /// memory in the process (`Allocator.retainFreedMemory`).
    var runsANetwork: Bool { get }
    func estimate(_ sample: PairedSample) throws -> Double
    /// What a permutation test compares: the estimate before it is clipped at 0 (a clipped null piles
    /// up at 0 and makes p-values conservative, not uniform). Default: the estimate.
    func testStatistic(_ sample: PairedSample) throws -> Double
    /// What the user must know of an estimate this method gave (a bound it reached, say), or nil.
    func caveat(_ sample: PairedSample, estimate: Double) -> String?
    /// The estimate with what the method knows beside it (an interval, entropies). Default: the
    /// estimate alone.
    func estimateDetailed(_ sample: PairedSample) throws -> EstimateDetail
    /// What `estimateDetailed` fills in beside the estimate (the tools add columns for it).
    var extras: EstimateExtras { get }
}

public struct EstimateExtras: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let interval = EstimateExtras(rawValue: 1)
    public static let entropies = EstimateExtras(rawValue: 2)
}

/// An estimate and, from the methods that give them, a 95% interval and entropy estimates (nats).
public struct EstimateDetail: Sendable, Equatable {
    public var mi: Double
    public var lower: Double?, upper: Double?
    /// H(X), H(Y), H(X, Y) of the sample in its own units, each nil where the method does not give it.
    public var entropyX: Double?, entropyY: Double?, entropyXY: Double?
    public init(mi: Double, lower: Double? = nil, upper: Double? = nil) { self.mi = mi; self.lower = lower; self.upper = upper }
}

extension MIEstimator {
    public var conditions: Bool { false }
    public var runsANetwork: Bool { false }
    public func testStatistic(_ sample: PairedSample) throws -> Double { try estimate(sample) }
    public func caveat(_ sample: PairedSample, estimate: Double) -> String? { nil }
    public func estimateDetailed(_ sample: PairedSample) throws -> EstimateDetail { EstimateDetail(mi: try estimate(sample)) }
    public var extras: EstimateExtras { [] }

    /// `estimate`, or for a sample with Z columns and an estimator that does not condition, the error
    /// that says which methods do.
    public func estimateChecked(_ sample: PairedSample) throws -> Double {
        try refuseUnconditioned(sample)
        return try estimate(sample)
    }

    /// `estimateDetailed`, with `estimateChecked`'s refusal of Z columns.
    public func estimateDetailedChecked(_ sample: PairedSample) throws -> EstimateDetail {
        try refuseUnconditioned(sample)
        return try estimateDetailed(sample)
    }

    /// Throws `doesNotCondition` for data with Z columns when this method does not condition.
    public func refuseUnconditioned(_ sample: PairedSample) throws {
        if sample.dz > 0 && !conditions { throw EstimatorError.doesNotCondition(name, dz: sample.dz) }
    }
}

extension EstimatorError {
    /// What a method that does not condition says of data with Z columns.
    public static func doesNotCondition(_ method: String, dz: Int) -> EstimatorError {
        EstimatorError(
            "\(method) does not estimate conditional MI (the data has dz=\(dz)); use \(EstimatorRegistry.conditionalNames.joined(separator: ", "))")
    }
}

/// The settings of every estimator, as the tools' options give them.
public struct EstimatorOptions: Sendable {
    /// ksg: the neighbourhood sizes k (several are averaged).
    public var neighbors: [Int] = [5]
    /// ksg: 1 (Kraskov's eq. 8, BMI's) or 2 (eq. 9).
    public var ksgVariant = 1
    /// ksg: the norm within X and within Y.
    public var norm: KSGNorm = .euclidean
    /// hist: bins per dimension.
    public var bins = 5
    /// kde: the kernel.
    public var kernel: KDEKernel = .tophat
    public init() {}
}

/// The estimators `--method` knows, by name.
public enum EstimatorRegistry {
    /// The classical estimators (the learned ones live in their own modules: MIMist, MIFlows, ...).
    public static let names = ["ksg", "ksg-mixed", "discrete", "ross", "cca", "gc", "hist", "kde"]
    /// The methods that estimate I(X; Y | Z) when the data has Z columns.
    public static let conditionalNames = ["ksg", "cca", "gc"]

    public static func make(_ name: String, options: EstimatorOptions = .init()) throws -> any MIEstimator {
        switch name {
        case "ksg": return KSGEstimator(neighbors: options.neighbors, variant: options.ksgVariant, norm: options.norm)
        case "ksg-mixed": return MixedKSGEstimator(neighbors: options.neighbors)
        case "discrete": return DiscreteEstimator()
        case "ross": return RossEstimator(neighbors: options.neighbors.count == 1 ? options.neighbors[0] : 3)
        case "cca", "gaussian": return CCAEstimator()
        case "gc", "copula": return GaussianCopulaEstimator()
        case "hist", "histogram": return HistogramEstimator(bins: options.bins)
        case "kde": return KDEEstimator(kernel: options.kernel)
        default: throw EstimatorError("unknown method '\(name)' (known: \(names.joined(separator: ", ")))")
        }
    }
}
