// One training step of MINDE's default score network and of the default variational critic, timed
// (Benchmarks/steps.sh runs the same steps in PyTorch beside them):
//   score  dx = dy = 5 (D = 10, width 64, 2 residual blocks), batch 128, minde-c's mixture, Adam
//          1e-3, EMA 0.999: MINDEStep, the step MINDETrainer.fit runs;
//   critic dx = dy = 5, hidden 16,8, batch 256 (every one of the 65536 pairs scored), InfoNCE, Adam
//          0.1: CriticStep, the step VariationalTrainer.fit runs.
//   bench-steps [--threads T] [--steps S] [--warmup W]     median ms per step of each, one line each
// Outside the product graph: not installed, no man page.

import Foundation
import MIDiffusion
import MINeural
import MITensor
import MIVariational

var threads = 1, steps = 50, warmup = 5
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--threads": threads = Int(args.popFirst() ?? "") ?? threads
    case "--steps": steps = Int(args.popFirst() ?? "") ?? steps
    case "--warmup": warmup = Int(args.popFirst() ?? "") ?? warmup
    default:
        FileHandle.standardError.write("bench-steps: error: unknown argument \(a)\n".data(using: .utf8)!)
        exit(64)
    }
}
Tensor.setThreadCount(threads)
Allocator.retainFreedMemory()

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }
func time(steps: Int, warmup: Int, _ body: () -> Void) -> Double {
    for _ in 0..<warmup { body() }
    var ms: [Double] = []
    for _ in 0..<steps {
        let t0 = now()
        body()
        ms.append((now() - t0) * 1000)
    }
    return median(ms)
}

var rng = RandomStream(seed: 0)
let d = 10, batch = 128
let network = ScoreNetwork(dimension: d, rng: &rng)
var score = MINDEStep(network: network, config: MINDEConfiguration(), dx: 5, dy: 5)
let clean = Tensor.randomNormal([batch, d], rng: &rng).scalars
let scoreMs = time(steps: steps, warmup: warmup) { _ = score.step(clean: clean, rng: &rng) }
print(String(format: "score_step_ms=%.3f", scoreMs))

var vc = VariationalConfiguration()
vc.bound = .infonce
let critic = Critic(dx: 5, dy: 5, hidden: vc.hidden, rng: &rng)
var criticStep = CriticStep(critic: critic, config: vc, batch: vc.batchSize)
let x = Tensor.randomNormal([vc.batchSize, 5], rng: &rng), y = Tensor.randomNormal([vc.batchSize, 5], rng: &rng)
let criticMs = time(steps: steps, warmup: warmup) { _ = criticStep.step(x: x, y: y) }
print(String(format: "critic_step_ms=%.3f", criticMs))
