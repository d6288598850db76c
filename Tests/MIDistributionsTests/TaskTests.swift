import Foundation
import MITensor
import XCTest
@testable import MIDistributions

final class TaskTests: XCTestCase {
    func testBMIv1ListHasFortyTasksWithPublishedMI() throws {
        let v1 = BMITasks.all.filter { $0.versions.contains(1) }
        XCTAssertEqual(v1.count, 40)
        XCTAssertEqual(Set(BMITasks.all.map(\.id)).count, BMITasks.all.count, "ids are unique")
        let expected: [String: Double] = [
            "1v1-normal-0.75": 0.413339287, "1v1-bimodal-0.75": 0.413339287, "1v1-additive-0.1": 1.709437912,
            "swissroll_x-normal_cdf-1v1-normal-0.75": 0.413339287, "multinormal-dense-50-50-0.5": 1.624265374,
            "spiral-normal_cdf-multinormal-sparse-25-25-2-2.0": 1.021651248, "student-identity-3-3-3": 0.178712,
            "student-identity-5-5-2": 0.448151, "asinh-student-identity-5-5-2": 0.448151
        ]
        for (id, mi) in expected {
            let t = try XCTUnwrap(BMITasks.task(id), id)
            XCTAssertEqual(try t.sampler().mutualInformation, mi, accuracy: 1e-6, id)
        }
        for t in v1 {
            let s = try t.sampler()
            XCTAssertEqual(s.dx, t.dx, t.id); XCTAssertEqual(s.dy, t.dy, t.id)
        }
    }

    func testV2ListAndMixtureValues() throws {
        let v2 = BMITasks.all.filter { $0.versions.contains(2) }
        XCTAssertEqual(v2.count, 26)
        // Independent Monte Carlo values (numpy, 10⁵ samples); both sides have ~0.003 standard error.
        for (id, mi) in [
            ("1v1-X-0.9", 0.412), ("1v1-AI", 0.778), ("2v1-galaxy-0.5-3.0", 0.496), ("3v1-concentric_gaussians-5", 0.458),
            ("mult-sparse-w-inliers-5-5-2-2.0-0.5", 0.269)
        ] {
            let s = try XCTUnwrap(BMITasks.task(id)).sampler()
            let se = try XCTUnwrap(s.mutualInformationError)
            XCTAssertEqual(s.mutualInformation, mi, accuracy: 5 * (se * se + 0.004 * 0.004).squareRoot(), id)
            XCTAssertEqual(s.dx, BMITasks.task(id)!.dx)
        }
    }

    func testMetaDataSetsDependOnlyOnSeedAndIndex() throws {
        let meta = try MetaDistribution()
        XCTAssertEqual(meta.families.count, 16)
        var a = try meta.draw(seed: 3, index: 17), b = try meta.draw(seed: 3, index: 17)
        XCTAssertEqual(a.family, b.family); XCTAssertEqual(a.rows, b.rows)
        XCTAssertEqual(a.sampler.sample(5, rng: &a.rng), b.sampler.sample(5, rng: &b.rng))
        var seen = Set<String>()
        for i in 0..<400 {
            let d = try meta.draw(seed: 1, index: UInt64(i))
            XCTAssert((10...500).contains(d.rows)); XCTAssert((2...32).contains(d.sampler.dx))
            XCTAssertEqual(d.sampler.dx, d.sampler.dy)
            XCTAssert(d.sampler.mutualInformation.isFinite && d.sampler.mutualInformation >= 0)
            seen.insert(d.family.description)
        }
        XCTAssertEqual(seen.count, 16)
    }

    func testMetaOptionsReachTheDraws() throws {
        var meta = try MetaDistribution(families: ["normal-dense-base", "student-2pair-asinh"])
        meta.dimension = 1...3; meta.independentDimensions = true; meta.sampleSize = 5...6
        var unequal = false
        for i in 0..<50 {
            let d = try meta.draw(seed: 2, index: UInt64(i))
            XCTAssert((1...3).contains(d.sampler.dx) && (1...3).contains(d.sampler.dy))
            unequal = unequal || d.sampler.dx != d.sampler.dy
        }
        XCTAssertTrue(unequal)
        XCTAssertThrowsError(try MetaDistribution(families: ["student-lvm-base"]))
    }

    /// Families with spiral and swiss-roll maps: the parameters drawn before the map (and so the true MI)
    /// are those of the family without it; swissroll makes X 2-D from a 1-D X; the spiral keeps each
    /// variable's norm (a rotation) and is reproducible.
    func testExtendedFamiliesKeepTheBaseTruth() throws {
        XCTAssertEqual(MetaDistribution.familyList("mist,normal-sparse-spiral").count, 17)
        XCTAssertEqual(MetaDistribution.familyList("extended"), MetaDistribution.extendedFamilies)
        for (mapped, plain) in [
            ("normal-sparse-spiral", "normal-sparse-base"), ("student-sparse-spiral", "student-sparse-base"),
            ("normal-dense-normal-cdf+spiral", "normal-dense-base"), ("normal-sparse-normal-cdf+swissroll", "normal-sparse-base")
        ] {
            var a = try MetaDistribution(families: [mapped]), b = try MetaDistribution(families: [plain])
            a.dimension = 1...6; b.dimension = 1...6
            for i in 0..<20 {
                let x = try a.draw(seed: 4, index: UInt64(i))
                let swiss = mapped.hasSuffix("swissroll")
                var bb = b
                if swiss { bb.dimension = 1...1 }
                let y = try bb.draw(seed: 4, index: UInt64(i))
                XCTAssertEqual(x.rows, y.rows, mapped)
                XCTAssertEqual(x.sampler.mutualInformation, y.sampler.mutualInformation, accuracy: 1e-12, mapped)
                XCTAssertEqual(x.sampler.dx, swiss ? 2 : y.sampler.dx, mapped)
                XCTAssertEqual(x.sampler.dy, y.sampler.dy, mapped)
            }
        }
        // The spiral rotates: per-row norms of X and Y equal those of the unrotated draw from the same stream.
        var meta = try MetaDistribution(families: ["normal-sparse-spiral"])
        meta.dimension = 3...3
        var d = try meta.draw(seed: 9, index: 0)
        let base = (d.sampler as! TransformedSampler).base
        var r1 = d.rng
        let spun = d.sampler.sample(50, rng: &d.rng), plain = base.sample(50, rng: &r1)
        func norms(_ v: [Double], _ cols: Range<Int>) -> [Double] { (0..<50).map { r in cols.reduce(0) { $0 + v[r * 6 + $1] * v[r * 6 + $1] } } }
        for cols in [0..<3, 3..<6] {
            for (p, q) in zip(norms(spun, cols), norms(plain, cols)) { XCTAssertEqual(p, q, accuracy: 1e-9 * max(1, q)) }
        }
        XCTAssertNotEqual(spun, plain)
        XCTAssertThrowsError(try MetaDistribution(families: ["additive-noise-swissroll"]))
        XCTAssertThrowsError(try MetaDistribution(families: ["normal-dense-spiral+base"]))
        XCTAssertThrowsError(try MetaDistribution(families: ["normal-dense-shear"]))
        XCTAssertThrowsError(try MetaDistribution(families: ["mix-dense-base"]))  // mix takes structure random
    }
}
