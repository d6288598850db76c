import Dispatch
import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIEstimators
import MIMist
import MIRecords
import MITensor

/// `mi-quantiles`: bootstrap intervals, permutation tests and interval calibration for any method.
public struct QuantilesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mi-quantiles",
        abstract: "Bootstrap intervals, permutation p-values and interval calibration for MI estimates",
        discussion: """
            Reads the same inputs as mi-estimate and prints its table (name, method, mi, n, dx, dy, \
            true_mi, seconds, meta) with more columns before meta: for the default method mist (the \
            built-in MIST quantile model, or a quantile model given by --model) the learned quantiles \
            at the -q levels, named q0.05, q0.5, ..., with mi its median and no resampling; with --bootstrap B, the percentile \
            quantiles of B bootstrap estimates (rows drawn with replacement), one column per level, \
            named q0.05, q0.5, ...; with --permutations P, the permutation null (Y's rows shuffled \
            against X's): p_value = (1 + #{null >= mi}) / (P + 1), null_mean, and mi_corrected = mi - \
            null_mean, where mi and the null are taken before ksg clips its estimates at 0 (a null piled \
            up at 0 would make the p-values conservative). Replicates come from --seed (drawn and recorded as resample_seed in meta \
            when omitted) and the data set itself (its metadata and values, not its place in the stream), \
            and are the same for every method and thread count, and for a data set in a piece of a \
            stream cut by GNU parallel.

            With Z columns (--z, --dz, or dz in a stream) the estimate is I(X; Y | Z) (ksg, cca, gc), \
            and the permutation null keeps X's dependence on Z: each row's X is taken from one of its \
            --permutation-neighbors nearest rows in Z, each used once where possible (Runge 2018), so \
            the p-value tests X independent of Y given Z.

            For --method discrete on a small table (at most 64 cells, and few enough tables with its \
            margins to enumerate in about a second), the null is exact: every table with the observed \
            row and column totals, weighted by its hypergeometric probability (Fisher's exact test for \
            r x c tables, with the Miller-Madow MI as the statistic). p_value is then P(null >= mi), \
            no permutation is drawn, and meta says null=exact.

            Note that bootstrap replicates hold duplicate rows, which nearest-neighbour estimators \
            (ksg, kde) see as points at distance 0: their bootstrap distribution is shifted up.

            The learned quantiles are given for the data the model was trained on only: tied or \
            discrete columns, constant columns and more dimensions than the model takes are refused \
            with the reason (exit status 1). For tied or discrete data, --method ksg-mixed \
            --permutations P gives an estimate and a permutation test of independence.

            With --calibrate, the input's data sets must carry true_mi (mi-sample meta, mi-sample \
            bmi ...); for each method it prints one row per level: q<level> gives the fraction of \
            data sets whose true MI lies at or below that quantile, learned or bootstrap (calibrated: about the \
            level), and for each pair of levels q and 1-q a central interval of level 1-2q gives the \
            fraction covered and the mean width.
            """,
        version: toolVersion
    )

    @Argument(help: "Input files (default or '-': standard input).")
    var files: [String] = []

    @Option(help: ArgumentHelp("Estimators to run, comma-separated: \(MethodOptions.allNames.joined(separator: ", ")) (default: mist, the learned quantile model).", valueName: "list"))
    var method: String?

    @OptionGroup var methodOptions: MethodOptions

    @OptionGroup var input: InputOptions
    @OptionGroup var conditioning: InputOptions.Conditioning
    @OptionGroup var labels: InputOptions.Labels
    @OptionGroup var time: TimeOptions

    @Option(parsing: .unconditional, help: "Bootstrap replicates per data set and method (0: none).")
    var bootstrap: Int = 0

    @Option(name: .short, parsing: .unconditional, help: ArgumentHelp("Quantile levels (learned, or of the bootstrap distribution), comma-separated.", valueName: "list"))
    var q: String = "0.05,0.5,0.95"

    @Option(parsing: .unconditional, help: "Permutation replicates per data set and method (0: none).")
    var permutations: Int = 0

    @Option(parsing: .unconditional, help: "With Z columns: each permuted row's X comes from one of this many nearest rows in Z (itself included).")
    var permutationNeighbors: Int = 5

    @Option(parsing: .unconditional, help: "Random seed of the replicates; drawn (and recorded as resample_seed) when omitted.")
    var seed: UInt64?

    @Flag(help: "Report the coverage of the bootstrap quantiles against true_mi instead of per-data-set rows.")
    var calibrate = false

    @Option(help: ArgumentHelp("With --calibrate: also draw the reliability diagram (observed against nominal level, one line per method) as SVG into this file.", valueName: "file"))
    var plot: String?

    @OptionGroup var tableOptions: TableOptions
    var format: ResultTable.Format { tableOptions.format }
    var bits: Bool { tableOptions.bits }

    @Option(parsing: .unconditional, help: "Replicates estimated at once.")
    var threads: Int = 2

    public init() {}

    public func validate() throws {
        _ = try methodOptions.checkedMethodNames(methodList)
        _ = try levels()
        let names = methodList.split(separator: ",").map { $0.trimmingBlanks() }
        let onlyLearned = names.allSatisfy { $0 == "mist" }
        guard permutationNeighbors >= 1 else { throw ValidationError("--permutation-neighbors must be at least 1, got \(permutationNeighbors)") }
        guard bootstrap >= 0, permutations >= 0 else { throw ValidationError("--bootstrap and --permutations must be at least 0") }
        guard bootstrap > 0 || permutations > 0 || onlyLearned else {
            throw ValidationError("give --bootstrap B and/or --permutations P (only mist has quantiles of its own)")
        }
        if calibrate && bootstrap < 2 && !onlyLearned { throw ValidationError("--calibrate needs --bootstrap B with B >= 2") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if plot != nil && !calibrate { throw ValidationError("--plot draws the --calibrate table; add --calibrate") }
    }

    func levels() throws -> [Double] { try quantileLevels(q) }

    var methodList: String { method ?? "mist" }

    /// One data set × method: the estimate, bootstrap quantiles and permutation summary.
    struct Summary {
        var mi: Double?
        var quantiles: [Double?]
        var pValue: Double?, nullMean: Double?
        /// The estimate the test compared (mi before ksg's clipping at 0).
        var statistic: Double?
        /// The p-value is exact (every table with the observed margins), not from drawn permutations.
        var exact = false
        var seconds: Double
        var failure: String?
    }

    func summarize(
        _ s: PairedSample, _ m: any MIEstimator, levels: [Double], rng: RandomStream,
        surrogate: (@Sendable (RandomStream) -> PairedSample)? = nil
    ) -> Summary {
        let start = DispatchTime.now().uptimeNanoseconds
        var out = Summary(mi: nil, quantiles: levels.map { _ in nil }, seconds: 0)
        let learned = (m as? MistEstimator).flatMap { $0.isQuantile ? $0 : nil }
        if let learned {
            // A quantile model: its own quantiles (mi is the median); no bootstrap.
            out = learnedSummaries([s], learned, levels: levels, threads: 1)[0]
        } else {
            do { out.mi = try m.estimateChecked(s) } catch {
                out.failure = (error as? EstimatorError)?.description ?? "\(error)"
            }
        }
        if out.mi != nil {
            // Replicates the method refuses (e.g. a degenerate resample) are left out.
            if bootstrap > 0 && learned == nil {
                let boot = rng.child(0)
                let values = parallelMap(bootstrap, threads: threads) { b in
                    try? m.estimate(Resampling.bootstrap(s, rng: boot.child(UInt64(b))))
                }.compactMap { $0 }.sorted()
                if !values.isEmpty { out.quantiles = levels.map { Resampling.quantile(values, $0) } }
            }
            // The test compares unclipped statistics (equal to mi but for ksg's clipping at 0).
            if permutations > 0, s.dz == 0, surrogate == nil, let discrete = m as? DiscreteEstimator,
                let exact = try? discrete.exactNull(s)
            {
                // A small table: the exact null (every table with the observed margins), no draws.
                out.pValue = exact.pValue
                out.statistic = try? discrete.testStatistic(s)
                out.nullMean = exact.nullMean
                out.exact = true
            } else if permutations > 0, let observed = try? m.testStatistic(s) {
                let perm = rng.child(1)
                // With Z: X permuted among Z-neighbours (Runge 2018), so the null keeps X's link to Z.
                // Time series (--te): the unit's own surrogates, which keep the time order.
                let local = s.dz > 0 && surrogate == nil ? try? ConditionalPermutation(s, neighbors: permutationNeighbors) : nil
                let null = parallelMap(permutations, threads: threads) { p in
                    let r = perm.child(UInt64(p))
                    return try? m.testStatistic(surrogate?(r) ?? local?.replicate(rng: r) ?? Resampling.permuteY(s, rng: r))
                }.compactMap { $0 }
                if !null.isEmpty {
                    out.pValue = Resampling.pValue(observed: observed, null: null)
                    out.statistic = observed
                    out.nullMean = null.reduce(0, +) / Double(null.count)
                }
            }
        }
        out.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return out
    }

    /// A quantile model's own quantiles (mi: the median) for many data sets at once: one batched call
    /// on `threads` workers, as mi-estimate runs it; `seconds` is the time over the data sets.
    func learnedSummaries(_ samples: [PairedSample], _ m: MistEstimator, levels: [Double], threads: Int) -> [Summary] {
        let start = DispatchTime.now().uptimeNanoseconds
        let results = m.estimateBatch(samples, levels: levels, loop: workerLoop(threads: threads))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(max(samples.count, 1))
        return zip(samples, results).map { s, r in
            var out = Summary(mi: nil, quantiles: levels.map { _ in nil }, seconds: seconds)
            if s.dz > 0 {
                out.failure = EstimatorError.doesNotCondition("mist", dz: s.dz).description + " with --bootstrap or --permutations"
                return out
            }
            switch r {
            case .success(let o): out.mi = o.mi; out.quantiles = o.quantiles
            case .failure(let e): out.failure = e.description
            }
            return out
        }
    }

    static func levelName(_ l: Double) -> String { "q" + NumberFormat.string(l) }

    public func run() throws {
        let methods = try methodOptions.estimators(methodList, builtIn: .quantile)
        let levels = try levels()
        Tensor.setThreadCount(1)  // parallelism is over data sets and replicates (see mi-estimate)
        if methods.contains(where: \.runsANetwork) { Allocator.retainFreedMemory() }
        let hasLevels = bootstrap > 0 || methods.contains { ($0 as? MistEstimator)?.isQuantile == true }
        if !hasLevels && permutations == 0 {
            throw CommandFailure("this mist model is a point model: it has no quantiles of its own; add --bootstrap B")
        }
        let seed = drawnSeed(self.seed)
        let base = RandomStream(seed: seed)
        var columns: [ResultTable.Column] = []
        if hasLevels { columns += levels.map { .init(name: Self.levelName($0), isMI: true) } }
        if permutations > 0 {
            columns += [.init(name: "p_value", isMI: false), .init(name: "null_mean", isMI: true), .init(name: "mi_corrected", isMI: true)]
        }
        let out = FileDescriptorSink(fd: 1)
        var table = ResultTable(sink: out, options: tableOptions, extraColumns: columns)
        // --calibrate: per method, per data set with true_mi: (truth, quantiles).
        var calibration = [[(Double, [Double])]](repeating: [], count: methods.count)
        var failed = FailureCount()
        // Replicates are drawn only for bootstrap or permutations: only then is resample_seed recorded.
        let resamples = bootstrap > 0 || permutations > 0
        var readOptions = input.readOptions
        conditioning.apply(to: &readOptions)
        labels.apply(to: &readOptions)
        var loop = DataSetLoop(tool: "mi-quantiles", files: files, options: readOptions)
        loop.withoutZ = nil
        loop.withoutLabels = nil
        // Quantile models alone (no replicates) run batched over a window of data sets, as in
        // mi-estimate; otherwise one data set at a time, its replicates in parallel.
        let batched = !resamples && methods.allSatisfy { ($0 as? MistEstimator)?.isQuantile == true }
        try loop.forEachWindow(batched ? DataSetLoop.learnedWindow : 1) { items in
            var units: [(unit: EstimateUnit, key: UInt64, index: Int)] = []
            for item in items {
                for (u, unit) in try time.units(item).enumerated() {
                    if calibrate && unit.trueMI == nil { ToolMain.warn("mi-quantiles", "\(unit.name): no true_mi; skipped"); continue }
                    units.append((unit, item.data.contentKey, u))
                }
            }
            let windowSummaries: [[Summary]]? =
                batched ? methods.map { learnedSummaries(units.map(\.unit.sample), $0 as! MistEstimator, levels: levels, threads: threads) } : nil
            for (k, (unit, key, u)) in units.enumerated() {
                let sample = unit.sample, name = unit.name
                let trueMI = unit.trueMI
                // Replicates keyed by the data set's content, not its place: a stream cut into pieces (GNU
                // parallel) gives each data set the replicates it gets in the whole stream.
                let rng = u == 0 ? base.child(key) : base.child(key).child(UInt64(u))
                for (j, m) in methods.enumerated() {
                    let s = windowSummaries?[j][k] ?? summarize(sample, m, levels: levels, rng: rng, surrogate: unit.surrogate)
                    if let why = s.failure { ToolMain.warn("mi-quantiles", "\(name): \(why)"); failed.count += 1 }
                    if calibrate {
                        let qs = s.quantiles.compactMap { $0 }
                        if let trueMI, qs.count == levels.count { calibration[j].append((trueMI, qs)) }
                        continue
                    }
                    var extra: [Double?] = hasLevels ? s.quantiles : []
                    if permutations > 0 {
                        extra += [s.pValue, s.nullMean, s.statistic.flatMap { t in s.nullMean.map { t - $0 } }]
                    }
                    var meta = unit.metadata
                    if resamples { meta.pairs.append((key: "resample_seed", value: "\(seed)")) }
                    if s.exact { meta.pairs.append((key: "null", value: "exact")) }
                    try table.write(
                        .init(
                            name: name, method: m.name, mi: s.mi, n: sample.rows, dx: sample.dx, dy: sample.dy,
                            trueMI: trueMI, seconds: s.seconds, metadata: meta, extra: extra))
                }
            }
        }
        if calibrate { try writeCalibration(calibration, methods: methods, levels: levels, seed: seed, to: out) }
        try out.flush()
        if !calibrate { try failed.check() }
    }

    /// The coverage table: method, level, coverage, mean_width, datasets.
    func writeCalibration(
        _ c: [[(Double, [Double])]], methods: [any MIEstimator], levels: [Double], seed: UInt64,
        to out: FileDescriptorSink
    ) throws {
        guard c.contains(where: { !$0.isEmpty }) else {
            throw CommandFailure("--calibrate: no data set with true_mi and a bootstrap interval")
        }
        let scale = bits ? 1 / log(2.0) : 1
        var rows: [(String, String, Double, Double?, Int)] = []
        var points: [(method: String, nominal: Double, observed: Double)] = []  // for --plot
        for (j, m) in methods.enumerated() where !c[j].isEmpty {
            let n = Double(c[j].count)
            for (i, l) in levels.enumerated() {
                let observed = Double(c[j].filter { $0.0 <= $0.1[i] }.count) / n
                rows.append((m.name, Self.levelName(l), observed, nil, c[j].count))
                points.append((m.name, l, observed))
            }
            for (i, l) in levels.enumerated() where l < 0.5 {
                guard let u = levels.firstIndex(where: { abs($0 - (1 - l)) < 1e-12 }) else { continue }
                let covered = c[j].filter { $0.1[i] <= $0.0 && $0.0 <= $0.1[u] }.count
                let width = c[j].map { $0.1[u] - $0.1[i] }.reduce(0, +) / n
                rows.append((m.name, NumberFormat.string(1 - 2 * l), Double(covered) / n, width * scale, c[j].count))
            }
        }
        if let plot { try Pictures.write(Pictures.reliability(points, datasets: c.map(\.count).max() ?? 0), to: plot) }
        var text = ""
        let json = ResultTable(sink: out, format: .json, bits: bits)
        if format == .tsv && !tableOptions.noHeader { text += "method\tlevel\tcoverage\tmean_width\tdatasets\n" }
        for r in rows {
            if format == .tsv {
                text += "\(r.0)\t\(r.1)\t\(NumberFormat.string(r.2))\t\(r.3.map(NumberFormat.string) ?? "")\t\(r.4)\n"
            } else {
                text +=
                    "{\"method\":\(json.json(r.0)),\"level\":\(json.json(r.1)),\"coverage\":\(NumberFormat.string(r.2)),"
                    + "\"mean_width\":\(r.3.map(NumberFormat.string) ?? "null"),\"datasets\":\(r.4),\"resample_seed\":\(seed)}\n"
            }
        }
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBytes { try out.write(UnsafeRawBufferPointer($0)) }
    }
}
