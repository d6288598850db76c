import Dispatch
import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIEstimators
import MIFlows
import MINeural
import MIRecords
import MITensor

/// `mi-flow`: normalizing flows: the MIENF estimators, and flows fitted to a data set's marginals that
/// carry record streams (e.g. a MIST meta-dataset) into that data set's modality.
public struct FlowCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mi-flow",
        abstract: "Normalizing flows: MIENF mutual-information estimates and flow-adapted data sets",
        discussion: """
            estimate maps X and Y through learned RealNVP-style flows into a Gaussian latent space where \
            MI has a closed form (MIENF). fit learns flows from the Gaussian side to the marginals of a \
            target data set; apply pushes every data set of a stream through them (MI is invariant under \
            invertible maps, so true_mi and all metadata pass through unchanged); sample draws from them.
            """,
        version: toolVersion,
        subcommands: [Estimate.self, Fit.self, Apply.self, Sample.self]
    )
    public init() {}
}

/// The flow architecture and training options shared by estimate and fit.
struct FlowTrainingOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Coupling blocks per flow (each: ActNorm, sinh-arcsinh, mixing, affine coupling).")
    var couplings: Int = 4
    @Option(parsing: .unconditional, help: "Hidden width of each coupling's network.")
    var hidden: Int = 64
    @Option(help: "Invertible mixing between couplings: lu (learned, LU-parametrised) or permutation.")
    var mixing: MixingChoice = .lu
    @Option(parsing: .unconditional, help: "Maximum epochs (default: about 3000 steps, 20 to 300 epochs, chosen from n).")
    var epochs: Int?
    @Option(parsing: .unconditional, help: "Minibatch size (default: n_train/8 within 64..512).")
    var batchSize: Int?
    @Option(parsing: .unconditional, help: "AdamW learning rate.")
    var lr: Float = 2e-3
    @Option(parsing: .unconditional, help: "Fraction of rows held out for early stopping and the interval.")
    var holdout: Double = 0.2
    @Option(parsing: .unconditional, help: "Stop after this many epochs without a better held-out likelihood.")
    var patience: Int = 30
    @Option(parsing: .unconditional, help: "Random seed (initialisation, split, minibatches). Drawn and recorded when omitted.")
    var seed: UInt64?

    func validate() throws {
        guard couplings >= 1 else { throw ValidationError("--couplings must be at least 1") }
        guard hidden >= 1 else { throw ValidationError("--hidden must be at least 1") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let batchSize, batchSize < 2 { throw ValidationError("--batch-size must be at least 2") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be positive") }
        guard holdout > 0, holdout < 0.9 else { throw ValidationError("--holdout must be in (0, 0.9)") }
        guard patience >= 1 else { throw ValidationError("--patience must be at least 1") }
    }

    func configuration(seed: UInt64) -> MIENFConfiguration {
        var c = MIENFConfiguration()
        c.couplings = couplings; c.hidden = hidden; c.mixing = mixing.kind
        c.epochs = epochs; c.batchSize = batchSize; c.learningRate = lr
        c.holdoutFraction = holdout; c.patience = patience; c.seed = seed
        return c
    }
}

enum MixingChoice: String, CaseIterable, ExpressibleByArgument {
    case lu, permutation
    var kind: InvertibleLinear.Kind { self == .lu ? .lu : .permutation }
}

/// Training progress on stderr, only when stderr is a terminal: one line rewritten in place.
struct ProgressLine {
    let enabled = isatty(2) != 0
    func show(_ label: String, _ e: MIENFEpoch) {
        guard enabled else { return }
        let line =
            "\rmi-flow: \(label) "
            + String(
                cFormat: "epoch %ld/%ld  train nll %.4f  held-out nll %.4f  mi %.4f\u{1B}[K",
                e.epoch, e.epochs, e.trainNLL, e.heldoutNLL, e.mi)
        Stderr.write(line)
    }
    func done() { if enabled { Stderr.write("\r\u{1B}[K") } }
}

extension FlowCommand {
    struct Estimate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Estimate MI with normalizing flows (MIENF), one row per data set",
            discussion: """
                Prints the table of mi-estimate (name method mi n dx dy true_mi seconds meta). meta adds \
                mi_lo and mi_hi (a 95% interval from the held-out pointwise MI and the spread over the \
                final epochs), mi_epoch_sd, mi_heldout, mi_heldout_se, epochs, best_epoch and flow_seed. \
                tridiag (tridiag-N-MIENF) learns a base with per-pair correlations rho_j and reports \
                -1/2 sum log(1 - rho_j^2); gauss (N-MIENF) fits a Gaussian to the latents and reports \
                its MI from log-determinants. `mi-estimate --method mienf` runs the same code with the defaults.
                """)
        @Argument(help: "Input files (default or '-': standard input).")
        var files: [String] = []
        @Option(help: "tridiag (tridiag-N-MIENF) or gauss (N-MIENF).")
        var estimator: ReadoutChoice = .tridiag
        @OptionGroup var training: FlowTrainingOptions
        @OptionGroup var input: InputOptions
        @OptionGroup var tableOptions: TableOptions
        var bits: Bool { tableOptions.bits }

        func run() throws {
            Allocator.retainFreedMemory()  // training's temporaries, every step
            let seed = drawnSeed(training.seed)
            var config = training.configuration(seed: seed)
            config.readout = estimator.readout
            let method = MIENFEstimator(config).name
            let out = FileDescriptorSink(fd: 1)
            var table = ResultTable(sink: out, options: tableOptions)
            let progress = ProgressLine()
            let scale = bits ? 1 / log(2.0) : 1
            var failed = FailureCount()
            try DataSetLoop(tool: "mi-flow", files: files, options: input.readOptions).forEach { item in
                let data = item.data, name = item.name, sample = item.sample
                let start = DispatchTime.now().uptimeNanoseconds
                var meta = data.metadata
                let mi: Double?
                do {
                    let r = try MIENFTrainer(config).fit(sample.standardized()) { progress.show(name, $0) }
                    progress.done()
                    mi = r.mi
                    let (lo, hi) = r.interval
                    for (k, v) in [
                        ("mi_lo", lo * scale), ("mi_hi", hi * scale), ("mi_epoch_sd", r.epochSD * scale),
                        ("mi_heldout", r.heldoutMI * scale), ("mi_heldout_se", r.heldoutSE * scale)
                    ] {
                        meta[k] = NumberFormat.string(v)
                    }
                    meta["epochs"] = "\(r.epochsRun)"
                    meta["best_epoch"] = "\(r.bestEpoch)"
                } catch let e as EstimatorError {
                    progress.done()
                    ToolMain.warn("mi-flow", "\(name): \(e.description)")
                    failed.count += 1
                    mi = nil
                }
                meta["flow_seed"] = "\(seed)"
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                try table.write(
                    .init(
                        name: name, method: method, mi: mi, n: data.rows, dx: data.dx, dy: data.dy,
                        trueMI: data.metadata["true_mi"].flatMap(Double.init), seconds: seconds,
                        metadata: meta))
            }
            try out.flush()
            try failed.check()
        }
    }
}

enum ReadoutChoice: String, CaseIterable, ExpressibleByArgument {
    case tridiag, gauss
    var readout: MIENFConfiguration.Readout { self == .tridiag ? .tridiag : .gauss }
}
