// Labelled data sets for training and evaluating MIST models: drawn from the meta-distribution exactly
// as `mi-sample meta` draws them (same MetaDistribution.draw, same rows), the reference's evaluation
// grids, and BMI tasks.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIDistributions
import MIEstimators
import MITensor

/// One labelled data set.
struct LabelledSample {
    var sample: PairedSample
    var trueMI: Double
    var family: String
}

enum MistData {
    /// Rows of a sampler as mi-sample writes them (whole-sample rescale applied when the chain ends in one).
    static func draw(_ sampler: any JointSampler, rows: Int, rng: inout RandomStream) throws -> PairedSample {
        let values = try drawRows(sampler, rows, rescale: (sampler as? TransformedSampler)?.needsRescale ?? false, rng: &rng)
        return PairedSample(values: values, rows: rows, dx: sampler.dx, dy: sampler.dy)
    }

    /// Data set `index` of the meta-distribution with this seed (= `mi-sample meta --seed S`, data set `index`).
    static func meta(_ m: MetaDistribution, seed: UInt64, index: UInt64) throws -> LabelledSample {
        var d = try m.draw(seed: seed, index: index)
        return LabelledSample(
            sample: try draw(d.sampler, rows: d.rows, rng: &d.rng), trueMI: d.sampler.mutualInformation,
            family: d.family.description)
    }

    /// The reference's in-meta-distribution test families (test_imd.yaml), in our family names.
    static let imdFamilies = [
        "normal-dense-base", "normal-lvm-wiggly", "normal-dense-half-cube", "student-dense-base",
        "student-sparse-base", "student-sparse-asinh"
    ]
    /// The reference's out-of-meta-distribution families (test_oomd.yaml): combinations absent from training.
    static let oomdFamilies = [
        "normal-dense-wiggly", "normal-sparse-half-cube", "normal-sparse-asinh", "student-sparse-wiggly",
        "student-dense-half-cube", "additive-noise-base", "additive-noise-half-cube"
    ]
    /// The reference's grid sizes, linspace(10, 500, 20) truncated.
    static let gridSizes = (0..<20).map { 10 + Int(Double($0) * 490 / 19) }

    /// The reference's grid protocol: for each (n, family) one d ~ U{2..32} (dx = dy), then `repeats`
    /// data sets. Data set j of cell (n, f) comes from its own stream.
    /// (A model with maxDim < 32 gets d ~ U{2..maxDim} instead.)
    static func grid(families: [String], sizes: [Int], repeats: Int, seed: UInt64, maxDim: Int = 32) throws -> [LabelledSample] {
        var out: [LabelledSample] = []
        for (fi, f) in families.enumerated() {
            for n in sizes {
                var cell = RandomStream(seed: seed, stream: UInt64(fi) << 32 | UInt64(n))
                let d = cell.integer(in: min(2, maxDim)...min(32, maxDim))
                var m = try MetaDistribution(families: [f])
                (m.sampleSize, m.dimension) = (n...n, d...d)
                for j in 0..<repeats { out.append(try meta(m, seed: cell.next(), index: UInt64(j))) }
            }
        }
        return out
    }

    /// BMI v1 tasks (closed-form truth) with both dimensions ≤ maxDim, at n rows, one data set per task and seed.
    static func bmi(rows: Int, seeds: [UInt64], maxDim: Int) throws -> [LabelledSample] {
        var out: [LabelledSample] = []
        for t in BMITasks.all where t.versions.contains(1) && t.dx <= maxDim && t.dy <= maxDim {
            let s = try t.sampler()
            for seed in seeds {
                var rng = RandomStream(seed: seed, stream: UInt64(out.count))
                out.append(LabelledSample(sample: try draw(s, rows: rows, rng: &rng), trueMI: s.mutualInformation, family: t.id))
            }
        }
        return out
    }
}
