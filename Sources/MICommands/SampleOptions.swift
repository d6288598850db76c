import ArgumentParser
import MIDistributions
import MIRecords
import MITensor

/// The stream format a writer uses, as a command-line choice.
enum FormatChoice: String, CaseIterable, ExpressibleByArgument {
    case tsv, bin
    var stream: StreamFormat { self == .tsv ? .tsv : .bin }
}

/// Options every sampling subcommand shares: size, seed, output.
struct SampleOutputOptions: ParsableArguments {
    @Option(name: .customShort("n"), parsing: .unconditional, help: "Number of samples (rows) per data set.")
    var rows: Int = 1000

    @Option(parsing: .unconditional, help: "Random seed; the same seed gives the same bytes. Drawn (and recorded in the metadata) when omitted.")
    var seed: UInt64?

    @Option(help: "Output format: tsv (text) or bin (float32 frames).")
    var format: FormatChoice = .tsv

    @Option(help: "Data set name written to the metadata line (default: derived from the family).")
    var name: String?

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    func validate() throws {
        guard rows >= 1 else { throw ValidationError("-n must be at least 1, got \(rows)") }
    }

    /// The seed to use: the given one, or a fresh one that goes into the metadata.
    var resolvedSeed: UInt64 { drawnSeed(seed) }
}

/// A --seed value, or when it was omitted a fresh one (below 2³², so it is easy to retype) that the tool
/// records so the run can be repeated.
func drawnSeed(_ given: UInt64?) -> UInt64 { given ?? UInt64.random(in: 0...UInt64(UInt32.max)) }

/// Transforms applied after drawing (MI unchanged): a comma-separated chain applied in order.
struct TransformOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Injective maps applied in order, comma-separated: half-cube, asinh, wiggly, normal-cdf, spiral[:SPEED], swissroll, bimodal, rescale. Prefix x: or y: to act on one variable.",
            valueName: "list"))
    var transform: [String] = []

    func steps() throws -> [TransformStep] {
        try transform.flatMap { $0.split(separator: ",") }.map { try TransformStep(parsing: String($0)) }
    }
}

/// Dimensions of X and Y.
struct DimensionOptions: ParsableArguments {
    @Option(name: .customShort("d"), parsing: .unconditional, help: "Dimension of both X and Y.")
    var dimension: Int?
    @Option(parsing: .unconditional, help: "Dimension of X (overrides -d).")
    var dx: Int?
    @Option(parsing: .unconditional, help: "Dimension of Y (overrides -d).")
    var dy: Int?

    func resolved(default d: Int = 1) throws -> (dx: Int, dy: Int) {
        let x = dx ?? dimension ?? d, y = dy ?? dimension ?? d
        guard x >= 1, y >= 1 else { throw ValidationError("dimensions must be at least 1, got dx=\(x) dy=\(y)") }
        // The samplers build and factor the (dx+dy)² joint covariance: 2048 + 2048 is 128 MB and seconds.
        guard x <= Self.maxDimension, y <= Self.maxDimension else {
            throw ValidationError("dimensions go up to \(Self.maxDimension) per variable (the joint covariance is dense), got dx=\(x) dy=\(y)")
        }
        return (x, y)
    }

    static let maxDimension = 2048
}

/// `count` rows of `sampler` as float32 (row-major), standardised per column when `rescale`; a value
/// that does not fit in float32 is an error.
func drawRows(_ sampler: any JointSampler, _ count: Int, rescale: Bool, rng: inout RandomStream) throws -> [Float] {
    var block = sampler.sample(count, rng: &rng)
    if rescale { standardizeColumns(&block, rows: count, width: sampler.dx + sampler.dy) }
    return try block.map { x in
        let f = Float(x)
        guard f.isFinite else {
            throw CommandFailure("a drawn value (\(x)) does not fit in float32; choose milder parameters or transforms")
        }
        return f
    }
}

/// Draws a data set from `sampler` and writes it: rows are drawn in chunks (memory bounded by the
/// chunk), except when the chain ends in `rescale`, which needs the whole sample.
func writeDataset(
    _ sampler: any JointSampler, rows: Int, metadata: Metadata, rng: inout RandomStream,
    to writer: RecordWriter
) throws {
    let w = sampler.dx + sampler.dy
    try writer.beginDataset(metadata, dx: sampler.dx, dy: sampler.dy, rows: rows)
    let rescale = (sampler as? TransformedSampler)?.needsRescale ?? false
    let chunk = rescale ? rows : max(1, min(rows, (1 << 16) / w))
    var done = 0
    while done < rows {
        let count = min(chunk, rows - done)
        let floats = try drawRows(sampler, count, rescale: rescale, rng: &rng)
        try floats.withUnsafeBufferPointer { try writer.writeRows($0) }
        done += count
    }
    try writer.endDataset()
}

/// The metadata line of a drawn data set: identity, shape and ground truth first, then parameters.
func datasetMetadata(
    name: String, family: String, sampler: any JointSampler, rows: Int, seed: UInt64,
    parameters: [(String, String)], transforms: [TransformStep]
) -> Metadata {
    var m = Metadata([
        ("name", name), ("dx", "\(sampler.dx)"), ("dy", "\(sampler.dy)"), ("n", "\(rows)"),
        ("true_mi", NumberFormat.string(sampler.mutualInformation))
    ])
    if let se = sampler.mutualInformationError { m["true_mi_se"] = NumberFormat.string(se) }
    m["seed"] = "\(seed)"
    m["family"] = family
    for (k, v) in parameters { m[k] = v }
    if !transforms.isEmpty { m["transform"] = transforms.map(\.name).joined(separator: ",") }
    return m
}

/// How the meta-distribution draws sizes and Monte Carlo truths (mi-sample meta and mi-train share them).
struct MetaDrawOptions: ParsableArguments {
    enum Scale: String, CaseIterable, ExpressibleByArgument { case uniform, log }
    @Option(help: "How n and d are drawn in their ranges: uniform, or log (log-uniform: small sizes as often as large ones).")
    var sizeScale: Scale = .uniform
    @Option(parsing: .unconditional, help: "Monte Carlo draws for the true MI of the mix families.")
    var mcSamples = 4000
    @Option(parsing: .unconditional, help: ArgumentHelp("Redraw data sets whose true MI is above this many nats.", valueName: "nats"))
    var maxMi: Double?

    func check() throws {
        if let maxMi, !(maxMi > 0) { throw ValidationError("--max-mi must be positive") }
        guard (100...10_000_000).contains(mcSamples) else { throw ValidationError("--mc-samples must be between 100 and 10000000") }
    }

    func apply(to m: inout MetaDistribution) {
        (m.logUniformSize, m.logUniformDimension) = (sizeScale == .log, sizeScale == .log)
        m.monteCarloSamples = mcSamples
        m.maxMI = maxMi ?? .infinity
    }
}

/// Help of --families (mi-sample meta, mi-train).
let familiesHelp = """
    Comma-separated families base-structure-transform; mist stands for MIST's 16, extended for those and six \
    with spiral and swiss-roll maps, broad for those and mixtures, coordinate-mixing maps and independence, \
    wide for broad and same-mean scale mixtures and mixtures strung along curves, held-out and \
    held-out-shapes for families no training prior here contains, calibration for other combinations in \
    no training list and neither held-out list (for mi-train --calibration-families). Each data set's family is drawn \
    uniformly from the list, so a family listed twice is drawn twice as often.
    """
