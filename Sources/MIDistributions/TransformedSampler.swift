import MITensor

/// One step of a transform chain: a map and the variables it acts on.
public struct TransformStep: Sendable, Equatable {
    public var transform: Transform
    public var onX: Bool
    public var onY: Bool
    public init(_ transform: Transform, onX: Bool = true, onY: Bool = true) {
        self.transform = transform; self.onX = onX; self.onY = onY
    }

    /// Parses `half-cube`, `x:swissroll`, `y:asinh`, `spiral:0.5`.
    public init(parsing text: String) throws {
        if text.hasPrefix("x:") {
            self.init(try Transform(parsing: String(text.dropFirst(2))), onY: false)
        } else if text.hasPrefix("y:") {
            self.init(try Transform(parsing: String(text.dropFirst(2))), onX: false)
        } else {
            self.init(try Transform(parsing: text))
        }
    }

    public var name: String {
        (onX && onY ? "" : onX ? "x:" : "y:") + transform.name
    }
}

/// A base sampler pushed through a chain of per-variable injective maps. MI is the base MI.
/// `rescale` steps are not applied here (they act on a whole sample); `needsRescale` reports them.
public struct TransformedSampler: JointSampler {
    public let base: any JointSampler
    public let steps: [TransformStep]
    public let dx: Int
    public let dy: Int
    public var mutualInformation: Double { base.mutualInformation }
    public var mutualInformationError: Double? { base.mutualInformationError }
    /// Whether the chain ends in a per-column standardisation of the whole sample.
    public let needsRescale: Bool
    /// The per-row steps with the dimensions of X and Y before and after each.
    let rowSteps: [(step: TransformStep, x: Int, y: Int, nx: Int, ny: Int)]
    let maxWidth: Int

    public init(base: any JointSampler, steps: [TransformStep]) throws {
        if let i = steps.firstIndex(where: { $0.transform == .rescale }), i != steps.count - 1 {
            throw DistributionError("rescale acts on the whole sample and must be the last transform")
        }
        self.base = base
        self.steps = steps
        needsRescale = steps.last?.transform == .rescale
        var x = base.dx, y = base.dy, widest = x + y
        var planned: [(step: TransformStep, x: Int, y: Int, nx: Int, ny: Int)] = []
        for s in steps where s.transform != .rescale {
            let nx = s.onX ? try s.transform.outputDimension(x, side: .x) : x
            let ny = s.onY ? try s.transform.outputDimension(y, side: .y) : y
            planned.append((s, x, y, nx, ny))
            x = nx; y = ny
            widest = max(widest, x + y)
        }
        rowSteps = planned
        dx = x; dy = y; maxWidth = widest
    }

    public func draw(into row: UnsafeMutablePointer<Double>, rng: inout RandomStream) {
        if rowSteps.isEmpty { base.draw(into: row, rng: &rng); return }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * maxWidth) { scratch in
            var cur = scratch.baseAddress!, next = cur + maxWidth
            base.draw(into: cur, rng: &rng)
            for (s, x, y, nx, _) in rowSteps {
                if s.onX { s.transform.apply(cur, dimension: x, side: .x, into: next) } else { for i in 0..<x { next[i] = cur[i] } }
                if s.onY { s.transform.apply(cur + x, dimension: y, side: .y, into: next + nx) } else { for i in 0..<y { next[nx + i] = cur[x + i] } }
                swap(&cur, &next)
            }
            for i in 0..<(dx + dy) { row[i] = cur[i] }
        }
    }
}

/// Standardises each column of a row-major sample in place (mean 0, population standard deviation 1),
/// as scikit-learn's `scale`; constant columns are only centred. Sums are taken in Double.
public func standardizeColumns<T: BinaryFloatingPoint>(_ values: inout [T], rows: Int, width: Int) {
    guard rows > 0 else { return }
    for j in 0..<width {
        var mean = 0.0
        for r in 0..<rows { mean += Double(values[r * width + j]) }
        mean /= Double(rows)
        var ss = 0.0
        for r in 0..<rows { let d = Double(values[r * width + j]) - mean; ss += d * d }
        let sd = (ss / Double(rows)).squareRoot()
        let inv = sd > 0 ? 1 / sd : 1
        for r in 0..<rows { values[r * width + j] = T((Double(values[r * width + j]) - mean) * inv) }
    }
}
