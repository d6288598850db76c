import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIArchive
import MIDistributions
import MIRecords
import MITensor

extension SampleCommand {
    struct BMI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bmi",
            abstract: "A task of the BMI benchmark, under BMI's task id (see `mi-sample list`)",
            discussion: "The 40 tasks of BMI's v1 list and the mixture tasks of v2. BMI's workflows standardise every task; add --transform rescale for that.")
        @Argument(help: "BMI task id, e.g. multinormal-sparse-5-5-2-2.0.")
        var task: String
        @OptionGroup var transforms: TransformOptions
        @OptionGroup var output: SampleOutputOptions

        func run() throws {
            guard let t = BMITasks.task(task) else {
                let close = BMITasks.all.map(\.id).filter { $0.contains(task) || task.contains($0) }.prefix(3)
                throw CommandFailure("unknown BMI task '\(task)'" + (close.isEmpty ? " (see mi-sample list)" : "; did you mean \(close.joined(separator: ", "))?"))
            }
            let steps = try transforms.steps()
            let sampler = try TransformedSampler(base: t.sampler(), steps: steps)
            let versions = t.versions.sorted().map { "v\($0)" }.joined(separator: ",")
            try SampleCommand.emit(
                sampler, family: "bmi", defaultName: t.id, parameters: [("task", t.id), ("bmi", versions)],
                steps: steps, options: output)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every family and BMI task with its dimensions and true MI (TSV)",
            discussion: "Mixture tasks (BMI v2) have a Monte Carlo MI (10^5 draws, fixed seed) and its standard error.")
        @Flag(help: "Leave the true MI of the mixture tasks empty instead of computing it by Monte Carlo (a few seconds).")
        var skipMixtures = false

        func run() throws {
            let out = FileDescriptorSink(fd: 1)
            // Rows go out as they are known (a Monte Carlo truth takes a moment): `| head` ends early.
            var text = "kind\tname\tdx\tdy\ttrue_mi\ttrue_mi_se\tversions\n"
            func send() throws {
                try text.utf8CString.dropLast().withUnsafeBytes { try out.write($0) }
                try out.flush()
                text = ""
            }
            let families: [(String, any JointSampler)] = [
                ("gauss", try GaussianSampler(dx: 1, dy: 1, structure: .dense(rho: 0.5))),
                ("student", try StudentSampler(dx: 1, dy: 1, structure: .dense(rho: 0.5), dof: 3)),
                ("additive", try AdditiveUniformSampler(epsilons: [0.75]))
            ]
            for (name, s) in families {
                text += "family\t\(name)\t\(s.dx)\t\(s.dy)\t\(NumberFormat.string(s.mutualInformation))\t\t\n"
            }
            // Meta families, with the named lists that hold them in the versions column.
            let lists = [
                ("mist", MetaDistribution.mistFamilies), ("extended", MetaDistribution.extendedFamilies),
                ("broad", MetaDistribution.broadFamilies), ("wide", MetaDistribution.wideFamilies),
                ("held-out", MetaDistribution.heldOutFamilies), ("held-out-shapes", MetaDistribution.heldOutShapeFamilies),
                ("calibration", MetaDistribution.calibrationFamilies)
            ]
            var seen = Set<String>()
            for f in lists.flatMap(\.1) where seen.insert(f).inserted {
                text += "meta\t\(f)\t\t\t\t\t\(lists.filter { $0.1.contains(f) }.map(\.0).joined(separator: ","))\n"
            }
            for t in BMITasks.all {
                let isMixture = t.versions == [2]
                var mi = "", se = ""
                if !isMixture || !skipMixtures {
                    let s = try t.sampler()
                    mi = NumberFormat.string(s.mutualInformation)
                    se = s.mutualInformationError.map(NumberFormat.string) ?? ""
                }
                if isMixture { try send() }
                text += "bmi\t\(t.id)\t\(t.dx)\t\(t.dy)\t\(mi)\t\(se)\t\(t.versions.sorted().map { "v\($0)" }.joined(separator: ","))\n"
            }
            try send()
        }
    }

    struct Meta: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A stream of labelled data sets from the MIST meta-distribution",
            discussion: """
                Each data set draws its family, size, dimension and parameters, then its rows, from its own \
                random stream (seed, index), so data set i is the same whatever --count or --start. \
                Ranges are LO,HI.
                """)
        @Option(parsing: .unconditional, help: "Number of data sets (default: endless).")
        var count: Int?
        @Option(parsing: .unconditional, help: "Index of the first data set.")
        var start: UInt64 = 0
        @Option(help: ArgumentHelp(familiesHelp + " Default: mist."))
        var families: String?
        @Option(parsing: .unconditional, help: "Range of the sample size n.") var n: String = "10,500"
        @Option(parsing: .unconditional, help: "Range of the dimension d.") var d: String = "2,32"
        @Flag(help: "Draw dx and dy independently (MIST has dx = dy).") var independentDims = false
        @OptionGroup var drawing: MetaDrawOptions
        @Option(help: "dense: range of rho.") var rho: String = "0,0.5"
        @Option(help: "sparse/2pair: range of the strength lambda.") var strength: String = "0.1,5"
        @Option(help: "student: range of nu.") var dof: String = "1,10"
        @Option(help: "additive: range of eps per coordinate.") var eps: String = "0.1,2"
        @Option(help: "lvm: range of alpha.") var alpha: String = "0,1"
        @Option(help: "lvm: range of lambda.") var lambda: String = "0.1,3"
        @Option(help: "lvm: range of beta.") var beta: String = "0,1.5"
        @Option(help: "lvm: range of eta.") var eta: String = "0.1,5"
        @Option(parsing: .unconditional, help: "Random seed. Drawn and recorded when omitted.") var seed: UInt64?
        @Option(help: "Output format: tsv or bin.") var format: FormatChoice = .tsv
        @Option(name: .shortAndLong, help: "Write a tar bundle of binary shards to this file instead of a stream on stdout.")
        var output: String?
        @Option(parsing: .unconditional, help: "Data sets per shard in a bundle.") var shardSize: Int = 1000

        func validate() throws {
            if let count, count < 0 { throw ValidationError("--count must be non-negative") }
            guard shardSize >= 1 else { throw ValidationError("--shard-size must be at least 1") }
            try drawing.check()
            if output != nil && count == nil { throw ValidationError("-o needs --count (a bundle must end)") }
        }

        func distribution() throws -> MetaDistribution {
            var m = try MetaDistribution(families: families.map(MetaDistribution.familyList) ?? MetaDistribution.mistFamilies)
            m.sampleSize = try intRange(n, "--n", minimum: 1)
            m.dimension = try intRange(d, "--d", minimum: 1)
            m.independentDimensions = independentDims
            drawing.apply(to: &m)
            m.rho = try range(rho, "--rho"); m.strength = try range(strength, "--strength"); m.dof = try range(dof, "--dof")
            m.noise = try range(eps, "--eps"); m.alpha = try range(alpha, "--alpha"); m.lvmLambda = try range(lambda, "--lambda")
            m.beta = try range(beta, "--beta"); m.eta = try range(eta, "--eta")
            return m
        }

        func run() throws {
            let meta = try distribution()
            let seed = drawnSeed(seed)
            let end = count.map { start + UInt64($0) }
            if let output, let end { return try writeBundle(meta, seed: seed, to: output, end: end) }
            let sink = FileDescriptorSink(fd: 1)
            let writer = RecordWriter(sink: sink, format: format.stream)
            var i = start
            while end == nil || i < end! {
                try emit(meta, seed: seed, index: i, writer: writer)
                i += 1
            }
            try writer.finish()
        }

        func emit(_ meta: MetaDistribution, seed: UInt64, index: UInt64, writer: RecordWriter) throws {
            var draw = try meta.draw(seed: seed, index: index)
            var m = datasetMetadata(
                name: "meta-\(index)", family: draw.family.description, sampler: draw.sampler,
                rows: draw.rows, seed: seed, parameters: draw.parameters, transforms: [])
            m["index"] = "\(index)"
            try writeDataset(draw.sampler, rows: draw.rows, metadata: m, rng: &draw.rng, to: writer)
        }

        /// Shards of `shardSize` data sets, each a binary record stream, in one tar written atomically.
        func writeBundle(_ meta: MetaDistribution, seed: UInt64, to path: String, end: UInt64) throws {
            let bundle = try TarBundleWriter(path: path)
            var first = start, shard = 0
            while first < end {
                let last = min(end, first + UInt64(shardSize))
                let memory = MemorySink()
                let writer = RecordWriter(sink: memory, format: .bin)
                for i in first..<last { try emit(meta, seed: seed, index: i, writer: writer) }
                try writer.finish()
                try bundle.add(name: String(cFormat: "shard-%06ld.mi", shard), bytes: memory.bytes)
                first = last; shard += 1
            }
            try bundle.commit()
        }
    }
}

func range(_ text: String, _ option: String) throws -> ClosedRange<Double> {
    let parts = text.split(separator: ",").map { Double($0.trimmingBlanks()) }
    guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo.isFinite, hi.isFinite, lo <= hi else {
        throw ValidationError("\(option) must be LO,HI with LO <= HI, got '\(text)'")
    }
    return lo...hi
}

func intRange(_ text: String, _ option: String, minimum: Int) throws -> ClosedRange<Int> {
    let parts = text.split(separator: ",").map { Int($0.trimmingBlanks()) }
    guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo >= minimum, lo <= hi else {
        throw ValidationError("\(option) must be LO,HI with \(minimum) <= LO <= HI, got '\(text)'")
    }
    return lo...hi
}

/// The suite's version, shown by --version.
let toolVersion = "0.1.0"
