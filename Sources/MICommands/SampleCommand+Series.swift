import ArgumentParser
import MIDistributions
import MIRecords
import MITensor

extension SampleCommand {
    /// `mi-sample var`: a bivariate Gaussian VAR(1) series with exact transfer entropy both ways.
    struct Series: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "var",
            abstract: "Bivariate Gaussian VAR(1) time series with exact transfer entropy in each direction",
            discussion: """
                X_t = a X_{t-1} + d Y_{t-1} + e_t, Y_t = c X_{t-1} + b Y_{t-1} + h_t, unit Gaussian \
                noise; rows are consecutive times (X_t, Y_t) of the stationary process. The metadata \
                carries te_xy = TE(X -> Y) and te_yx = TE(Y -> X) at lag 1 with one step of history \
                (what mi-estimate --te gives by default), and true_mi = I(X_t; Y_t), all exact.
                """)
        @Option(parsing: .unconditional, help: "X's own coefficient.")
        var a: Double = 0.5
        @Option(parsing: .unconditional, help: "Y's own coefficient.")
        var b: Double = 0.5
        @Option(parsing: .unconditional, help: "Coupling X -> Y (X_{t-1}'s coefficient in Y_t).")
        var c: Double = 0.4
        @Option(parsing: .unconditional, help: "Coupling Y -> X (Y_{t-1}'s coefficient in X_t).")
        var d: Double = 0
        @OptionGroup var output: SampleOutputOptions

        func run() throws {
            let process = try VARProcess(a: a, b: b, c: c, d: d)
            let seed = output.resolvedSeed
            let target = try OutputTarget(path: output.output)
            let writer = RecordWriter(sink: target.sink, format: output.format.stream)
            var meta = Metadata([
                ("name", output.name ?? "var-\(NumberFormat.string(c))-\(NumberFormat.string(d))"), ("dx", "1"), ("dy", "1"),
                ("n", "\(output.rows)"), ("true_mi", NumberFormat.string(process.mutualInformation))
            ])
            meta["te_xy"] = NumberFormat.string(process.transferXY)
            meta["te_yx"] = NumberFormat.string(process.transferYX)
            meta["seed"] = "\(seed)"
            meta["family"] = "var"
            for (k, v) in [("a", a), ("b", b), ("c", c), ("d", d)] { meta[k] = "\(v)" }
            var rng = RandomStream(seed: seed)
            let rows = try process.series(output.rows, rng: &rng).map { x in
                let f = Float(x)
                guard f.isFinite else { throw CommandFailure("a drawn value (\(x)) does not fit in float32") }
                return f
            }
            try writer.beginDataset(meta, dx: 1, dy: 1, rows: output.rows)
            try rows.withUnsafeBufferPointer { try writer.writeRows($0) }
            try writer.endDataset()
            try writer.finish()
            try target.commit()
        }
    }
}
