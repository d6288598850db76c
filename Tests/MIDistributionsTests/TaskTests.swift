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
            "student-identity-5-5-2": 0.448151, "asinh-student-identity-5-5-2": 0.448151,
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
        for (id, mi) in [("1v1-X-0.9", 0.412), ("1v1-AI", 0.778), ("2v1-galaxy-0.5-3.0", 0.496), ("3v1-concentric_gaussians-5", 0.458),
                         ("mult-sparse-w-inliers-5-5-2-2.0-0.5", 0.269)] {
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
}
