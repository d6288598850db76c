import Dispatch
import MITensor

/// Data parallelism over model replicas: shard i of a batch runs forward and backward on replica i,
/// each with its own autodiff graph on its own thread; the replicas' gradients are then summed into
/// the model's parameters in replica order, so the result is the same for a given replica count.
///
/// Replicas hold the model's current weights (copy-on-write tensors: no copy is made) and must have
/// its architecture (same parameter keys and shapes). Keep one thread per op
/// (`Tensor.setThreadCount(1)`): the parallelism is here, and nested threads only contend.
public final class DataParallel<M: Module> {
    public let model: M
    public let replicas: [M]
    private let modelParameters: [Variable]
    private let replicaParameters: [[Variable]]

    /// `replicas` may be empty (one replica: the model itself).
    public init(model: M, replicas: [M]) {
        let keys = model.parameters.map(\.key)
        for r in replicas {
            precondition(r.parameters.map(\.key) == keys, "a replica's parameters differ from the model's")
        }
        self.model = model
        self.replicas = replicas.isEmpty ? [model] : replicas
        modelParameters = model.parameters.map(\.value)
        replicaParameters = replicas.isEmpty ? [] : replicas.map { $0.parameters.map(\.value) }
    }

    public var count: Int { replicas.count }

    /// Runs `body(replica, shard)` for shards 0..<count in parallel, then leaves the sum of the
    /// replicas' gradients on the model's parameters (added to what they already hold). Returns
    /// each shard's result, in shard order.
    public func run<R>(_ body: (M, Int) -> R) -> [R] {
        guard !replicaParameters.isEmpty else { return [body(model, 0)] }
        for ps in replicaParameters {
            for (p, q) in zip(ps, modelParameters) { p.zeroGrad(); p.assign(q.value) }
        }
        var results = [R?](repeating: nil, count: replicas.count)
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let slots = out.baseAddress!
            nonisolated(unsafe) let reps = replicas
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: reps.count) { i in slots[i] = work(reps[i], i) }
        }
        for (j, p) in modelParameters.enumerated() {
            for ps in replicaParameters {
                guard let g = ps[j].grad else { continue }
                if p.grad == nil { p.grad = g } else { p.grad!.addInPlace(g) }
            }
        }
        return results.map { $0! }
    }
}
