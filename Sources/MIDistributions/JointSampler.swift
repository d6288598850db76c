import MITensor

/// Which variable a per-variable transform acts on (some transforms differ between X and Y).
public enum Side: String, Sendable { case x, y }

/// A joint distribution of (X, Y) with known mutual information that draws i.i.d. rows.
///
/// A row is `dx` values of X followed by `dy` values of Y. Draws consume the stream row by row, so
/// drawing n rows in one call or in chunks gives the same numbers.
public protocol JointSampler: Sendable {
    var dx: Int { get }
    var dy: Int { get }
    /// Exact mutual information in nats (or a Monte Carlo value; see `mutualInformationError`).
    var mutualInformation: Double { get }
    /// Standard error of `mutualInformation` when it is a Monte Carlo value; nil when exact.
    var mutualInformationError: Double? { get }
    /// Writes one row (dx + dy values) to `row`.
    func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream)
}

extension JointSampler {
    public var mutualInformationError: Double? { nil }
    public var width: Int { dx + dy }

    /// Draws `count` rows, row-major (count × (dx + dy)).
    public func sample(_ count: Int, rng: inout RandomStream) -> [Double] {
        let w = width
        var out = [Double](repeating: 0, count: count * w)
        out.withUnsafeMutableBufferPointer { buf in
            for r in 0..<count { draw(into: buf.baseAddress! + r * w, rng: &rng) }
        }
        return out
    }
}

/// Errors in a distribution's specification, reported to the user as they are.
public struct DistributionError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}
