// MIST as an MIEstimator, and batched inference over many data sets.
//
// Data sets with more than config.maxRows rows (the training range ends there) are cut into
// p = ⌈n / maxRows⌉ parts of near-equal size after a fixed pseudo-random permutation of the rows, and
// the p estimates (and quantiles) are averaged: the model only ever sees sample sizes it was trained
// on, and averaging p nearly independent estimates lowers the variance. Quantiles averaged this way
// are those of a part, so intervals at large n are conservative (as wide as at n = maxRows).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIEstimators
import MINeural
import MITensor

public struct MistEstimator: MIEstimator, @unchecked Sendable {
    public var runsANetwork: Bool { true }
    // @unchecked Sendable: inference only reads the parameters' values (no-grad forward builds no
    // graph and never assigns), so concurrent estimates are safe.
    public let model: MistModel
    public let name: String
    /// Largest number of data sets and of rows (summed) in one forward pass. 2048 rows keep a
    /// batch's activations (rows × 128 floats each) near the caches, and fewer pages to fault in:
    /// 10–20% less time than 16384 at n = 500–2000 (Benchmarks/mist-heldout-results.md, speed).
    public var maxBatch = 64
    public var maxBatchRows = 2048

    public init(model: MistModel, name: String = "mist") {
        self.model = model
        self.name = name
    }

    public var isQuantile: Bool { model.config.quantile }

    /// The point estimate (a quantile model: its median).
    public func estimate(_ sample: PairedSample) throws -> Double {
        try estimateBatch([sample], levels: [])[0].get().mi
    }

    public struct Output: Sendable {
        /// The point estimate (quantile model: the median), ≥ 0.
        public var mi: Double
        /// The requested quantile levels (quantile models only), non-decreasing in the level, ≥ 0.
        public var quantiles: [Double]
    }

    /// Row indices of the parts a data set of n rows is cut into (one part when n ≤ maxRows).
    public func parts(rows n: Int) -> [[Int]] {
        let p = (n + model.config.maxRows - 1) / model.config.maxRows
        guard p > 1 else { return [Array(0..<n)] }
        var order = Array(0..<n)
        var rng = RandomStream(seed: 0x6D69_7374, stream: UInt64(n))  // fixed: the same data give the same estimate
        rng.shuffle(&order)
        return (0..<p).map { k in Array(order[(k * n / p)..<((k + 1) * n / p)]) }
    }

    /// Runs body(0..<count), perhaps on several threads at once (each index writes only its own
    /// results). The tools pass their worker pool; `serial` runs in order on the caller.
    public typealias IndexLoop = (_ count: Int, _ body: (Int) -> Void) -> Void
    public static func serial(_ count: Int, _ body: (Int) -> Void) { for i in 0..<count { body(i) } }

    /// Estimates many data sets, batched by size; one result per sample, in order.
    /// `shapeChecked`: the caller has already sent tied, discrete and constant columns elsewhere
    /// (mi-estimate's default routes), so the check is not made a second time.
    /// `clipped: false` leaves the outputs below 0 as they are (recalibration's coverage counts).
    /// `loop` runs the encodings and then the batches: the batches are made from the whole list
    /// first, so a data set's estimate does not depend on how many threads run them.
    public func estimateBatch(
        _ samples: [PairedSample], levels: [Double], shapeChecked: Bool = false, clipped: Bool = true,
        loop: IndexLoop = MistEstimator.serial
    ) -> [Result<Output, EstimatorError>] {
        let c = model.config
        // Every part of every sample becomes one item of the batch (encoded in parallel: ranks and
        // summaries are a tenth of the work).
        var encoded = [Result<[MistInput.Encoded], EstimatorError>](repeating: .success([]), count: samples.count)
        encoded.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let out = slots
            loop(samples.count) { i in out[i] = Result { try encodeParts(samples[i], shapeChecked: shapeChecked) }.mapError { $0 as? EstimatorError ?? EstimatorError("\($0)") } }
        }
        var items: [(sample: Int, input: MistInput.Encoded)] = []
        var failures: [Int: EstimatorError] = [:]
        for (i, e) in encoded.enumerated() {
            switch e {
            case .success(let parts): items += parts.map { (i, $0) }
            case .failure(let f): failures[i] = f
            }
        }
        // Sort by size so a batch pads little; cut into batches.
        let order = items.indices.sorted { (items[$0].input.rows, $0) < (items[$1].input.rows, $1) }
        var batches: [Range<Int>] = []
        var start = 0
        while start < order.count {
            var end = start, rows = 0
            while end < order.count && end - start < maxBatch {
                let r = items[order[end]].input.rows
                if end > start && rows + r > maxBatchRows { break }
                rows += r; end += 1
            }
            batches.append(start..<end)
            start = end
        }
        var outputs = [[Float]](repeating: [], count: items.count)
        outputs.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let out = slots
            loop(batches.count) { k in
                let chunk = Array(order[batches[k]])
                let batch = MistBatch(chunk.map { items[$0].input }, summaries: c.summaryFeatures)
                let values = withNoGrad { model(batch) }.value.scalars  // (b, headOutputs)
                let width = c.headOutputs
                for (j, item) in chunk.enumerated() { out[item] = Array(values[(j * width)..<((j + 1) * width)]) }
            }
        }
        // Average the parts of each sample.
        var sums = [(mi: Double, q: [Double], parts: Int)](repeating: (0, levels.map { _ in 0 }, 0), count: samples.count)
        // The basis of each level (and of the median) once per level map: by a data set's bin of n and
        // dx + dy (MistConfig.levelBins), −1 for the global map.
        var bases: [Int: (median: [Float], levels: [[Float]])] = [:]
        for (item, o) in zip(items, outputs) {
            let i = item.sample
            if c.quantile {
                let (rows, dims) = (samples[i].rows, samples[i].width)
                let bin = c.levelBinIndex(rows: rows, dims: dims) ?? -1
                if bases[bin] == nil {
                    let basis = { (level: Float) in MistQuantileBasis.values(tau: c.modelTau(level, rows: rows, dims: dims)) }
                    bases[bin] = (basis(0.5), levels.map { basis(Float($0)) })
                }
                let (medianBasis, levelBases) = bases[bin]!
                sums[i].mi += MistQuantileBasis.quantile(o[...], basis: medianBasis)
                for (l, basis) in levelBases.enumerated() {
                    sums[i].q[l] += MistQuantileBasis.quantile(o[...], basis: basis)
                }
            } else {
                sums[i].mi += Double(o[0])
            }
            sums[i].parts += 1
        }
        return samples.indices.map { i in
            if let f = failures[i] { return .failure(f) }
            let p = Double(sums[i].parts)
            // MI ≥ 0: negative outputs are clipped (monotone, so quantiles stay ordered).
            let floor = clipped ? 0 : -Double.infinity
            return .success(Output(mi: max(floor, sums[i].mi / p), quantiles: c.quantile ? sums[i].q.map { max(floor, $0 / p) } : []))
        }
    }

    /// The encoded parts of one sample (one part when n ≤ maxRows), or why the model refuses it.
    func encodeParts(_ s: PairedSample, shapeChecked: Bool) throws -> [MistInput.Encoded] {
        try refuseUnconditioned(s)  // (X, Y) only
        // The model saw continuous data only: on ties or constant columns its number means nothing.
        if !shapeChecked, case let shape = DataShape(s), !shape.constantColumns.isEmpty || shape.mostTied != nil {
            throw EstimatorError(
                "mist: no estimate for tied, discrete or constant columns (the model knows continuous data only; mi-estimate without --method routes them to ksg-mixed)")
        }
        return try parts(rows: s.rows).map { rows in
            var v = [Float]()
            v.reserveCapacity(rows.count * s.width)
            for r in rows { v += s.values[(r * s.width)..<((r + 1) * s.width)] }
            return try MistInput.encode(PairedSample(values: v, rows: rows.count, dx: s.dx, dy: s.dy), config: model.config)
        }
    }
}

extension MistEstimator {
    /// Level maps from labelled held-out data sets (see `levelMap(coverage:)`): one over all of them,
    /// and one for each bin of MistLevelBin.ranges holding at least `perBin` of them.
    public func levelMaps(
        _ samples: [PairedSample], truths: [Double], perBin: Int = 200, loop: IndexLoop = MistEstimator.serial
    ) -> (global: [MistLevelPoint], bins: [MistLevelBin]) {
        var raw = model.config
        raw.levelMap = []
        raw.levelBins = []
        let grid = (1...99).map { Double($0) / 100 }
        let unmapped = MistEstimator(model: MistModel(sharing: model, config: raw))
        // Unclipped: a quantile clipped to 0 would cover every truth of 0 at every level, so the
        // independent data sets would count as covered at every τ and widen every other interval.
        let results = unmapped.estimateBatch(samples, levels: grid, clipped: false, loop: loop)
        // For each labelled data set that has an estimate: which grid quantiles lie at or above the truth.
        var labelled: [(rows: Int, dims: Int, covered: [Bool])] = []
        for (r, (s, truth)) in zip(results, zip(samples, truths)) {
            guard case .success(let o) = r else { continue }
            labelled.append((s.rows, s.width, o.quantiles.map { truth <= $0 }))
        }
        let global = Self.levelMap(grid: grid, covered: labelled.map(\.covered))
        let bins = MistLevelBin.ranges.compactMap { range -> MistLevelBin? in
            var bin = MistLevelBin(rows: range.rows, dims: range.dims, points: [])
            let inside = labelled.filter { bin.contains(rows: $0.rows, dims: $0.dims) }
            guard inside.count >= perBin else { return nil }
            bin.points = Self.levelMap(grid: grid, covered: inside.map(\.covered))
            return bin
        }
        return (global, bins)
    }

    /// For a grid of τ, the fraction c(τ) of data sets whose truth lies at or below the model's (raw)
    /// τ-quantile, made non-decreasing; the map is the points (c(τ), τ) where c increases. Applied by
    /// MistConfig.modelTau; quantiles stay monotone in the level.
    static func levelMap(grid: [Double], covered: [[Bool]]) -> [MistLevelPoint] {
        guard !covered.isEmpty else { return [] }
        var points: [MistLevelPoint] = []
        var best: Float = 0
        for (k, tau) in grid.enumerated() {
            let c = Float(covered.count { $0[k] }) / Float(covered.count)
            if c > best { points.append(MistLevelPoint(level: c, tau: Float(tau))); best = c }
        }
        return points
    }
}
