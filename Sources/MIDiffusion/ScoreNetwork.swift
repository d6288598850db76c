// MINDE's noise-prediction network ε̂(z, τ): a residual MLP on the concatenated pair z = (x, y) with
// a per-variable time vector τ = (τ_X, τ_Y) (the reference's "MLP with skip connections"):
//
//   temb = Linear(H→H)(GELU(Linear(2→H)(τ)))                  (raw times, no sinusoids)
//   h0   = Linear(D→H)(z)
//   h    = ResBlock(H→H) applied `blocks` times to h0          (the paper-era "mid blocks", 2)
//   h    = ResBlock(2H→H)([h, h0])                             (the skip, concatenated)
//   out  = Linear(H→D)(SiLU(GroupNorm₈(h)))                    (weights and bias start at 0)
//   ResBlock(a→b): u = Linear(a→b)(SiLU(GN₈(x))) + Linear(H→b)(SiLU(temb));
//                  u = Linear(b→b)(SiLU(GN₈(u)));  u + (a ≠ b ? Linear(a→b)(x) : x)
//
// The width H follows the pair's dimension D = dx + dy: 64 up to 10, 128 up to 50, 256 above. Every
// layer is MINeural's; the gradients are the primitives'.

import MINeural
import MITensor

struct ResidualBlock: Module {
    let norm1: GroupNorm, fc1: Linear, time: Linear, norm2: GroupNorm, fc2: Linear
    let skip: Linear?

    init(input a: Int, output b: Int, timeWidth: Int, rng: inout RandomStream) {
        norm1 = GroupNorm(groups: ScoreNetwork.groups(a), channels: a)
        fc1 = Linear(inputSize: a, outputSize: b, rng: &rng)
        time = Linear(inputSize: timeWidth, outputSize: b, rng: &rng)
        norm2 = GroupNorm(groups: ScoreNetwork.groups(b), channels: b)
        fc2 = Linear(inputSize: b, outputSize: b, rng: &rng)
        skip = a == b ? nil : Linear(inputSize: a, outputSize: b, rng: &rng)
    }

    var children: [(name: String, module: any Module)] {
        [("norm1", norm1), ("fc1", fc1), ("time", time), ("norm2", norm2), ("fc2", fc2)] + (skip.map { [("skip", $0 as any Module)] } ?? [])
    }

    /// x (N, a), activated time embedding SiLU(temb) (N, H) → (N, b).
    func callAsFunction(_ x: Variable, time activated: Variable) -> Variable {
        let u = fc1(norm1(x).silu()) + time(activated)
        let v = fc2(norm2(u).silu())
        return v + (skip.map { $0(x) } ?? x)
    }
}

public struct ScoreNetwork: Module {
    public let width: Int
    public let dimension: Int
    let timeIn: Linear, timeOut: Linear, input: Linear
    let blocks: ModuleList<ResidualBlock>
    let merge: ResidualBlock
    let headNorm: GroupNorm, head: Linear

    /// The reference's width for a pair of dimension D.
    public static func width(dimension d: Int) -> Int { d <= 10 ? 64 : d <= 50 ? 128 : 256 }
    /// Eight groups (the reference's GroupNorm(8, ·)); fewer when the width is not a multiple of 8.
    static func groups(_ channels: Int) -> Int { channels % 8 == 0 ? 8 : channels % 4 == 0 ? 4 : 1 }

    public init(dimension d: Int, width h: Int? = nil, blocks count: Int = 2, rng: inout RandomStream) {
        let h = h ?? Self.width(dimension: d)
        width = h; dimension = d
        timeIn = Linear(inputSize: 2, outputSize: h, rng: &rng)
        timeOut = Linear(inputSize: h, outputSize: h, rng: &rng)
        input = Linear(inputSize: d, outputSize: h, rng: &rng)
        var bs: [ResidualBlock] = []
        for _ in 0..<count { bs.append(ResidualBlock(input: h, output: h, timeWidth: h, rng: &rng)) }
        blocks = ModuleList(bs)
        merge = ResidualBlock(input: 2 * h, output: h, timeWidth: h, rng: &rng)
        headNorm = GroupNorm(groups: Self.groups(h), channels: h)
        head = Linear(weight: Tensor.zeros([d, h]), bias: Tensor.zeros([d]))
    }

    public var children: [(name: String, module: any Module)] {
        [("time_in", timeIn), ("time_out", timeOut), ("input", input), ("blocks", blocks), ("merge", merge), ("head_norm", headNorm), ("head", head)]
    }

    /// z (N, D), τ (N, 2) → the predicted noise (N, D).
    public func callAsFunction(_ z: Variable, times tau: Variable) -> Variable {
        let temb = timeOut(timeIn(tau).gelu()).silu()
        let h0 = input(z)
        var h = h0
        for b in blocks.layers { h = b(h, time: temb) }
        h = merge(Variable.concat([h, h0], axis: 1), time: temb)
        return head(headNorm(h).silu())
    }
}
