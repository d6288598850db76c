// `mi-sample derive`: data sets derived from any stream or table for MINDE's self-consistency tests,
// which check an estimator where no ground truth is known:
//   independence  Y's rows shuffled against X's (and Z's): I = 0 exactly;
//   processing    Y' = [Y, Y³] (a function of Y appended): I(X; Y') = I(X; Y);
//   additivity    the rows shuffled and cut in two halves a, b, put side by side:
//                 I([X_a, X_b]; [Y_a, Y_b]) = I(X_a; Y_a) + I(X_b; Y_b) = 2 I(X; Y) for independent rows.
// true_mi is set where it is known (0; kept; doubled), and the source's is kept as source_true_mi.

import ArgumentParser
import MIDistributions
import MIRecords
import MITensor

/// Which self-consistency data set to derive.
enum DerivedTest: String, ExpressibleByArgument, CaseIterable {
    case independence, processing, additivity
}

extension SampleCommand {
    struct Derive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Derive self-consistency data sets from any stream or table (independence, processing, additivity)",
            discussion: """
                MINDE's self-consistency tests, for any estimator and any data, with or without a known \
                MI. Each input data set gives one derived data set named NAME-TEST. independence \
                shuffles Y's rows against X's (and Z's): X and Y become independent, true_mi = 0. \
                processing appends Y's cubes to Y (Y' = [Y, Y^3], dy doubles): a function of Y adds no \
                information, true_mi is kept. additivity shuffles the rows and puts the first half \
                beside the second (X' = [X_a, X_b], Y' = [Y_a, Y_b], Z' = [Z_a, Z_b]; n/2 rows, an odd \
                row dropped; dimensions double): for independent rows the MI doubles, and so does \
                true_mi (rows of a time series are not independent: additivity does not hold there). \
                A known true_mi is set as said (and true_mi_se, a Monte-Carlo truth's error, with it) \
                and the source's kept as source_true_mi; te_xy, te_yx and marginal_mi, which the \
                derived data no longer have, are dropped; the other keys (the source's family and \
                parameters) are kept as they describe the source. Compare an \
                estimate on the derived data with 0, the source's estimate, or twice it.
                """)
        @Argument(help: "The test: independence, processing or additivity.")
        var test: DerivedTest
        @Argument(help: "Input files (default or '-': standard input): record streams or plain tables.")
        var files: [String] = []
        @OptionGroup var input: InputOptions
        @Option(parsing: .unconditional, help: "Random seed of the shuffles; the same seed gives the same bytes. Drawn (and recorded) when omitted.")
        var seed: UInt64?
        @Option(help: "Output format: tsv (text) or bin (float32 frames).")
        var format: FormatChoice = .tsv
        @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
        var output: String?

        func run() throws {
            let seed = drawnSeed(seed)
            let target = try OutputTarget(path: output)
            let writer = RecordWriter(sink: target.sink, format: format.stream)
            var loop = DataSetLoop(tool: "mi-sample", files: files, options: input.readOptions)
            loop.shapeWarnings = false
            loop.withoutZ = nil
            loop.withoutLabels = "mi-sample derive writes numbers (code the labels first)"
            var index: UInt64 = 0
            try loop.forEach { item in
                var rng = RandomStream(seed: seed, stream: index)
                index += 1
                let derived = try Self.derive(test, item.data, rng: &rng, label: item.name)
                var meta = item.data.metadata
                for key in ["te_xy", "te_yx", "marginal_mi", "n", "dx", "dy", "dz"] { meta[key] = nil }
                meta["name"] = "\(item.name)-\(test.rawValue)"
                if let t = meta["true_mi"].flatMap(Double.init) {
                    meta["source_true_mi"] = meta["true_mi"]
                    meta["true_mi"] = NumberFormat.string(test == .additivity ? 2 * t : t)
                }
                if let se = meta["true_mi_se"].flatMap(Double.init) {
                    meta["true_mi_se"] = test == .additivity ? NumberFormat.string(2 * se) : test == .independence ? nil : meta["true_mi_se"]
                }
                if test == .independence { meta["true_mi"] = "0" }
                meta["derived"] = test.rawValue
                meta["derive_seed"] = "\(seed)"
                var ordered = Metadata([("name", meta["name"]!), ("dx", "\(derived.dx)"), ("dy", "\(derived.dy)")])
                if derived.dz > 0 { ordered["dz"] = "\(derived.dz)" }
                ordered["n"] = "\(derived.rows)"
                for (k, v) in meta.pairs where k != "name" { ordered[k] = v }
                try writer.beginDataset(ordered, dx: derived.dx, dy: derived.dy, dz: derived.dz, rows: derived.rows)
                try derived.values.withUnsafeBufferPointer { try writer.writeRows($0) }
                try writer.endDataset()
            }
            try writer.finish()
            try target.commit()
        }

        /// The derived data set's rows (X, Y, then Z columns) and shape.
        static func derive(_ test: DerivedTest, _ d: Dataset, rng: inout RandomStream, label: String) throws -> Dataset {
            let (n, w) = (d.rows, d.width)
            let (dx, dy, dz) = (d.dx, d.dy, d.dz)
            func value(_ r: Int, _ j: Int) -> Float { d.values[r * w + j] }
            switch test {
            case .independence:
                var order = Array(0..<n)
                rng.shuffle(&order)
                var v = d.values
                for r in 0..<n { for j in dx..<(dx + dy) { v[r * w + j] = value(order[r], j) } }
                return Dataset(metadata: d.metadata, dx: dx, dy: dy, dz: dz, rows: n, values: v, startLine: d.startLine)
            case .processing:
                let out = w + dy
                var v = [Float](repeating: 0, count: n * out)
                for r in 0..<n {
                    for j in 0..<(dx + dy) { v[r * out + j] = value(r, j) }
                    for j in 0..<dy {
                        let y = value(r, dx + j), cube = y * y * y
                        guard cube.isFinite else {
                            throw CommandFailure("\(label): row \(r + 1)'s Y value \(y) has a cube outside float32 (standardise first)")
                        }
                        v[r * out + dx + dy + j] = cube
                    }
                    for j in 0..<dz { v[r * out + dx + 2 * dy + j] = value(r, dx + dy + j) }
                }
                return Dataset(metadata: d.metadata, dx: dx, dy: 2 * dy, dz: dz, rows: n, values: v, startLine: d.startLine)
            case .additivity:
                guard n >= 2 else { throw CommandFailure("\(label): additivity needs at least 2 rows, got \(n)") }
                var order = Array(0..<n)
                rng.shuffle(&order)
                let half = n / 2, out = 2 * w
                var v = [Float](repeating: 0, count: half * out)
                for r in 0..<half {
                    let (a, b) = (order[r], order[half + r])
                    var k = r * out
                    // X_a X_b, Y_a Y_b, Z_a Z_b.
                    for (lo, count) in [(0, dx), (dx, dy), (dx + dy, dz)] {
                        for j in 0..<count { v[k] = value(a, lo + j); k += 1 }
                        for j in 0..<count { v[k] = value(b, lo + j); k += 1 }
                    }
                }
                return Dataset(metadata: d.metadata, dx: 2 * dx, dy: 2 * dy, dz: 2 * dz, rows: half, values: v, startLine: d.startLine)
            }
        }
    }
}
