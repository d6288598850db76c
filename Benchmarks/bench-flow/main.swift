// One training epoch of mi-flow's default MIENF model, timed: two flows (dx = dy = 5; 4 blocks of
// ActNorm, sinh-arcsinh, LU mixing, affine coupling with a 64-wide MLP; a final ActNorm), the
// tridiagonal Gaussian base, loss −mean log p(x, y), global-norm clipping at 10, AdamW on the flows
// (lr 2e-3, decay 1e-4 on matrices) and Adam on θ (lr 5e-2) — exactly the loop of MIENFTrainer, without
// the held-out evaluation. n_train rows in minibatches of `batch` (defaults: 1600 and 200, what
// `mi-flow estimate` uses at n = 2000). The PyTorch mirror is Benchmarks/bench_flow.py.
//
//   bench-flow [--threads T] [--epochs E] [--rows N] [--batch B] [--dim D]     median ms per epoch
// Outside the product graph: not installed, no man page.

import Foundation
import MIEstimators
import MIFlows
import MINeural
import MITensor

var threads = 1, epochs = 10, rows = 1600, batch = 200, dim = 5
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    let v = Int(args.popFirst() ?? "")
    switch (a, v) {
    case ("--threads", let v?): threads = v
    case ("--epochs", let v?): epochs = v
    case ("--rows", let v?): rows = v
    case ("--batch", let v?): batch = v
    case ("--dim", let v?): dim = v
    default:
        FileHandle.standardError.write("bench-flow: error: bad argument \(a)\n".data(using: .utf8)!)
        exit(64)
    }
}
Tensor.setThreadCount(threads)
var rng = RandomStream(seed: 0)
let cfg = VectorFlowConfig(dim: dim, couplings: 4, hidden: 64, mixing: .lu)
let model = FlowPair(x: cfg, y: cfg, rng: &rng)
// Correlated Gaussian data: y = 0.6 x + 0.8 ε.
let x = Tensor.randomNormal([rows, dim], rng: &rng)
let y = x * 0.6 + Tensor.randomNormal([rows, dim], rng: &rng) * 0.8
model.fx.initialize(from: x)
model.fy.initialize(from: y)
let params = model.parameters
let flowParams = params.filter { $0.key != "theta" }, thetaParams = params.filter { $0.key == "theta" }
let opt = Adam.adamW(learningRate: 2e-3, weightDecay: 1e-4), thetaOpt = Adam(learningRate: 5e-2)
var states: [String: AdamState] = [:]
Allocator.retainFreedMemory()

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
var times: [Double] = []
var lastLoss: Float = 0
for _ in 0..<(epochs + 2) {
    let t0 = now()
    var perm = Array(0..<rows)
    for i in stride(from: rows - 1, to: 0, by: -1) { perm.swapAt(i, rng.integer(in: 0...i)) }
    var start = 0
    while start < rows {
        let idx = Array(perm[start..<min(rows, start + batch)])
        start += batch
        model.zeroGrad()
        let loss = -model.logLikelihood(x: Variable(x.gatherRows(idx)), y: Variable(y.gatherRows(idx))).logp.mean()
        loss.backward()
        clipGradientsByGlobalNorm(params, maxNorm: 10)
        opt.step(flowParams, states: &states)
        thetaOpt.step(thetaParams, states: &states)
        lastLoss = loss.value.scalar
    }
    times.append(now() - t0)
}
let measured = times.dropFirst(2).sorted()
print("parameters=\(model.parameterCount) threads=\(threads) rows=\(rows) batch=\(batch) dim=\(dim) last_loss=\(lastLoss) mi=\(model.baseMutualInformation)")
print(String(format: "epoch_ms=%.2f", measured[measured.count / 2] * 1e3))
