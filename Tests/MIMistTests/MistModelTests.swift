// The MIST model's invariants, each against an oracle: padding vs. no padding, row order, the
// checkpoint round trip, monotone quantiles, monotone-transform invariance of the rank input.

import XCTest
import MIEstimators
import MINeural
import MITensor
@testable import MIMist

final class MistModelTests: XCTestCase {
    static func tiny(quantile: Bool = false, normalization: MistNormalization = .rank, summary: Bool = false) -> MistConfig {
        var c = MistConfig()
        (c.maxDim, c.embedHidden, c.width, c.heads, c.inducingPoints, c.poolSeeds) = (4, 16, 16, 2, 4, 3)
        (c.sabLayers, c.isabLayers, c.decoderLayers, c.headHidden, c.headLayers) = (1, 2, 1, 16, 2)
        c.quantile = quantile
        c.normalization = normalization
        c.summaryFeatures = summary
        return c
    }

    /// A correlated Gaussian sample: rows × (dx + dy).
    static func sample(rows: Int, dx: Int, dy: Int, seed: UInt64) -> PairedSample {
        var rng = RandomStream(seed: seed)
        var v: [Float] = []
        for _ in 0..<rows {
            let z = rng.normal()
            for _ in 0..<dx { v.append(Float(z + rng.normal())) }
            for _ in 0..<dy { v.append(Float(z + 0.5 * rng.normal())) }
        }
        return PairedSample(values: v, rows: rows, dx: dx, dy: dy)
    }

    func model(_ c: MistConfig, seed: UInt64 = 7) -> MistModel {
        var rng = RandomStream(seed: seed)
        let m = MistModel(c, rng: &rng)
        if c.summaryFeatures, let last = m.head.layers.layers.last {
            // A summary model starts with a zero correction; give it one so the tests see the whole path.
            last.weight.assign(Tensor.randomNormal(last.weight.shape, rng: &rng) * 0.3)
        }
        return m
    }

    func testPaddedBatchEqualsEachDataSetAlone() throws {
        for quantile in [false, true] {
            for summary in [false, true] {
                let c = Self.tiny(quantile: quantile, summary: summary)
                let m = model(c)
                let samples = [
                    Self.sample(rows: 9, dx: 1, dy: 3, seed: 1), Self.sample(rows: 25, dx: 4, dy: 2, seed: 2),
                    Self.sample(rows: 3, dx: 2, dy: 2, seed: 3)
                ]
                let inputs = try samples.map { try MistInput.encode($0, config: c) }
                let summaries = summary ? inputs.map(\.summary) : []
                let (batch, mask, sums) = MistInput.batch(inputs.map(\.tokens), summaries: summaries, tokenWidth: c.tokenWidth)
                XCTAssertEqual(batch.shape, [3, 25, c.tokenWidth])
                XCTAssertNotNil(mask)
                XCTAssertEqual(sums?.shape, summary ? [3, MistConfig.summaryWidth] : nil)
                let together = withNoGrad { m(batch, mask: mask, summary: sums) }.value.scalars
                let k = c.headOutputs
                for (i, input) in inputs.enumerated() {
                    let (alone, noMask, one) = MistInput.batch([input.tokens], summaries: summary ? [input.summary] : [], tokenWidth: c.tokenWidth)
                    XCTAssertNil(noMask)
                    let single = withNoGrad { m(alone, mask: nil, summary: one) }.value.scalars
                    for j in 0..<k { XCTAssertEqual(together[i * k + j], single[j], accuracy: 2e-5, "set \(i) output \(j) summary \(summary)") }
                }
            }
        }
    }

    /// The summary's GC is the Gaussian-copula estimator of MIEstimators on the same data (the shrinkage
    /// λ = ((dx + dy)/n)² is 1.6e-4 here); the third entry is log n / log 500.
    func testSummaryIsTheGaussianCopulaEstimate() throws {
        let s = Self.sample(rows: 400, dx: 2, dy: 3, seed: 21)
        let z = try MistInput.normalized(s, .rank)
        let summary = MistInput.summary(z, rows: 400, dx: 2, dy: 3)
        let gc = try GaussianCopulaEstimator().estimate(s)
        XCTAssertGreaterThan(gc, 0.3)
        XCTAssertEqual(Double(summary[0]), gc, accuracy: 2e-3 * gc)
        XCTAssertEqual(Double(summary[1]), log1p(gc), accuracy: 2e-3)
        XCTAssertEqual(Double(summary[2]), log(400) / log(500), accuracy: 1e-6)
        // Fewer rows than columns: the sample correlation is singular, the shrunk one is the identity.
        let few = Self.sample(rows: 4, dx: 3, dy: 3, seed: 22)
        let small = MistInput.summary(try MistInput.normalized(few, .rank), rows: 4, dx: 3, dy: 3)
        XCTAssertEqual(small[0], 0)
    }

    /// A fresh summary model's correction is zero: its estimate is GC (clipped at 0), for any data.
    func testFreshSummaryModelEstimatesGC() throws {
        var c = Self.tiny(summary: true)
        c.headLayers = 1
        var rng = RandomStream(seed: 5)
        let m = MistModel(c, rng: &rng)
        for (i, s) in [Self.sample(rows: 60, dx: 1, dy: 1, seed: 30), Self.sample(rows: 200, dx: 3, dy: 2, seed: 31)].enumerated() {
            let e = try MistEstimator(model: m).estimate(s)
            let z = try MistInput.normalized(s, .rank)
            XCTAssertEqual(e, Double(MistInput.summary(z, rows: s.rows, dx: s.dx, dy: s.dy)[0]), accuracy: 1e-6, "set \(i)")
            XCTAssertGreaterThan(e, 0.1)
        }
    }

    func testRowOrderDoesNotChangeTheEstimate() throws {
        let c = Self.tiny(quantile: true)
        let estimator = MistEstimator(model: model(c))
        let s = Self.sample(rows: 40, dx: 3, dy: 2, seed: 4)
        var rng = RandomStream(seed: 9)
        var order = Array(0..<40)
        for i in stride(from: 39, to: 0, by: -1) { order.swapAt(i, rng.integer(in: 0...i)) }
        let shuffled = PairedSample(values: order.flatMap { s.values[($0 * 5)..<($0 * 5 + 5)] }, rows: 40, dx: 3, dy: 2)
        let a = try estimator.estimateBatch([s], levels: [0.1, 0.9])[0].get()
        let b = try estimator.estimateBatch([shuffled], levels: [0.1, 0.9])[0].get()
        XCTAssertEqual(a.mi, b.mi, accuracy: 1e-5)
        for (x, y) in zip(a.quantiles, b.quantiles) { XCTAssertEqual(x, y, accuracy: 1e-5) }
    }

    func testRankInputIsInvariantToMonotoneTransforms() throws {
        let c = Self.tiny()
        let s = Self.sample(rows: 30, dx: 2, dy: 1, seed: 5)
        // x → exp(x) on X, y → y³ on Y: strictly increasing per coordinate.
        var t = s
        for r in 0..<30 {
            t.values[r * 3] = Foundation.exp(s.values[r * 3]); t.values[r * 3 + 1] = Foundation.exp(s.values[r * 3 + 1])
            t.values[r * 3 + 2] = s.values[r * 3 + 2] * s.values[r * 3 + 2] * s.values[r * 3 + 2]
        }
        XCTAssertEqual(try MistInput.tokens(s, config: c), try MistInput.tokens(t, config: c))
        // Ties share the mean rank: a constant column becomes all Φ⁻¹(1/2) = 0.
        let constant = PairedSample(values: [Float](repeating: 3, count: 8), rows: 4, dx: 1, dy: 1)
        XCTAssertEqual(try MistInput.normalized(constant, .rank), [Float](repeating: 0, count: 8))
        // Tokens carry which coordinates exist: dx = 2 of maxDim 4 in the X mask, dy = 1 in the Y mask.
        let row = Array(try MistInput.tokens(s, config: c)[0..<16])
        XCTAssertEqual(Array(row[8..<16]), [1, 1, 0, 0, 1, 0, 0, 0])
        XCTAssertEqual(Array(row[2..<4]) + Array(row[5..<8]), [0, 0, 0, 0, 0])
    }

    func testDimensionsOutsideTheModelAreRefused() {
        let estimator = MistEstimator(model: model(Self.tiny()))
        let wide = Self.sample(rows: 10, dx: 5, dy: 1, seed: 1)
        XCTAssertThrowsError(try estimator.estimate(wide)) { XCTAssertTrue("\($0)".contains("1 to 4 dimensions"), "\($0)") }
        var bad = Self.sample(rows: 10, dx: 1, dy: 1, seed: 1)
        bad.values[3] = .nan
        XCTAssertThrowsError(try estimator.estimate(bad)) { XCTAssertTrue("\($0)".contains("NaN"), "\($0)") }
    }

    func testQuantilesNeverCross() {
        var rng = RandomStream(seed: 3)
        let levels: [Float] = [0.001, 0.01, 0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.999]
        for _ in 0..<200 {
            let outputs = (0..<MistConfig().headOutputsQuantile).map { _ in Float(rng.normal() * 3) }
            let q = levels.map { MistQuantileBasis.quantile(outputs[...], tau: $0) }
            for i in 1..<q.count { XCTAssertLessThanOrEqual(q[i - 1], q[i] + 1e-12) }
            XCTAssertEqual(MistQuantileBasis.quantile(outputs[...], tau: 0.5), Double(outputs[0]), accuracy: 1e-6)
        }
    }

    func testLevelMapIsMonotoneAndRoundTrips() throws {
        var c = Self.tiny(quantile: true)
        XCTAssertEqual(c.modelTau(0.3), 0.3)
        c.levelMap = [MistLevelPoint(level: 0.1, tau: 0.02), MistLevelPoint(level: 0.5, tau: 0.45), MistLevelPoint(level: 0.8, tau: 0.97)]
        XCTAssertEqual(c.modelTau(0.5), 0.45, accuracy: 1e-6)
        XCTAssertEqual(c.modelTau(0.3), 0.235, accuracy: 1e-6)
        let taus = stride(from: Float(0.001), to: 1, by: 0.01).map { c.modelTau($0) }
        for i in 1..<taus.count { XCTAssertLessThanOrEqual(taus[i - 1], taus[i]) }
        XCTAssertTrue(taus.allSatisfy { $0 > 0 && $0 < 1 })
        XCTAssertEqual(try MistConfig(manifest: c.manifestFields, label: "x"), c)
    }

    func testLevelBinsChooseTheMapOfADataSetsSizeAndRoundTrip() throws {
        var c = Self.tiny(quantile: true)
        c.levelMap = [MistLevelPoint(level: 0.1, tau: 0.02), MistLevelPoint(level: 0.9, tau: 0.97)]
        c.levelBins = [
            MistLevelBin(rows: 100...499, dims: 2...8, points: [MistLevelPoint(level: 0.2, tau: 0.3), MistLevelPoint(level: 0.8, tau: 0.6)]),
            MistLevelBin(rows: 500...Int.max, dims: 33...Int.max, points: [MistLevelPoint(level: 0.5, tau: 0.4)])
        ]
        XCTAssertEqual(c.modelTau(0.5, rows: 200, dims: 5), 0.45, accuracy: 1e-6)  // the first bin
        XCTAssertEqual(c.modelTau(0.5, rows: 10_000, dims: 64), 0.4, accuracy: 1e-6)  // open ends
        XCTAssertEqual(c.modelTau(0.5, rows: 50, dims: 5), c.modelTau(0.5), accuracy: 1e-6)  // no bin: global
        XCTAssertEqual(c.modelTau(0.5), 0.495, accuracy: 1e-6)
        XCTAssertEqual(try MistConfig(manifest: c.manifestFields, label: "x"), c)
        var fields = c.manifestFields
        for bad in ["100-99/2-8=0.5:0.5", "100-499/2-8", "100-499=0.5:0.5", "1-2/3-4=0.5"] {
            fields["level_map_bins"] = bad
            XCTAssertThrowsError(try MistConfig(manifest: fields, label: "x"), bad) {
                XCTAssertTrue("\($0)".contains("level_map_bins is malformed"), "\($0)")
            }
        }
    }

    func testLevelMapsPerBinAreThoseOfTheBinsDataSetsAlone() throws {
        let estimator = MistEstimator(model: model(Self.tiny(quantile: true, summary: true)))
        let small = (0..<12).map { Self.sample(rows: 40, dx: 1, dy: 2, seed: 100 + UInt64($0)) }
        let large = (0..<12).map { Self.sample(rows: 120, dx: 2, dy: 2, seed: 200 + UInt64($0)) }
        let truths = (0..<24).map { 0.05 * Double($0 % 12) }
        let maps = estimator.levelMaps(small + large, truths: truths, perBin: 12)
        XCTAssertEqual(maps.bins.map(\.rows), [1...99, 100...299])
        XCTAssertEqual(maps.bins.map(\.dims), [2...8, 2...8])
        XCTAssertEqual(maps.bins[0].points, estimator.levelMaps(small, truths: Array(truths[..<12])).global)
        XCTAssertEqual(maps.bins[1].points, estimator.levelMaps(large, truths: Array(truths[12...])).global)
        XCTAssertTrue(estimator.levelMaps(small + large, truths: truths, perBin: 13).bins.isEmpty)
    }

    func testRecalibrationCountsTheQuantilesBelowZero() throws {
        // Independent data sets, truth 0: a quantile clipped to 0 would cover them at every level and
        // the map would send the 5% level to τ ≈ 0; the unclipped quantiles below 0 do not cover them.
        let estimator = MistEstimator(model: model(Self.tiny(quantile: true, summary: true)))
        var rng = RandomStream(seed: 3)
        let samples = (0..<40).map { _ in
            PairedSample(values: (0..<(60 * 3)).map { _ in Float(rng.normal()) }, rows: 60, dx: 1, dy: 2)
        }
        let grid = (1...99).map { Double($0) / 100 }
        let raw = estimator.estimateBatch(samples, levels: grid, clipped: false).map { try! $0.get().quantiles }
        let clipped = estimator.estimateBatch(samples, levels: [0.01]).map { try! $0.get().quantiles[0] }
        XCTAssertTrue(clipped.allSatisfy { $0 >= 0 })  // what the tools print: every truth 0 covered
        // The first point of the map: the first τ at which some data sets' truth 0 lies at or below
        // the raw quantile, with the fraction of them as its level.
        guard let k = grid.indices.first(where: { k in raw.contains { $0[k] >= 0 } }), k > 0 else {
            return XCTFail("the test needs raw 1% quantiles below 0")
        }
        let level = Float(raw.filter { $0[k] >= 0 }.count) / Float(samples.count)
        XCTAssertLessThan(level, 1)
        let map = estimator.levelMaps(samples, truths: Array(repeating: 0, count: samples.count)).global
        XCTAssertEqual(map.first, MistLevelPoint(level: level, tau: Float(grid[k])))
    }

    func testLargeDataSetsAreTheMeanOfTheirParts() throws {
        var c = Self.tiny()
        c.maxRows = 50
        let estimator = MistEstimator(model: model(c))
        let s = Self.sample(rows: 120, dx: 2, dy: 2, seed: 8)
        let parts = estimator.parts(rows: 120)
        XCTAssertEqual(parts.map(\.count), [40, 40, 40])
        XCTAssertEqual(Set(parts.flatMap { $0 }), Set(0..<120))
        // Oracle: the raw output of each part alone, averaged, then clipped at 0 (MI ≥ 0).
        var sum = 0.0
        for p in parts {
            let v = p.flatMap { s.values[($0 * 4)..<($0 * 4 + 4)] }
            let tokens = try MistInput.tokens(PairedSample(values: v, rows: p.count, dx: 2, dy: 2), config: c)
            let (t, _) = MistInput.batch([tokens], tokenWidth: c.tokenWidth)
            sum += Double(withNoGrad { estimator.model(t, mask: nil) }.value.scalar)
        }
        XCTAssertEqual(try estimator.estimate(s), max(0, sum / 3), accuracy: 1e-5)
    }
}

extension MistConfig {
    var headOutputsQuantile: Int { var c = self; c.quantile = true; return c.headOutputs }
}
