import XCTest
@testable import MINeural
@testable import MITensor

final class DataParallelTests: XCTestCase {
    /// Two replicas on half a batch each give the gradient of the whole batch on one model.
    func testShardedGradientsEqualTheWholeBatchGradient() {
        Tensor.setThreadCount(1)
        let config = SetTransformerConfig(inputDim: 3, width: 8, heads: 2, inducingPoints: 4, layers: 1, outputDim: 1)
        var rng = RandomStream(seed: 4)
        let model = SetTransformer(config, rng: &rng)
        let x = Tensor.randomNormal([6, 10, 3], rng: &rng), y = Tensor.randomNormal([6, 1], rng: &rng)

        model.zeroGrad()
        Loss.meanSquaredError(model(Variable(x)), Variable(y)).backward()
        let whole = model.parameters.map { $0.value.grad! }

        let replicas = (0..<2).map { _ -> SetTransformer in
            var r = RandomStream(seed: 99); return SetTransformer(config, rng: &r)
        }
        let parallel = DataParallel(model: model, replicas: replicas)
        model.zeroGrad()
        let losses = parallel.run { replica, shard -> Double in
            // Shard i: sets 3i..<3i+3; each shard's mean loss weighted by its share of the batch.
            let xs = x.slice(axis: 0, (3 * shard)..<(3 * shard + 3)), ys = y.slice(axis: 0, (3 * shard)..<(3 * shard + 3))
            let loss = Loss.meanSquaredError(replica(Variable(xs)), Variable(ys)) * 0.5
            loss.backward()
            return Double(loss.value.scalars[0])
        }
        XCTAssertEqual(losses.count, 2)
        for (g, (key, p)) in zip(whole, model.parameters) {
            let a = g.scalars, b = p.grad!.scalars
            for i in a.indices { XCTAssertEqual(a[i], b[i], accuracy: 1e-5 * max(1, abs(a[i])), key) }
        }
    }
}
