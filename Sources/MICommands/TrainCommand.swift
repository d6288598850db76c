import Dispatch
import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIArchive
import MIDistributions
import MIEstimators
import MIMist
import MINeural
import MIRecords
import MITensor

extension MistNormalization: ExpressibleByArgument {}
extension MistTrainingSettings.Loss: ExpressibleByArgument {}
extension MistTrainingSettings.Schedule: ExpressibleByArgument {}

/// The signal (SIGINT, SIGTERM, SIGHUP) that asked training to stop, 0 if none: the training loop
/// checks it once per step, writes a checkpoint and stops with status 128 + signal.
nonisolated(unsafe) private var interruptRequested: sig_atomic_t = 0

/// `mi-train`: trains a MIST model (a learned MI estimator) on labelled meta-datasets.
public struct TrainCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mi-train",
        abstract: "Train a learned mutual-information estimator (MIST) on meta-datasets",
        discussion: """
            Trains a MIST set transformer (Gritsai et al. 2025) to map a data set to its mutual \
            information: each step draws a batch of data sets with known MI from the meta-distribution \
            (the same generator and streams as mi-sample meta --families F --seed S; by default MIST's \
            16 families and six with spiral and swiss-roll maps), or reads them from --data, \
            and takes one AdamW step on the mean squared error (--loss mse: a point model) or on the \
            pinball loss at a level tau ~ U(0,1) per data set (--loss pinball: a quantile model, whose \
            quantiles cannot cross). Besides the rows, the head sees log(1 + GC) and log n, where GC \
            is the Gaussian-copula MI of the data set, and its point (median) output is a correction \
            added to GC (--no-summary: the plain MIST head). A batch holds data sets of similar size (drawn 8 batches at a \
            time and sorted by n) padded to the longest, with an explicit padding mask.

            Every --eval-every steps it prints one TSV row on standard output: step, examples, \
            seconds, lr, train_loss (mean over the steps since the last row), grad_norm, and the MSE \
            of the estimate on fixed evaluation sets: the reference's in-meta-distribution (imd) and \
            out-of-meta-distribution (oomd) grid families at 6 sizes n in 10..500, and BMI's v1 tasks \
            at n = 500 (bmi); a quantile model adds the coverage and mean width of its 90% \
            intervals over all three (cover90, width90). When standard error is a terminal a progress \
            line is shown there.

            The checkpoint (-o, a tar bundle: manifest, weights and AdamW state) is written \
            atomically every --checkpoint-every steps, at the end, when --time-budget runs out and on \
            SIGINT, SIGTERM, SIGHUP or SIGUSR1 (exit status 130, 143, 129, 138). --resume continues a run exactly \
            where the checkpoint left it: give the same command again; the architecture and the seed \
            come from the checkpoint. A run is deterministic for a given seed and --threads. An existing \
            -o file is never replaced without --resume or --force, and -o is checked to be writable \
            before training starts. A run whose loss or weights become non-finite stops with an error \
            and leaves the last checkpoint as it was.

            --plot FILE draws the curve (train_loss and the *_mse columns by step, log scale) as SVG, \
            redrawn at every row of this run; --plot FILE --curve TSV draws a finished or resumed \
            run's saved standard output instead, without training.

            Under MPI (a build with MPI: make mpi; then mpirun -np R [--host ...] mi-train ...), the R \
            ranks train one model data-parallel: each draws every R-th data set of a group of batches \
            and the ranks exchange them; each computes its share of every batch (with --threads T, \
            T replicas per rank), and the gradients are summed in rank order, so that R ranks of \
            --threads 1 give the weights of one process with --threads R, bit for bit. Rank 0 alone \
            evaluates, prints and writes the checkpoint; --resume needs -o readable by every rank (a \
            shared file system). A signal to the ranks (or SIGUSR1 to mpirun, which passes it on) \
            stops every rank after the same step with a checkpoint; SIGTERM or SIGINT to mpirun, or \
            a rank that dies, ends the job at once, and the last checkpoint stays as it was. A build \
            without MPI started by mpirun refuses to train (each rank would train alone).
            """,
        version: toolVersion
    )

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Checkpoint file (.tar) to write, and to continue with --resume.", valueName: "file"))
    var outputPath: String?
    var output: String { outputPath ?? "" }

    @Option(help: ArgumentHelp("Draw the training curve (loss and evaluation MSE by step, log scale) as SVG into this file, redrawn at every row of this run.", valueName: "file"))
    var plot: String?
    @Option(help: ArgumentHelp("With --plot: draw this finished curve (mi-train's standard output saved to a file) instead of training; no -o.", valueName: "file"))
    var curve: String?

    @Flag(help: "Continue the run saved in the -o checkpoint.")
    var resume = false
    @Flag(help: "Replace an existing -o file with a new run (without it, an existing checkpoint is kept and the run refused).")
    var force = false

    @Option(
        name: .customLong("init"),
        help: ArgumentHelp(
            "Start from the weights of this checkpoint: each part of the model (embedding, encoder, pooling, head, ...) whose tensors all match in name and shape; e.g. a point model's encoder for a quantile model.",
            valueName: "file"))
    var initFrom: String?

    @Option(help: "mse (a point model) or pinball (a quantile model, tau ~ U(0,1) per data set).")
    var loss: MistTrainingSettings.Loss = .mse

    // Architecture (ignored with --resume: the checkpoint has it).
    @Option(parsing: .unconditional, help: "Largest dx and dy the model takes.") var maxDim = 32
    @Option(parsing: .unconditional, help: "Hidden width of the row embedding.") var embedHidden = 128
    @Option(parsing: .unconditional, help: "Token width of the attention blocks.") var width = 64
    @Option(parsing: .unconditional, help: "Attention heads (divides --width).") var heads = 4
    @Option(parsing: .unconditional, help: "Full self-attention blocks over the rows (O(n^2)).") var sabLayers = 0
    @Option(parsing: .unconditional, help: "ISAB encoder layers.") var isabLayers = 2
    @Option(parsing: .unconditional, help: "Inducing points per ISAB.") var inducingPoints = 16
    @Option(parsing: .unconditional, help: "Seeds of the first pooling.") var poolSeeds = 4
    @Option(parsing: .unconditional, help: "Self-attention blocks over the pooled seeds.") var decoderLayers = 1
    @Option(parsing: .unconditional, help: "Hidden width of the head.") var headHidden = 128
    @Option(parsing: .unconditional, help: "Hidden layers of the head.") var headLayers = 2
    @Option(help: "Input normalisation per coordinate: rank (normal scores of ranks), standardize or none.")
    var normalize: MistNormalization = .rank
    @Flag var summaryChoice: SummaryFlag = .summary
    var summary: Bool { summaryChoice == .summary }
    @Option(parsing: .unconditional, help: "At inference, larger data sets are cut into parts of at most this many rows whose estimates are averaged.")
    var maxRows = 500

    // Data.
    @Option(help: ArgumentHelp("Train on the data sets (with true_mi) of this record stream or .tar bundle, cycling, instead of drawing them.", valueName: "file"))
    var data: String?
    @Option(help: ArgumentHelp(familiesHelp))
    var families = "extended"
    @Option(parsing: .unconditional, help: "Range of the sample size n.") var n: String = "10,500"
    @Option(parsing: .unconditional, help: "Range of the dimension of X and of Y.") var d: String = "1,32"
    @OptionGroup var drawing: MetaDrawOptions
    @Flag var independentDimsChoice: IndependentDimsFlag = .independentDims
    var independentDims: Bool { independentDimsChoice == .independentDims }

    // Optimisation.
    @Option(parsing: .unconditional, help: "Optimizer steps in all (a resumed run counts the steps already taken).") var steps = 1000
    @Option(parsing: .unconditional, help: "Data sets per step.") var batch = 32
    @Option(parsing: .unconditional, help: "Peak learning rate of AdamW.") var lr: Float = 1e-3
    @Option(parsing: .unconditional, help: "Final learning rate of the cosine schedule.") var minLr: Float = 1e-5
    @Option(parsing: .unconditional, help: "Linear warm-up steps.") var warmup = 100
    @Option(help: "cosine (warm-up, then cosine to --min-lr at --steps) or constant (after warm-up).")
    var schedule: MistTrainingSettings.Schedule = .cosine
    @Option(parsing: .unconditional, help: "AdamW decoupled weight decay (matrices only).") var weightDecay: Float = 1e-4
    @Option(parsing: .unconditional, help: "Clip the global gradient norm to this value (0: no clipping).") var clip: Float = 1

    // Evaluation, checkpoints, resources.
    @Option(parsing: .unconditional, help: "Evaluate and print a row every this many steps.") var evalEvery = 100
    @Option(parsing: .unconditional, help: "Write the checkpoint every this many steps.") var checkpointEvery = 500
    @Option(parsing: .unconditional, help: "Data sets per cell of the evaluation grids.") var evalRepeats = 2
    @Option(parsing: .unconditional, help: ArgumentHelp("Stop cleanly (with a checkpoint) after this many seconds of this run.", valueName: "seconds"))
    var timeBudget: Double?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Quantile models: at the end, recalibrate the levels on this many held-out data sets (0: no): one map over all of them, and one per range of n and dx + dy that holds 200 or more.",
            valueName: "count"))
    var recalibrate = 0
    @Option(
        help: ArgumentHelp(
            "Quantile models: draw the --recalibrate data sets from these families (the list syntax of --families; default: the training families), e.g. calibration, combinations the model did not train on, so that the intervals also cover its error on data unlike its training.",
            valueName: "families"))
    var calibrationFamilies: String?
    @Option(parsing: .unconditional, help: "Worker threads (data generation and data-parallel gradients).") var threads = 2
    @Option(parsing: .unconditional, help: "Random seed (initialisation, data, levels). Drawn and recorded when omitted.") var seed: UInt64?

    /// The ranks training together (set by mi-train's main when it was built with MPI and started by
    /// mpirun); nil: this process alone.
    nonisolated(unsafe) public static var processGroup: (any ProcessGroup)?

    public init() {}

    public func validate() throws {
        if curve != nil {
            guard plot != nil else { throw ValidationError("--curve goes with --plot") }
            guard outputPath == nil else { throw ValidationError("--curve draws a finished curve; it takes no -o") }
            return
        }
        guard outputPath != nil else { throw ValidationError("Missing expected argument '--output <file>'") }
        for (name, v) in [
            ("--steps", steps), ("--batch", batch), ("--threads", threads), ("--eval-every", evalEvery),
            ("--checkpoint-every", checkpointEvery), ("--eval-repeats", evalRepeats), ("--max-dim", maxDim),
            ("--width", width), ("--heads", heads), ("--inducing-points", inducingPoints),
            ("--pool-seeds", poolSeeds), ("--embed-hidden", embedHidden), ("--head-hidden", headHidden)
        ] where v < 1 {
            throw ValidationError("\(name) must be at least 1, got \(v)")
        }
        guard width % heads == 0 else { throw ValidationError("--width (\(width)) must be a multiple of --heads (\(heads))") }
        guard lr > 0, minLr >= 0, weightDecay >= 0, clip >= 0, warmup >= 0 else {
            throw ValidationError("--lr must be positive; --min-lr, --weight-decay, --clip and --warmup non-negative")
        }
        guard maxRows >= 2 else { throw ValidationError("--max-rows must be at least 2") }
        if let timeBudget, !(timeBudget > 0) { throw ValidationError("--time-budget must be positive") }
        if resume && initFrom != nil { throw ValidationError("--resume and --init exclude each other") }
        if resume && force { throw ValidationError("--resume and --force exclude each other") }
        guard recalibrate >= 0 else { throw ValidationError("--recalibrate must be at least 0") }
        try drawing.check()
        let dims = try intRange(d, "--d", minimum: 1)
        // --d draws data sets on the fly; with --data it is not used, and the data's own dx, dy are checked as read.
        guard data != nil || dims.upperBound <= maxDim else { throw ValidationError("--d goes up to \(dims.upperBound), above --max-dim \(maxDim)") }
        _ = try intRange(n, "--n", minimum: 2)
    }

    func architecture() -> MistConfig {
        var c = MistConfig()
        c.maxDim = maxDim; c.embedHidden = embedHidden; c.width = width; c.heads = heads; c.sabLayers = sabLayers
        c.isabLayers = isabLayers; c.inducingPoints = inducingPoints; c.poolSeeds = poolSeeds
        c.decoderLayers = decoderLayers; c.headHidden = headHidden; c.headLayers = headLayers
        c.quantile = loss == .pinball; c.normalization = normalize; c.maxRows = maxRows; c.summaryFeatures = summary
        return c
    }

    /// The training meta-distribution, or with `families` in place of --families (calibration).
    func distribution(families list: String? = nil) throws -> MetaDistribution {
        var m = try MetaDistribution(families: MetaDistribution.familyList(list ?? families))
        m.sampleSize = try intRange(n, "--n", minimum: 2)
        m.dimension = try intRange(d, "--d", minimum: 1)
        m.independentDimensions = independentDims
        drawing.apply(to: &m)
        return m
    }

    var settings: MistTrainingSettings {
        var s = MistTrainingSettings()
        (s.loss, s.steps, s.batch, s.learningRate, s.minLearningRate, s.warmup) = (loss, steps, batch, lr, minLr, warmup)
        (s.schedule, s.weightDecay, s.clip, s.threads) = (schedule, weightDecay, clip, threads)
        (s.evalEvery, s.checkpointEvery) = (evalEvery, checkpointEvery)
        return s
    }

    public func run() throws {
        if let curve, let plot {
            let (header, rows) = try Pictures.readCurve(curve)
            return try Pictures.write(Pictures.trainingCurve(header: header, rows: rows, title: "Training curve: \(fileName(curve))"), to: plot)
        }
        let group = Self.processGroup
        if group == nil, let n = ProcessLauncher.announcedSize(ProcessInfo.processInfo.environment), n > 1 {
            throw CommandFailure("started as one of \(n) MPI ranks, but this mi-train was built without MPI (build it with make mpi)")
        }
        guard let group, group.size > 1 else { return try train(group: nil) }
        do {
            try train(group: group)
        } catch let e as ExitCode {
            group.finish()  // every rank stopped at the same step (a signal): a clean end
            throw e
        } catch {
            // An error on this rank: the others wait for it in the next exchange, so end the whole job.
            ToolMain.printError("mi-train", (group.rank == 0 ? "" : "rank \(group.rank): ") + "\(error)")
            group.abort(1)
        }
        group.finish()
    }

    /// The training run; with a process group, this rank's share of it. The loop is MistTrainer's;
    /// here are the options, the output (rows, plot, progress line, checkpoints) and the stop requests.
    func train(group: (any ProcessGroup)?) throws {
        let isRoot = (group?.rank ?? 0) == 0  // rank 0 alone evaluates, prints, plots and writes checkpoints
        Allocator.retainFreedMemory()
        Tensor.setThreadCount(1)  // parallelism comes from the trainer's replicas
        try checkOutput()
        // SIGUSR1 too: mpirun passes it on to every rank (a SIGTERM to mpirun kills the ranks at once).
        for s in TemporaryFiles.terminatingSignals + [SIGUSR1] { signal(s) { sig in interruptRequested = sig } }
        let clock = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9 }

        // The model, its optimizer state and the step: fresh, or from the checkpoint (--resume).
        let trainer: MistTrainer
        var resumed: CheckpointManifest?
        if resume {
            guard FileManager.default.fileExists(atPath: output) else {
                throw CommandFailure("--resume: no checkpoint at \(output) (start without --resume)")
            }
            do {
                let checkpoint = try Checkpoint.read(from: output)
                resumed = checkpoint.manifest
                trainer = try MistTrainer(resuming: checkpoint, label: output, settings: settings, group: group)
            } catch MistTrainingError.otherLoss(let stored) {
                throw CommandFailure("--resume: \(output) was trained with --loss \(stored ?? "?"), not \(loss.rawValue)")
            } catch MistTrainingError.noOptimizerState {
                throw CommandFailure("--resume: \(output) has no optimizer state (a model saved for estimating only); start a new run from it with --init")
            }
        } else {
            trainer = try MistTrainer(config: architecture(), settings: settings, seed: drawnSeed(seed), group: group)
            if let initFrom, trainer.model.copyMatchingParts(from: try Checkpoint.read(from: initFrom)) == 0 {
                throw CommandFailure("--init: \(initFrom) has no tensor that fits this model")
            }
        }

        let feed = try TrainingFeed(command: self, config: trainer.config, seed: trainer.seed, startStep: trainer.step, group: group)
        let evaluation = isRoot ? try EvaluationSets(maxDim: trainer.config.maxDim, repeats: evalRepeats) : nil
        let out = FileDescriptorSink(fd: 1)
        let progress = isatty(2) != 0 && isRoot
        func emit(_ s: String) throws {
            guard isRoot else { return }
            var bytes = Array(s.utf8)
            try bytes.withUnsafeMutableBytes { try out.write(UnsafeRawBufferPointer($0)) }
            try out.flush()
        }
        var lastMetrics: [String: Double] = [:]
        // A resumed run that trains no step (a finished checkpoint resumed only to --recalibrate) keeps
        // what its checkpoint says the model trained on and measured: this run's feed trained nothing.
        let startStep = trainer.step
        func save() throws {
            guard isRoot else { return }
            let untouched = trainer.step == startStep ? resumed : nil
            try trainer.checkpoint(
                data: untouched?.data ?? feed.description, metrics: untouched?.metrics ?? lastMetrics, seconds: trainer.secondsBefore + elapsed()
            ).write(to: output)
        }

        let metricNames = trainer.config.quantile ? ["imd_mse", "oomd_mse", "bmi_mse", "cover90", "width90"] : ["imd_mse", "oomd_mse", "bmi_mse"]
        var curveRows: [[String]] = []  // this run's rows, for --plot
        let curveHeader = ["step", "examples", "seconds", "lr", "train_loss", "grad_norm"] + metricNames
        if !resume { try emit(curveHeader.joined(separator: "\t") + "\n") }

        var control = MistTrainer.Control()
        control.signal = { interruptRequested }
        control.budgetUsed = { timeBudget.map { elapsed() >= $0 } == true }
        control.stepped = { step, meanLoss in
            guard progress else { return }
            Stderr.write(String(cFormat: "\rmi-train: step %ld/%ld  loss %.4f  %.0f s ", step, steps, meanLoss, elapsed()))
        }
        control.row = { trainLoss, gradNorm in
            guard let evaluation else { return }
            lastMetrics = evaluation.metrics(trainer.model)
            let step = trainer.step
            let fields =
                [
                    "\(step)", "\(step * batch)", String(cFormat: "%.1f", trainer.secondsBefore + elapsed()),
                    String(cFormat: "%.4g", settings.learningRate(step: max(step - 1, 0))),
                    trainLoss.map(NumberFormat.string) ?? "", gradNorm.map(NumberFormat.string) ?? ""
                ]
                + metricNames.map { lastMetrics[$0].map(NumberFormat.string) ?? "" }
            try emit(fields.joined(separator: "\t") + "\n")
            if let plot {
                curveRows.append(fields)
                try Pictures.write(Pictures.trainingCurve(header: curveHeader, rows: curveRows, title: "Training curve: \(fileName(output))"), to: plot)
            }
        }
        control.save = save
        control.ended = { if progress { Stderr.write("\n") } }

        let stop: MistTrainer.Stop?
        do {
            stop = try trainer.train(from: feed, control: control)
        } catch let e as MistTrainingError {
            throw CommandFailure("\(e) (lower --lr, or set --clip)")
        }
        if recalibrate > 0 && trainer.config.quantile && stop == nil && isRoot {
            // Held-out data sets: indices far beyond any training run's (2^50 on).
            let held = parallelMap(recalibrate, threads: threads) { i in
                Result { try feed.heldOut(index: UInt64(1) << 50 + UInt64(i)) }
            }.compactMap { try? $0.get() }
            trainer.recalibrate(held.map(\.sample), truths: held.map(\.trueMI), loop: workerLoop(threads: threads))
            let show = [Float(0.05), 0.5, 0.95].map { String(cFormat: "%.2f→%.3f", $0, trainer.config.modelTau($0)) }.joined(separator: " ")
            let bins = trainer.config.levelBins.count
            Stderr.write("mi-train: levels recalibrated on \(held.count) held-out data sets: \(show) (and a map of their own for \(bins) of \(MistLevelBin.ranges.count) bins of n and dx + dy)\n")
        }
        try save()
        if let stop {
            let word: String
            switch stop {
            case .timeBudget: word = "time budget used"
            case .signal(let s): word = Self.signalWord(s)
            }
            if isRoot { Stderr.write("mi-train: \(word) at step \(trainer.step) of \(steps); checkpoint \(output) (continue with --resume)\n") }
            if case .signal(let s) = stop { throw ExitCode(128 + s) }
        }
    }

    /// Before any training: the output must be new (or --resume, --force) and its directory writable,
    /// so that an hour of training is not lost to a typo.
    func checkOutput() throws {
        var st = stat()
        if !resume && !force && stat(output, &st) == 0 {
            throw CommandFailure("\(output) exists; add --resume to continue that run or --force to replace it")
        }
        try checkWritable(output)
        if let plot { try checkWritable(plot) }
    }

    static func signalWord(_ s: Int32) -> String {
        switch s {
        case SIGINT: return "interrupted"
        case SIGTERM: return "terminated"
        case SIGHUP: return "hung up"
        case SIGUSR1: return "stopped by SIGUSR1"
        default: return "stopped by signal \(s)"
        }
    }
}
