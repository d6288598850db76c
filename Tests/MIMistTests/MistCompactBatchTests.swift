// The compact batch (each data set's own columns, no padding to maxDim) against the padded-token
// forward pass it replaces, at maxDim = 128; gradients of the first layer the same; and a model
// widened from a smaller maxDim computing what the small one computed.

import XCTest
import MIEstimators
import MINeural
import MITensor
@testable import MIMist

final class MistCompactBatchTests: XCTestCase {
    static func config(maxDim: Int) -> MistConfig {
        var c = MistModelTests.tiny(summary: true)
        c.maxDim = maxDim
        return c
    }

    func model(_ c: MistConfig, seed: UInt64 = 5) -> MistModel {
        var rng = RandomStream(seed: seed)
        let m = MistModel(c, rng: &rng)
        if let last = m.head.layers.layers.last { last.weight.assign(Tensor.randomNormal(last.weight.shape, rng: &rng) * 0.3) }
        return m
    }

    func testCompactBatchEqualsPaddedTokensAndEachDataSetAloneAtD128() throws {
        let c = Self.config(maxDim: 128)
        let m = model(c)
        let samples = [
            MistModelTests.sample(rows: 12, dx: 128, dy: 128, seed: 1), MistModelTests.sample(rows: 30, dx: 1, dy: 1, seed: 2),
            MistModelTests.sample(rows: 7, dx: 64, dy: 3, seed: 3), MistModelTests.sample(rows: 30, dx: 5, dy: 128, seed: 4)
        ]
        let inputs = try samples.map { try MistInput.encode($0, config: c) }
        let compact = withNoGrad { m(MistBatch(inputs, summaries: true)) }.value.scalars
        let (tokens, mask, sums) = MistInput.batch(inputs.map(\.tokens), summaries: inputs.map(\.summary), tokenWidth: c.tokenWidth)
        let padded = withNoGrad { m(tokens, mask: mask, summary: sums) }.value.scalars
        let k = c.headOutputs
        for i in inputs.indices {
            let alone = withNoGrad { m(MistBatch([inputs[i]], summaries: true)) }.value.scalars
            for j in 0..<k {
                XCTAssertEqual(compact[i * k + j], padded[i * k + j], accuracy: 2e-5, "set \(i): compact vs padded")
                XCTAssertEqual(compact[i * k + j], alone[j], accuracy: 2e-5, "set \(i): in a batch vs alone")
            }
        }
    }

    func testCompactBatchGradientsEqualThePaddedOnes() throws {
        let c = Self.config(maxDim: 16)
        let samples = [MistModelTests.sample(rows: 9, dx: 3, dy: 16, seed: 5), MistModelTests.sample(rows: 14, dx: 2, dy: 1, seed: 6)]
        let inputs = try samples.map { try MistInput.encode($0, config: c) }
        func gradients(_ compact: Bool) -> [String: [Float]] {
            let m = model(c)
            let out: Variable
            if compact {
                out = m(MistBatch(inputs, summaries: true))
            } else {
                let (t, mask, s) = MistInput.batch(inputs.map(\.tokens), summaries: inputs.map(\.summary), tokenWidth: c.tokenWidth)
                out = m(t, mask: mask, summary: s)
            }
            (out * out).sum().backward()
            return Dictionary(uniqueKeysWithValues: m.parameters.map { ($0.key, $0.value.grad?.scalars ?? []) })
        }
        let (a, b) = (gradients(true), gradients(false))
        for (key, g) in a {
            let h = try XCTUnwrap(b[key])
            XCTAssertEqual(g.count, h.count, key)
            for (x, y) in zip(g, h) { XCTAssertEqual(x, y, accuracy: 1e-4 * max(1, abs(y)), key) }
        }
    }

    func testWidenedModelComputesWhatTheSmallOneDid() throws {
        let small = model(Self.config(maxDim: 4), seed: 8)
        let wide = model(Self.config(maxDim: 32), seed: 9)
        let stored = Dictionary(uniqueKeysWithValues: small.parameters.map { ($0.key, $0.value.value) })
        for (key, p) in wide.parameters {
            let source = key == "embed0.weight" ? try XCTUnwrap(MistModel.widenedTokenWeight(stored[key]!, toMaxDim: 32)) : stored[key]!
            p.assign(source)
        }
        for (dx, dy) in [(1, 1), (4, 2), (3, 4)] {
            let s = MistModelTests.sample(rows: 20, dx: dx, dy: dy, seed: UInt64(dx * 10 + dy))
            let a = withNoGrad { small(MistBatch([try! MistInput.encode(s, config: small.config)], summaries: true)) }.value.scalars
            let b = withNoGrad { wide(MistBatch([try! MistInput.encode(s, config: wide.config)], summaries: true)) }.value.scalars
            for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-5, "dx \(dx) dy \(dy)") }
        }
        XCTAssertNil(MistModel.widenedTokenWeight(stored["embed0.weight"]!, toMaxDim: 4), "not wider")
    }
}
