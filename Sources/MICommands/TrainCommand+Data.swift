// What mi-train learns from and is measured on: the training feed (batches of similar-sized data sets,
// a pure function of seed and step, so --resume continues exactly) and the fixed evaluation sets.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIDistributions
import MIEstimators
import MIMist
import MINeural
import MIRecords
import MITensor

final class TrainingFeed: MistBatchSource, CustomStringConvertible {

    /// Batches drawn together and sorted by n, so that each batch pads little.
    static let group = 8
    let batchSize: Int, threads: Int, seed: UInt64, config: MistConfig
    let meta: MetaDistribution?
    /// Where the recalibration data sets come from: --calibration-families, else `meta`.
    let calibration: MetaDistribution?
    let file: DataFile?
    private var cachedGroup = -1
    private var batches: [[MistExample]] = []

    /// With a process group, each rank draws every R-th data set of a group and the ranks exchange
    /// them (file mode: every rank reads the file).
    let group: (any ProcessGroup)?

    init(command c: TrainCommand, config: MistConfig, seed: UInt64, startStep: Int, group: (any ProcessGroup)? = nil) throws {
        (batchSize, threads, self.seed, self.config, self.group) = (c.batch, c.threads, seed, config, group)
        calibration = try c.calibrationFamilies.map { try c.distribution(families: $0) }
        if let path = c.data {
            meta = nil
            file = try DataFile(path: path)
            // A resumed run skips what the steps before it consumed (whole groups: a group is re-read whole).
            try file!.skip((startStep / Self.group) * Self.group * c.batch)
        } else {
            meta = try c.distribution()
            file = nil
        }
    }

    /// A labelled data set outside the training stream (for recalibration): the calibration families'
    /// or the training meta-distribution at `index` (file mode without calibration families: the
    /// distribution is unknown, so drawn from MIST's meta-distribution).
    func heldOut(index: UInt64) throws -> LabelledSample {
        try MistData.meta(calibration ?? meta ?? MetaDistribution(), seed: seed, index: index)
    }

    var description: String {
        if let file { return "file \(file.path)" }
        let m = meta!
        return "meta seed=\(seed) families=\(m.families.map(\.description).joined(separator: ",")) n=\(m.sampleSize.lowerBound),\(m.sampleSize.upperBound) "
            + "d=\(m.dimension.lowerBound),\(m.dimension.upperBound) independent_dims=\(m.independentDimensions)"
    }

    /// The data sets of `step`. Group g holds data sets g·G·B ..< (g+1)·G·B (meta indices, or file order),
    /// sorted by (n, index) and cut into G batches, taken in a seeded shuffled order.
    func batch(step: Int) throws -> [MistExample] {
        let g = step / Self.group
        if g != cachedGroup {
            let count = Self.group * batchSize
            let first = UInt64(g) * UInt64(count)
            // Positions of the group this process draws: all, or every R-th from its rank.
            let (rank, ranks) = file == nil ? (group?.rank ?? 0, group?.size ?? 1) : (0, 1)
            let drawn = Array(stride(from: rank, to: count, by: ranks))
            var labelled: [Result<LabelledSample, Error>]
            if let file {
                labelled = try file.take(count).map { .success($0) }
            } else {
                let m = meta!, seed = seed
                labelled = parallelMap(drawn.count, threads: threads) { k in
                    Result { try MistData.meta(m, seed: seed, index: first + UInt64(drawn[k])) }
                }
            }
            let config = config
            var examples = try parallelMap(drawn.count, threads: threads) { k -> Result<(Int, MistExample), Error> in
                Result {
                    let l = try labelled[k].get()
                    return (l.sample.rows, MistExample(input: try MistInput.encode(l.sample, config: config), trueMI: Float(l.trueMI)))
                }
            }.map { try $0.get() }
            if ranks > 1, let group {
                // Every rank's share, back in position order: rank r's k-th is position r + k·R.
                let shares = try group.allGather(Self.serialize(examples.map(\.1)))
                var all = [(Int, MistExample)?](repeating: nil, count: count)
                for (r, bytes) in shares.enumerated() {
                    for (k, e) in try Self.deserialize(bytes).enumerated() { all[r + k * ranks] = (e.input.rows, e) }
                }
                guard all.allSatisfy({ $0 != nil }) else { throw CommandFailure("the ranks' data sets do not add up to a group of \(count)") }
                examples = all.map { $0! }
            }
            let order = examples.indices.sorted { (examples[$0].0, $0) < (examples[$1].0, $1) }
            var chunks = (0..<Self.group).map { k in order[(k * batchSize)..<((k + 1) * batchSize)].map { examples[$0].1 } }
            var rng = RandomStream(seed: seed, stream: 1 << 41 | UInt64(g))
            rng.shuffle(&chunks)
            batches = chunks
            cachedGroup = g
        }
        return batches[step % Self.group]
    }
}

extension TrainingFeed {
    /// Examples as bytes for the exchange between ranks (values, summary, shape, truth: all exact).
    static func serialize(_ examples: [MistExample]) -> [UInt8] {
        var w = ByteWriter()
        w.append(UInt64(examples.count))
        for e in examples {
            for v in [e.input.rows, e.input.dx, e.input.dy, e.input.maxDim] { w.append(UInt64(v)) }
            w.append(UInt64(e.trueMI.bitPattern))
            w.append(e.input.summary)
            w.append(e.input.values)
        }
        return w.bytes
    }

    static func deserialize(_ bytes: [UInt8]) throws -> [MistExample] {
        var r = ByteReader(bytes)
        return try (0..<Int(r.uint64())).map { _ in
            let (rows, dx, dy, maxDim) = (Int(try r.uint64()), Int(try r.uint64()), Int(try r.uint64()), Int(try r.uint64()))
            let truth = Float(bitPattern: UInt32(truncatingIfNeeded: try r.uint64()))
            let summary = try r.floatArray(), values = try r.floatArray()
            return MistExample(input: .init(values: values, summary: summary, rows: rows, dx: dx, dy: dy, maxDim: maxDim), trueMI: truth)
        }
    }
}

/// A record stream or bundle of labelled data sets, read in order and from the start again at its end.
final class DataFile {
    let path: String
    private var reader: RecordReader
    private var readSinceOpen = 0
    private var first: LabelledSample?  // read by init: a bad file fails before any training

    init(path: String) throws {
        self.path = path
        reader = RecordReader(source: try InputSource.open(path))
        first = try read()
    }

    private func next() throws -> LabelledSample {
        if let f = first { first = nil; return f }
        return try read()
    }

    private func read() throws -> LabelledSample {
        do {
            if let d = try reader.next() {
                readSinceOpen += 1
                guard d.dz == 0 else {
                    throw CommandFailure("\(path): data set \(d.name ?? "#\(readSinceOpen)") has Z columns (dz=\(d.dz)); the model learns I(X; Y) only")
                }
                guard let truth = d.metadata["true_mi"].flatMap(Double.init) else {
                    throw CommandFailure("\(path): data set \(d.name ?? "#\(readSinceOpen)") has no true_mi")
                }
                return LabelledSample(
                    sample: PairedSample(values: d.values, rows: d.rows, dx: d.dx, dy: d.dy), trueMI: truth,
                    family: d.metadata["family"] ?? "")
            }
        } catch let e as RecordError { throw CommandFailure("\(path): \(e.description)") }
        guard readSinceOpen > 0 else { throw CommandFailure("\(path): no data sets") }
        reader = RecordReader(source: try InputSource.open(path))
        readSinceOpen = 0
        return try read()
    }

    func take(_ count: Int) throws -> [LabelledSample] { try (0..<count).map { _ in try next() } }
    func skip(_ count: Int) throws { for _ in 0..<count { _ = try next() } }
}

/// Fixed evaluation sets (the same for every run): the reference's IMD and OoMD grid families at 6
/// sizes, and BMI's v1 tasks at n = 500.
struct EvaluationSets {
    static let seed: UInt64 = 20_251_124
    static let sizes = [10, 113, 216, 319, 422, 500]
    let sets: [(name: String, data: [LabelledSample])]

    init(maxDim: Int, repeats: Int) throws {
        sets = [
            ("imd", try MistData.grid(families: MistData.imdFamilies, sizes: Self.sizes, repeats: repeats, seed: Self.seed, maxDim: maxDim)),
            ("oomd", try MistData.grid(families: MistData.oomdFamilies, sizes: Self.sizes, repeats: repeats, seed: Self.seed + 1, maxDim: maxDim)),
            ("bmi", try MistData.bmi(rows: 500, seeds: [Self.seed], maxDim: maxDim))
        ]
    }

    /// <set>_mse of the estimate; for a quantile model also cover90 and width90 over all sets.
    func metrics(_ model: MistModel) -> [String: Double] {
        let estimator = MistEstimator(model: model)
        var out: [String: Double] = [:]
        var covered = 0, total = 0, width = 0.0
        for (name, data) in sets {
            let results = estimator.estimateBatch(data.map(\.sample), levels: [0.05, 0.95])
            var se = 0.0, count = 0
            for (l, r) in zip(data, results) {
                guard case .success(let o) = r else { continue }
                se += (o.mi - l.trueMI) * (o.mi - l.trueMI); count += 1
                if model.config.quantile {
                    if o.quantiles[0] <= l.trueMI && l.trueMI <= o.quantiles[1] { covered += 1 }
                    width += o.quantiles[1] - o.quantiles[0]; total += 1
                }
            }
            if count > 0 { out["\(name)_mse"] = se / Double(count) }
        }
        if total > 0 { out["cover90"] = Double(covered) / Double(total); out["width90"] = width / Double(total) }
        return out
    }
}
