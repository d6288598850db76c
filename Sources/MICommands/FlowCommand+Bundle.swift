import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIDistributions
import MIEstimators
import MIFlows
import MINeural
import MIRecords
import MITensor

/// Writes x (N, dx) and y (N, dy) as one data set; refuses values that overflowed float32.
func writePair(_ x: Tensor, _ y: Tensor, metadata: Metadata, to writer: RecordWriter, label: String) throws {
    let (n, dx, dy) = (x.shape[0], x.shape[1], y.shape[1])
    let xs = x.scalars, ys = y.scalars
    var rows = [Float](repeating: 0, count: n * (dx + dy))
    for i in 0..<n {
        for j in 0..<dx { rows[i * (dx + dy) + j] = xs[i * dx + j] }
        for j in 0..<dy { rows[i * (dx + dy) + dx + j] = ys[i * dy + j] }
    }
    if rows.contains(where: { !$0.isFinite }) {
        throw CommandFailure("\(label): the flow maps some rows outside float32 (inputs far in the tails?)")
    }
    try writer.beginDataset(metadata, dx: dx, dy: dy, rows: n)
    try rows.withUnsafeBufferPointer { try writer.writeRows($0) }
    try writer.endDataset()
}

extension FlowCommand {
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit flows to the marginals of a target data set and save them as a bundle",
            discussion: """
                Learns f_X and f_Y, each mapping one variable of the first data set of the input to a \
                standard normal (maximum likelihood, independent Gaussian base). The bundle (a tar \
                checkpoint: manifest.json, weights.safetensors) is what apply and sample read.
                """)
        @Argument(help: "Input file (default or '-': standard input); its first data set is used.")
        var file: String = "-"
        @Option(name: .shortAndLong, help: "The flow bundle to write (atomically).")
        var output: String
        @OptionGroup var training: FlowTrainingOptions
        @OptionGroup var input: InputOptions

        func run() throws {
            Allocator.retainFreedMemory()  // training's temporaries, every step
            let seed = drawnSeed(training.seed)
            var config = training.configuration(seed: seed)
            config.correlated = false
            try checkWritable(output)
            let item = try DataSetLoop(tool: "mi-flow", files: [file], options: input.readOptions).first()
            let data = item.data, name = item.name
            let progress = ProgressLine()
            let r: MIENFResult
            do {
                r = try MIENFTrainer(config).fit(PairedSample(values: data.values, rows: data.rows, dx: data.dx, dy: data.dy)) {
                    progress.show(name, $0)
                }
            } catch let e as EstimatorError { throw CommandFailure(e.description) }
            progress.done()
            try FlowBundle.save(
                r.model, to: output, seed: seed, data: "\(name) (n=\(data.rows), dx=\(data.dx), dy=\(data.dy))",
                metrics: ["heldout_nll": r.heldoutNLL],
                training: ["epochs": Double(r.epochsRun), "best_epoch": Double(r.bestEpoch)])
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Push every data set of a stream through fitted flows (Gaussian side to target)",
            discussion: """
                Each data set's X and Y (standardised per column first, unless --no-standardize) go \
                through the inverse flows, x -> f_X^-1(x), y -> f_Y^-1(y). The maps are invertible, so \
                the mutual information is unchanged: true_mi and every other metadata key are carried \
                through as they are (apply adds flow=FILE). Data sets must have the bundle's dx and dy.
                """)
        @Argument(help: "Input files (default or '-': standard input).")
        var files: [String] = []
        @Option(help: "The flow bundle written by mi-flow fit.")
        var flow: String
        @Flag var standardizing: StandardizeFlag = .standardize
        var standardize: Bool { standardizing == .standardize }
        @OptionGroup var input: InputOptions
        @Option(help: "Output format: tsv or bin.")
        var format: FormatChoice = .tsv
        @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
        var output: String?

        func run() throws {
            let model = try FlowBundle.load(flow)
            let target = try OutputTarget(path: output)
            let writer = RecordWriter(sink: target.sink, format: format.stream)
            try DataSetLoop(tool: "mi-flow", files: files, options: input.readOptions).forEach { item in
                var data = item.data
                let name = item.name
                guard data.dx == model.dx, data.dy == model.dy else {
                    throw CommandFailure("\(name): dx=\(data.dx) dy=\(data.dy), but the flows are for dx=\(model.dx) dy=\(model.dy) (e.g. mi-sample meta --d \(model.dx),\(model.dx))")
                }
                if standardize { standardizeColumns(&data.values, rows: data.rows, width: data.width) }
                let sample = PairedSample(values: data.values, rows: data.rows, dx: data.dx, dy: data.dy)
                let (x, y) = MIENFTrainer.columns(sample)
                var meta = data.metadata
                meta["flow"] = fileName(flow)
                try writePair(model.fx.inverse(x), model.fy.inverse(y), metadata: meta, to: writer, label: name)
            }
            try writer.finish()
            try target.commit()
        }
    }

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw from fitted flows",
            discussion: """
                Draws latent pairs from the tridiagonal Gaussian (unit variances; the first \
                min(dx, dy) pairs correlated so that the total MI is --mi, split equally) and maps them \
                through the inverse flows. The metadata records true_mi = --mi (0 by default: X and Y \
                independent, each from its fitted marginal).
                """)
        @Option(help: "The flow bundle written by mi-flow fit.")
        var flow: String
        @Option(name: .customShort("n"), parsing: .unconditional, help: "Number of rows.")
        var rows: Int = 1000
        @Option(parsing: .unconditional, help: "Mutual information (nats) between the drawn X and Y.")
        var mi: Double = 0
        @Option(parsing: .unconditional, help: "Random seed; drawn and recorded when omitted.")
        var seed: UInt64?
        @Option(help: "Output format: tsv or bin.")
        var format: FormatChoice = .tsv
        @Option(help: "Data set name (default: flow-sample).")
        var name: String = "flow-sample"
        @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
        var output: String?

        /// Most MI per correlated pair: noise weight e^(−9) ≈ 1.2e-4 of the signal.
        static let maxPairMI = 9.0

        func validate() throws {
            guard rows >= 1 else { throw ValidationError("-n must be at least 1, got \(rows)") }
            guard mi >= 0, mi.isFinite else { throw ValidationError("--mi must be a finite number >= 0") }
        }

        func run() throws {
            let model = try FlowBundle.load(flow)
            let seed = drawnSeed(self.seed)
            var rng = RandomStream(seed: seed)
            let k = model.pairs
            // Each pair's noise weight √(1 − ρ²) = e^(−mi/k) must stay well above float32's resolution,
            // or the rows do not carry the MI the metadata would claim.
            guard mi / Double(k) <= Self.maxPairMI else {
                throw CommandFailure(
                    "--mi \(NumberFormat.string(mi)) is out of reach: these flows correlate \(k) pair\(k == 1 ? "" : "s"), at most \(NumberFormat.string(Self.maxPairMI)) nats each in float32 rows (at most \(NumberFormat.string(Self.maxPairMI * Double(k))))"
                )
            }
            let rho = Float((1 - exp(-2 * mi / Double(k))).squareRoot())  // −½·k·log(1 − ρ²) = mi
            let noise = Float(exp(-mi / Double(k)))  // √(1 − ρ²), without cancellation
            var zx = Tensor.randomNormal([rows, model.dx], rng: &rng)
            var zy = Tensor.randomNormal([rows, model.dy], rng: &rng)
            // z_y,j ← ρ·z_x,j + √(1 − ρ²)·z_y,j for the first k pairs.
            zx.withUnsafeMutableBufferPointer { px in
                zy.withUnsafeMutableBufferPointer { py in
                    for i in 0..<rows {
                        for j in 0..<k {
                            py[i * model.dy + j] = rho * px[i * model.dx + j] + noise * py[i * model.dy + j]
                        }
                    }
                }
            }
            let target = try OutputTarget(path: output)
            let writer = RecordWriter(sink: target.sink, format: format.stream)
            let meta = Metadata([
                ("name", name), ("dx", "\(model.dx)"), ("dy", "\(model.dy)"), ("n", "\(rows)"),
                ("true_mi", NumberFormat.string(mi)), ("seed", "\(seed)"), ("family", "flow"),
                ("flow", fileName(flow))
            ])
            try writePair(model.fx.inverse(zx), model.fy.inverse(zy), metadata: meta, to: writer, label: name)
            try writer.finish()
            try target.commit()
        }
    }
}
