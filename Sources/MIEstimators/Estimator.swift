/// A paired sample: `rows` draws of (X, Y), row-major Float32, X's `dx` columns then Y's `dy`.
public struct PairedSample: Sendable {
    public var values: [Float]
    public var rows: Int
    public var dx: Int
    public var dy: Int
    public init(values: [Float], rows: Int, dx: Int, dy: Int) {
        precondition(values.count == rows * (dx + dy), "values must hold rows × (dx + dy) numbers")
        self.values = values; self.rows = rows; self.dx = dx; self.dy = dy
    }
    public var width: Int { dx + dy }
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
    func estimate(_ sample: PairedSample) throws -> Double
}

/// The estimators `--method` knows, by name.
public enum EstimatorRegistry {
    public static let names = ["cca", "mienf", "mienf-gauss"]

    public static func make(_ name: String) throws -> any MIEstimator {
        switch name {
        case "cca", "gaussian": return CCAEstimator()
        case "mienf": return MIENFEstimator()
        case "mienf-gauss": var c = MIENFConfiguration(); c.readout = .gauss; return MIENFEstimator(c)
        default: throw EstimatorError("unknown method '\(name)' (known: \(names.joined(separator: ", ")))")
        }
    }
}
