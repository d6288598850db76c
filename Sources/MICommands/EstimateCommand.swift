import Dispatch
import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIDiffusion
import MIEstimators
import MIFlows
import MIMist
import MIRecords
import MITensor

/// `mi-estimate`: reads data sets (plain tables or record streams) and prints MI estimates.
public struct EstimateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mi-estimate",
        abstract: "Estimate mutual information of the data sets in files or on standard input",
        discussion: """
            Reads plain numeric TSV/CSV (use --dx or --x/--y to say which columns are X and Y) or a \
            record stream of many data sets (see mi-records(5)), and prints one row per data set and \
            method: name, method, mi, n, dx, dy, true_mi (when the stream knows it), seconds, and the \
            data set's other metadata. Estimates are in nats unless --bits. Data sets are estimated \
            in parallel (--threads), a few at a time, and printed in input order.

            Methods: mist (the default: a learned estimator, a MIST set transformer trained by \
            mi-train; the built-in quantile model's median, or the model of --model; a quantile \
            model given by --model adds the columns q0.05, q0.5, q0.95, the built-in one those of -q \
            only; data sets are estimated in batches, and those \
            with more rows than the model's max_rows are cut into parts whose estimates are averaged; \
            its seconds are the batch's time shared among its data sets), \
            ksg (Kraskov-Stogbauer-Grassberger k-nearest neighbours on standardized columns; \
            BMI's convention: Euclidean norm within X and within Y, the larger of the two jointly), \
            ksg-mixed (Gao et al. 2017's KSG for discrete-continuous mixtures: consistent when rows \
            tie; max norm), discrete (plug-in MI of the contingency table with the Miller-Madow \
            correction; each distinct value, or tuple of a variable's columns, is a category), ross \
            (Ross 2014: one discrete and one continuous variable, k nearest rows within a category; \
            -k gives k), \
            cca (Gaussian MI from canonical correlations), gc (Gaussian copula: the same on normal \
            scores of the ranks; invariant to monotone transforms), hist (plug-in MI of an \
            equal-width histogram), kde (kernel-density resubstitution, up to 10 joint dimensions), \
            mienf and mienf-gauss (normalizing flows, see mi-flow(1); columns are standardised \
            first; they add the columns mi_lo and mi_hi, MIENF's interval), and the variational lower bounds mine, infonce, nwj, dv and smile: a critic MLP \
            on [x, y] (--critic-hidden) trained with Adam on half the standardised rows, every pair \
            of a batch scored (the diagonal joint, the rest from the product of the marginals; mine \
            trains as Belghazi et al. and BMI do, on the batch's pairs against as many pairs with \
            independently drawn rows of Y, with a moving average in its gradient), early stopping \
            on the bound over the other half, whose value for the best critic is the estimate \
            (BMI's defaults: batch 256, 10000 steps, learning rate 0.1, hidden 16,8, split 0.5; but \
            mine's and nwj's learning rate is 0.01, at which they measured better on BMI's tasks, and 8 held-out \
            evaluations without a better bound before stopping where BMI allows 2: --critic-lr 0.1 and \
            --critic-patience 2 are BMI's; the batch shrinks to the rows there are, so small n gets a number; --train-seed). \
            InfoNCE cannot exceed log(batch): an estimate within 15% of it is said on standard \
            error; a held-out bound below -0.5 nats (a constant critic scores 0) is no estimate: it \
            is refused, with the reason on standard error. minde-c, minde-j, minde-c-sigma and minde-j-sigma (MINDE, Franzese et al. 2024): \
            a score network (a residual MLP on the pair with a time per variable) trained on 80% \
            of the standardised rows under the variance-preserving diffusion (beta 0.1 to 20, \
            importance-sampled times, EMA of the weights, --minde-* options, --train-seed), read \
            out on the other 20%: -c compares X's marginal score with its score given Y, -j the \
            joint score with the two conditional ones, -sigma each score with a Gaussian \
            reference's; they add the columns mi_lo and mi_hi (a 95% interval from the read-out's \
            standard error: the held-out rows' spread and the Monte-Carlo noise, not the network's \
            own error), and with --entropies h_x, h_y, h_xy (nats, in the data's units; minde-c gives \
            h_x only). Each takes seconds to minutes a data set; a method and its -sigma variant \
            share one training, whose time is the seconds of the first of the two asked for (the \
            other's is only its read-out). A method that cannot estimate a data set (e.g. k >= n, too many histogram cells, \
            ksg or kde above log n, the most n rows can show) leaves mi empty and says why on \
            standard error, and the exit status is 1 once every data set is done. Tied or discrete \
            columns and constant columns are said on standard error: ksg, kde and mist assume \
            continuous data (--method mist gives no estimate for them). Each result row is written as \
            soon as it is made.

            Without --method, each data set goes where it can be estimated, and a data set that \
            does not go to the model says so in one line on standard error, its row naming the \
            method that ran: a variable whose every column is constant has MI 0 exactly (method \
            exact); tied or discrete columns (more than 5% repeated values) go by type: X and Y \
            both discrete (at most 32 distinct values in every column) to discrete, one of them to \
            ross, other ties (rounded continuous values) to ksg-mixed; more \
            dimensions per variable than the model takes go to gc; constant columns among others \
            are dropped (MI is unchanged) and the rest goes to the model; n below 10 (the smallest \
            n the shipped models were trained on) is estimated by the model and said to be outside \
            its range. With --pairs and no --method, pairs with a constant column are 0 (exact) and \
            pairs with a tied column go to ksg-mixed, said once per column. Data with Z columns go \
            to ksg (the model does not condition).

            Conditional MI: with Z columns (--z LIST or --dz N for a table, dz in a stream, e.g. from \
            mi-sample cmi) the estimate is I(X; Y | Z): ksg by Frenzel and Pompe 2007 (psi(k) minus \
            the mean of psi(n_xz + 1) + psi(n_yz + 1) - psi(n_z + 1), the same norms and searches as \
            for MI), cca and gc by the Gaussian log-determinant formula; the other methods say they \
            do not condition. A permutation test that keeps X's dependence on Z is in \
            mi-quantiles(1).

            Discrete columns: --discrete LIST declares columns of a plain table as labels (text such \
            as red or apple, or numbers taken as names); each distinct text becomes a category, and \
            without --method such columns go to discrete or ross as above.

            Time series (rows are consecutive times): --lag LIST estimates I(X_{t-lag}; Y_t) for each \
            lag (a lag scan; write --lag=-5-5 when the list starts with a minus), one row per lag \
            with lag= in meta; --te estimates the transfer entropy both ways, TE(X -> Y) = \
            I(Y_t; X_{t-lag}, ..., X_{t-lag-l+1} | Y_{t-1}, ..., Y_{t-k}) with l = --source-history \
            and k = --target-history, and TE(Y -> X), each a conditional MI (te=x->y or te=y->x in \
            meta). Without --method, ksg. Surrogate p-values are in mi-quantiles(1).

            The built-in models are looked up in $MI_MODEL_DIR, then <bin>/../share/mi/models (what \
            make install fills), then the source tree's models/.

            With --pairs, every column of each table is paired with every other (1-D X and Y) and \
            the table `col_i col_j mi` (or with --matrix a square matrix) is printed instead; with \
            --x and --y, only the pairs of one column of each list (the lists may overlap; each pair \
            is estimated once), so that a wide table can be screened in column blocks, one job per \
            pair of blocks (mi-records(5), PARALLEL).

            A record stream can be cut at the start of any data set (GNU parallel --pipe --recend \
            '\\n' --recstart '#%mi v1 '), and the pieces estimated apart give the rows of the whole \
            stream: every estimate depends on its data set alone; --no-header leaves the header row \
            out of each piece (mi-records(5), PARALLEL).
            """,
        version: toolVersion
    )

    @Argument(help: "Input files (default or '-': standard input).")
    var files: [String] = []

    @Option(help: ArgumentHelp("Estimators to run, comma-separated: \(MethodOptions.allNames.joined(separator: ", ")) (default: mist).", valueName: "list"))
    var method: String?

    @Option(
        name: .short, parsing: .unconditional,
        help: ArgumentHelp(
            "Quantile levels a quantile model prints, comma-separated (default: 0.05,0.5,0.95 for a --model; the built-in model prints none unless -q is given).",
            valueName: "list"))
    var q: String?
    static let defaultLevels = "0.05,0.5,0.95"

    @OptionGroup var methodOptions: MethodOptions

    @OptionGroup var input: InputOptions
    @OptionGroup var conditioning: InputOptions.Conditioning
    @OptionGroup var labels: InputOptions.Labels
    @OptionGroup var time: TimeOptions

    @OptionGroup var tableOptions: TableOptions
    var format: ResultTable.Format { tableOptions.format }
    var bits: Bool { tableOptions.bits }

    @Flag(help: "Estimate the MI of every pair of columns (one method; plain tables need no --dx).")
    var pairs = false

    @Flag(help: "With --pairs: print a square matrix (header row and first column name the columns).")
    var matrix = false

    @Option(help: ArgumentHelp("With --pairs: also draw the MI matrix as an SVG heat map into this file (of the first table).", valueName: "file"))
    var plot: String?

    @Flag(
        help:
            "Add the columns h_x, h_y, h_xy: entropy estimates (nats, or bits with --bits) in the data's units, from the minde-* methods (minde-c gives h_x; minde-j all three); empty for the other methods."
    )
    var entropies = false

    @Option(parsing: .unconditional, help: "Data sets (or column pairs) estimated at once.")
    var threads: Int = 2

    public init() {}

    public func validate() throws {
        let methods = try methodOptions.checkedMethodNames(method ?? "mist")
        _ = try quantileLevels(q ?? Self.defaultLevels)
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if matrix && !pairs { throw ValidationError("--matrix goes with --pairs") }
        if plot != nil && !pairs { throw ValidationError("--plot draws the --pairs matrix; add --pairs") }
        if pairs && methods.count > 1 { throw ValidationError("--pairs takes one method, got \(methods.count)") }
        if matrix && format == .json { throw ValidationError("--matrix prints a TSV table; drop --format json") }
        if pairs && time.active { throw ValidationError("--pairs does not take --lag/--te") }
        if entropies && pairs { throw ValidationError("--entropies does not go with --pairs") }
        if entropies && !methods.contains(where: { MINDEMethods.names.contains($0) }) {
            throw ValidationError("--entropies needs a minde-* method (minde-c, minde-j, ...) in --method")
        }
        if pairs && (conditioning.zColumns != nil || (conditioning.dz ?? 0) > 0) { throw ValidationError("--pairs does not condition; drop --z/--dz") }
    }

    /// One data set's estimates, by method: the MI (nil when the method refused, with its reason), and
    /// what the method says of an estimate it gave (its caveat).
    struct Estimates {
        var mi: [Double?]; var seconds: [Double]; var failures: [String?]; var caveats: [Int: String] = [:]
        /// What a method gave beside its estimate (EstimateDetail), by method.
        var details: [Int: EstimateDetail] = [:]
    }

    /// Runs every method but those in `skip` (batched separately) on one sample.
    static func run(_ methods: [any MIEstimator], on sample: PairedSample, skip: Set<Int> = []) -> Estimates {
        var e = Estimates(mi: [], seconds: [], failures: [])
        for (j, m) in methods.enumerated() {
            if skip.contains(j) { e.mi.append(nil); e.failures.append(nil); e.seconds.append(0); continue }
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                let detail = try m.estimateDetailedChecked(sample)
                let v = detail.mi
                e.mi.append(v)
                e.failures.append(nil)
                if !m.extras.isEmpty { e.details[j] = detail }
                if let c = m.caveat(sample, estimate: v) { e.caveats[j] = c }
            } catch {
                e.mi.append(nil); e.failures.append((error as? EstimatorError)?.description ?? "\(error)")
            }
            e.seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return e
    }

    public func run() throws {
        // The built-in model is the quantile model, its median the estimate (less biased at low MI than
        // the point model; models/README.md); its quantile columns only when -q asks for them.
        let methods = try methodOptions.estimators(method ?? "mist", builtIn: .quantile)
        let levels = q == nil && methodOptions.model == nil ? [] : try quantileLevels(q ?? Self.defaultLevels)
        // Learned estimators run batched over the whole window; the others one data set per task.
        let learned = methods.indices.filter { methods[$0] is MistEstimator }
        // Parallelism is over data sets (--threads): threads inside an op would only contend, and
        // OpenBLAS's waiting threads spin, which on a busy machine made MIENF 30× slower (3 s → 109 s).
        Tensor.setThreadCount(1)
        if methods.contains(where: \.runsANetwork) { Allocator.retainFreedMemory() }
        let quantileModel = learned.contains { (methods[$0] as! MistEstimator).isQuantile }
        let out = FileDescriptorSink(fd: 1)
        let quantileColumns: [ResultTable.Column] =
            quantileModel && !levels.isEmpty ? levels.map { .init(name: QuantilesCommand.levelName($0), isMI: true) } : []
        let columns = DetailColumns(methods, entropies: entropies)
        var table = ResultTable(sink: out, options: tableOptions, extraColumns: quantileColumns + columns.columns)
        let window = learned.isEmpty ? 2 * threads : DataSetLoop.learnedWindow  // data sets in memory at once
        let skip = Set(learned)  // estimated in batches below
        var failed = FailureCount()
        var plotted = false  // --plot: the first table's heat map is drawn
        // No --method: the model where the data are of its kind, a documented fallback elsewhere (DefaultRoute).
        let routing = method == nil && !pairs
        var readOptions = input.readOptions
        conditioning.apply(to: &readOptions)
        labels.apply(to: &readOptions)
        var loop = DataSetLoop(tool: "mi-estimate", files: files, options: readOptions)
        loop.withoutZ = pairs ? "--pairs does not condition on Z" : nil
        loop.withoutLabels = nil
        loop.shapeWarnings = method != nil  // without --method the routes say it (per data set, or per column with --pairs)
        // A plain table needs some X/Y split to be read; --pairs uses all its columns anyway.
        // With --pairs, --x/--y choose which pairs (resolved in writePairs), not which columns are read.
        let adjust: (inout ReadOptions, Bool) -> Void = { o, isStream in
            if pairs {
                o.xColumns = nil; o.yColumns = nil
                if !isStream && o.dx == nil && o.dy == nil { o.dx = 1 }
            }
        }
        try loop.forEachWindow(pairs ? 1 : window, adjust: adjust) { batch in
            if pairs {
                for item in batch {
                    if plotted && plot != nil { ToolMain.warn("mi-estimate", "\(item.name): --plot drew the first table only") }
                    failed.count += try writePairs(item.data, method: methods[0], to: out, plotted: &plotted)
                }
                return
            }
            // A window of data sets (or, with --lag/--te, of their lags), estimated in parallel, printed in order.
            let units = try batch.flatMap { try time.units($0) }
            let samples = units.map(\.sample)
            var results = parallelMap(units.count, threads: threads) { i in Self.run(methods, on: samples[i], skip: skip) }
            var quantiles = [[Double]](repeating: [], count: units.count)
            var ranAs = [String?](repeating: nil, count: units.count)  // the estimator a route used instead
            // Each route looks at its data set's shape (a pass over every column): in parallel.
            let routes = routing ? parallelMap(samples.count, threads: threads) { DefaultRoute(samples[$0], model: methods[0] as! MistEstimator) } : nil
            if let routes {
                for (unit, route) in zip(units, routes) { if let note = route.note { ToolMain.warn("mi-estimate", "\(unit.name): \(note)") } }
                Self.runFallbacks(routes, samples, threads: threads, into: &results, ranAs: &ranAs)
            }
            for j in learned {
                let m = methods[j] as! MistEstimator
                Self.runBatched(
                    m, routes.map { r in samples.indices.map { r[$0].modelSample(samples[$0]) } } ?? samples,
                    levels: m.isQuantile ? levels : [], threads: threads, method: j, shapeChecked: routes != nil,
                    into: &results, quantiles: &quantiles)
            }
            for (i, (unit, r)) in zip(units, results).enumerated() {
                let s = unit.sample
                for (j, m) in methods.enumerated() {
                    // A method that cannot handle this data set leaves its `mi` empty and says why on
                    // stderr; the other data sets go on, and the exit status says that one failed.
                    if let why = r.failures[j] { ToolMain.warn("mi-estimate", "\(unit.name): \(why)"); failed.count += 1 }
                    if let caveat = r.caveats[j] { ToolMain.warn("mi-estimate", "\(unit.name): \(caveat)") }
                    let q = (methods[j] as? MistEstimator)?.isQuantile == true ? quantiles[i] : []
                    try table.write(
                        .init(
                            name: unit.name, method: ranAs[i] ?? m.name, mi: r.mi[j], n: s.rows, dx: s.dx, dy: s.dy,
                            trueMI: unit.trueMI, seconds: r.seconds[j],
                            metadata: unit.metadata,
                            extra: quantileColumns.indices.map { k in q.indices.contains(k) ? q[k] : nil } + columns.values(r.details[j])))
                }
            }
        }
        try out.flush()
        try failed.check()
    }

    /// A learned estimator on a window of samples: one batched call, its encodings and batches run on
    /// `threads` workers. `seconds` is the window's time divided by its data sets (amortised).
    /// Samples that are nil are left alone (the default's routes send them elsewhere).
    static func runBatched(
        _ m: MistEstimator, _ samples: [PairedSample?], levels: [Double], threads: Int, method j: Int, shapeChecked: Bool = false,
        into results: inout [Estimates], quantiles: inout [[Double]]
    ) {
        // (A sample with Z columns gets the model's refusal, as a failure, from estimateBatch.)
        let present = samples.indices.filter { samples[$0] != nil }
        let start = DispatchTime.now().uptimeNanoseconds
        let outputs = m.estimateBatch(present.map { samples[$0]! }, levels: levels, shapeChecked: shapeChecked, loop: workerLoop(threads: threads))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(max(present.count, 1))
        for (i, output) in zip(present, outputs) {
            results[i].seconds[j] = seconds
            switch output {
            case .success(let o): results[i].mi[j] = o.mi; quantiles[i] = o.quantiles
            case .failure(let e): results[i].failures[j] = e.description
            }
        }
    }

    /// The default's fallbacks and exact values (method 0), in parallel; `ranAs` gets their names.
    static func runFallbacks(_ routes: [DefaultRoute], _ samples: [PairedSample], threads: Int, into results: inout [Estimates], ranAs: inout [String?]) {
        let done = parallelMap(samples.count, threads: threads) { i -> (String, Result<Double, Error>, Double)? in
            let start = DispatchTime.now().uptimeNanoseconds
            func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
            switch routes[i] {
            case .fallback(let e, _): let r = Result { try e.estimate(samples[i]) }; return (e.name, r, seconds())
            case .exact(let v, _): return ("exact", .success(v), 0)
            case .model, .reduced: return nil
            }
        }
        for (i, d) in done.enumerated() {
            guard let (name, result, seconds) = d else { continue }
            ranAs[i] = name
            results[i].seconds[0] = seconds
            switch result {
            case .success(let v): results[i].mi[0] = v
            case .failure(let e): results[i].failures[0] = (e as? EstimatorError)?.description ?? "\(e)"
            }
        }
    }

    /// --pairs: the column pairs (a, b), a < b, in order: all of them, or with --x/--y those with one
    /// column in each list (a block of a wide table; lists may overlap, each pair comes once).
    func pairsToEstimate(_ data: Dataset) throws -> [(Int, Int)] {
        let m = data.width
        guard let xs = input.xColumns, let ys = input.yColumns else {
            return (0..<m).flatMap { i in ((i + 1)..<m).map { (i, $0) } }
        }
        let header = data.columnNames
        let x = Set(try ColumnSelection.parse(xs, option: "--x", header: header, columnCount: m))
        let y = Set(try ColumnSelection.parse(ys, option: "--y", header: header, columnCount: m))
        return (0..<m).flatMap { i in
            ((i + 1)..<m).compactMap { j in (x.contains(i) && y.contains(j)) || (x.contains(j) && y.contains(i)) ? (i, j) : nil }
        }
    }

    /// --pairs: the MI of every pair of columns of one table, in parallel.
    /// Returns the number of pairs the method could not estimate.
    func writePairs(_ data: Dataset, method: any MIEstimator, to out: FileDescriptorSink, plotted: inout Bool) throws -> Int {
        let m = data.width, n = data.rows
        let names = data.columnNames ?? (1...m).map(String.init)
        let pairList = try pairsToEstimate(data)
        var failures: [String] = []
        func pair(_ p: Int) -> PairedSample {
            let (a, b) = pairList[p]
            var v = [Float](repeating: 0, count: 2 * n)
            for r in 0..<n { v[2 * r] = data.values[r * m + a]; v[2 * r + 1] = data.values[r * m + b] }
            return PairedSample(values: v, rows: n, dx: 1, dy: 1)
        }
        // No --method: pairs with a constant column are 0 exactly, with a tied one go to ksg-mixed (said
        // once per column); the rest go to the model, batched.
        var fallback = Set<Int>(), constant = Set<Int>()
        if self.method == nil, m >= 2 {
            let shape = DataShape(PairedSample(values: data.values, rows: n, dx: m - 1, dy: 1))
            constant = Set(shape.constantColumns)
            fallback = Set(shape.tiedColumns).subtracting(constant)
            for c in constant.sorted() { ToolMain.warn("mi-estimate", "column \(names[c]) is constant: its pairs have MI = 0 exactly") }
            for c in fallback.sorted() {
                ToolMain.warn("mi-estimate", "column \(names[c]) is tied or discrete (the model never saw such data): its pairs estimated with ksg-mixed")
            }
        }
        var values = [Result<Double, Error>?](repeating: nil, count: pairList.count)
        let exact = pairList.indices.filter { constant.contains(pairList[$0].0) || constant.contains(pairList[$0].1) }
        for p in exact { values[p] = .success(0) }
        let exactSet = Set(exact)
        let tied = pairList.indices.filter { values[$0] == nil && (fallback.contains(pairList[$0].0) || fallback.contains(pairList[$0].1)) }
        let fallbackEstimator = MixedKSGEstimator()
        for (p, v) in zip(tied, parallelMap(tied.count, threads: threads) { k in Result { try fallbackEstimator.estimate(pair(tied[k])) } }) {
            values[p] = v
        }
        let rest = pairList.indices.filter { values[$0] == nil }
        if let model = method as? MistEstimator {
            // Batched, a few hundred pairs at a time, on `threads` workers.
            let window = DataSetLoop.learnedWindow
            for start in stride(from: 0, to: rest.count, by: window) {
                let chunk = Array(rest[start..<min(rest.count, start + window)])
                let outputs = model.estimateBatch(chunk.map { pair($0) }, levels: [], shapeChecked: self.method == nil, loop: workerLoop(threads: threads))
                for (p, out) in zip(chunk, outputs) { values[p] = out.map(\.mi).mapError { $0 as Error } }
            }
        } else {
            for (p, v) in zip(rest, parallelMap(rest.count, threads: threads) { k in Result { try method.estimate(pair(rest[k])) } }) {
                values[p] = v
            }
        }
        let methodName = { (p: Int) -> String in
            exactSet.contains(p) ? "exact" : (fallback.contains(pairList[p].0) || fallback.contains(pairList[p].1)) ? fallbackEstimator.name : method.name
        }
        let scale = bits ? 1 / log(2.0) : 1
        func number(_ r: Result<Double, Error>?, _ p: Int) -> String? {
            switch r! {
            case .success(let v): return NumberFormat.string(v * scale)
            case .failure(let e):
                failures.append("\(names[pairList[p].0]) ~ \(names[pairList[p].1]): \((e as? EstimatorError)?.description ?? "\(e)")")
                return nil
            }
        }
        let clean = { (s: String) in s.replacing("\t", with: " ").replacing("\n", with: " ") }
        var text = ""
        if matrix {
            var grid = [[String]](repeating: [String](repeating: "", count: m), count: m)
            for (p, (a, b)) in pairList.enumerated() { let s = number(values[p], p) ?? ""; grid[a][b] = s; grid[b][a] = s }
            text += (["column"] + names.map(clean)).joined(separator: "\t") + "\n"
            for i in 0..<m { text += ([clean(names[i])] + grid[i]).joined(separator: "\t") + "\n" }
        } else if format == .json {
            let table = ResultTable(sink: out, format: .json, bits: bits)
            for (p, (a, b)) in pairList.enumerated() {
                text += "{\"col_i\":\(table.json(names[a])),\"col_j\":\(table.json(names[b])),\"method\":\(table.json(methodName(p))),\"mi\":\(number(values[p], p) ?? "null")}\n"
            }
        } else {
            if !tableOptions.noHeader { text += "col_i\tcol_j\tmi\n" }
            for (p, (a, b)) in pairList.enumerated() { text += "\(clean(names[a]))\t\(clean(names[b]))\t\(number(values[p], p) ?? "")\n" }
        }
        for f in failures { ToolMain.warn("mi-estimate", f) }
        if let plot, !plotted {
            var grid = [[Double?]](repeating: [Double?](repeating: nil, count: m), count: m)
            for (p, (a, b)) in pairList.enumerated() {
                if case .success(let v)? = values[p] { grid[a][b] = v * scale; grid[b][a] = v * scale }
            }
            try Pictures.write(Pictures.heatMap(names: names, values: grid, method: method.name, bits: bits), to: plot)
            plotted = true
        }
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBytes { try out.write(UnsafeRawBufferPointer($0)) }
        try out.flush()
        return failures.count
    }
}
