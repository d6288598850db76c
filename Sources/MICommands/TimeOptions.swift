import ArgumentParser
import MIEstimators
import MIRecords
import MITensor

/// Time-ordered data (row t is time t): lagged MI for a list of lags, or transfer entropy X → Y.
/// Each data set becomes one estimate per lag, its `lag` (and `te_history`) in the meta column.
struct TimeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Rows are times: estimate I(X_{t-lag}; Y_t) for each lag of this list (e.g. 0-20, or -5,0,5; negative: Y leads), or with --te the source lags.", valueName: "list"))
    var lag: String?

    @Flag(help: "Rows are times: transfer entropy both ways, TE(X -> Y) = I(Y_t; X_{t-lag...} | Y_{t-1...t-k}) and TE(Y -> X), by a conditional-MI method (ksg by default), at each --lag (default 1).")
    var te = false

    @Option(parsing: .unconditional, help: "With --te: steps of X's past used, from t-lag back.")
    var sourceHistory: Int = 1

    @Option(parsing: .unconditional, help: "With --te: steps of Y's own past conditioned on (k).")
    var targetHistory: Int = 1

    var active: Bool { lag != nil || te }

    func validate() throws {
        guard sourceHistory >= 1, targetHistory >= 1 else { throw ValidationError("--source-history and --target-history must be at least 1") }
        if !te && (sourceHistory != 1 || targetHistory != 1) { throw ValidationError("--source-history and --target-history go with --te") }
        let l = try lags()
        if te, let bad = l.first(where: { $0 < 1 }) { throw ValidationError("--te needs lags of at least 1, got \(bad)") }
    }

    /// The lags asked for: items are integers or ranges A-B of non-negative integers.
    func lags() throws -> [Int] {
        guard let lag else { return [te ? 1 : 0] }
        var out: [Int] = []
        for item in lag.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingBlanks() }) {
            if let v = Int(item) {
                out.append(v)
            } else if let dash = item.dropFirst().firstIndex(of: "-"), let lo = Int(item[..<dash]), let hi = Int(item[item.index(after: dash)...]), lo <= hi {
                guard hi - lo <= 100_000 else { throw ValidationError("--lag range '\(item)' is too long") }
                out.append(contentsOf: lo...hi)
            } else {
                throw ValidationError("--lag: '\(item)' is not a lag or a range A-B (e.g. 0-20 or -5,0,5)")
            }
        }
        guard !out.isEmpty else { throw ValidationError("--lag: empty list") }
        return out
    }

    /// What gets estimated for one data set: itself, or one derived sample per lag.
    func units(_ item: DataSetLoop.Item) throws -> [EstimateUnit] {
        let data = item.data, truth = data.metadata["true_mi"].flatMap(Double.init)
        guard active else { return [EstimateUnit(name: item.name, sample: item.sample, metadata: data.metadata, trueMI: truth)] }
        guard data.dz == 0 else { throw CommandFailure("\(item.name): --lag/--te take X and Y only; this data set has Z columns (dz=\(data.dz))") }
        var out: [EstimateUnit] = []
        for l in try lags() {
            for reversed in te ? [false, true] : [false] { out.append(try unit(item, lag: l, truth: truth, reversed: reversed)) }
        }
        return out
    }

    private func unit(_ item: DataSetLoop.Item, lag l: Int, truth: Double?, reversed: Bool) throws -> EstimateUnit {
        let data = item.data
        do {
            var meta = data.metadata
            meta["lag"] = "\(l)"
            if te {
                meta["te"] = reversed ? "y->x" : "x->y"
                meta["te_history"] = "\(sourceHistory),\(targetHistory)"
                // The stream's te_xy / te_yx are the truths of lag 1 with one step of history (mi-sample var).
                let key = reversed ? "te_yx" : "te_xy"
                let known = l == 1 && sourceHistory == 1 && targetHistory == 1 ? data.metadata[key].flatMap(Double.init) : nil
                let (s, h, k) = (reversed ? item.sample.swapped() : item.sample, sourceHistory, targetHistory)
                let sample = try LaggedSamples.transferEntropy(s, lag: l, sourceHistory: h, targetHistory: k)
                // Surrogates: X rotated in time by a random offset away from the true alignment, so
                // its autocorrelation is kept and its coupling to Y broken.
                let margin = l + h
                var surrogate: (@Sendable (RandomStream) -> PairedSample)? = nil
                if s.rows > 2 * margin + 1 {
                    let rows = s.rows
                    surrogate = { (rng: RandomStream) -> PairedSample in
                        var r = rng
                        let shift = r.integer(in: margin...(rows - margin))
                        let shifted = try? LaggedSamples.transferEntropy(s, lag: l, sourceHistory: h, targetHistory: k, sourceShift: shift)
                        return shifted ?? sample
                    }
                }
                return EstimateUnit(name: item.name, sample: sample, metadata: meta, trueMI: known, surrogate: surrogate)
            }
            return EstimateUnit(
                name: item.name, sample: try LaggedSamples.laggedPair(item.sample, lag: l), metadata: meta, trueMI: l == 0 ? truth : nil)
        } catch let e as EstimatorError {
            throw CommandFailure("\(item.name): \(e.description)")
        }
    }
}

/// One estimate's input: a data set, or a sample derived from one (a lag, a transfer entropy).
struct EstimateUnit {
    var name: String
    var sample: PairedSample
    var metadata: Metadata
    var trueMI: Double?
    /// A replicate of the null for a permutation test that must keep the rows' time order.
    var surrogate: (@Sendable (RandomStream) -> PairedSample)? = nil
}

extension PairedSample {
    /// Y's columns first, then X's: the sample of (Y, X).
    func swapped() -> PairedSample {
        precondition(dz == 0)
        var v = [Float]()
        v.reserveCapacity(values.count)
        for r in 0..<rows {
            for j in dx..<width { v.append(values[r * width + j]) }
            for j in 0..<dx { v.append(values[r * width + j]) }
        }
        return PairedSample(values: v, rows: rows, dx: dy, dy: dx)
    }
}
