// Which score one call of the network gives: each variable is diffused (its input x_t, its time t),
// clean (the conditioning input x_0, time 0) or marginalised (input 0, time 1) — the reference's
// masks 1, 0 and −1 — and the variants' training mixtures of them.

import MITensor

enum VariableRole { case diffused, clean, marginalised }

struct DiffusionTarget: Hashable {
    let x: VariableRole, y: VariableRole

    static let joint = DiffusionTarget(x: .diffused, y: .diffused)
    static let xGivenY = DiffusionTarget(x: .diffused, y: .clean)
    static let yGivenX = DiffusionTarget(x: .clean, y: .diffused)
    static let xMarginal = DiffusionTarget(x: .diffused, y: .marginalised)

    /// The scalar coordinates that are diffused (those the loss and the estimates read).
    func diffusedCount(dx: Int, dy: Int) -> Int { (x == .diffused ? dx : 0) + (y == .diffused ? dy : 0) }

    /// The network's inputs for a batch: z (N, D) from x_0, y_0 and their diffused x_t, y_t, and τ (N, 2).
    func inputs(_ b: NoisedBatch) -> (z: Tensor, tau: Tensor) {
        let n = b.rows, d = b.dx + b.dy
        var z = [Float](repeating: 0, count: n * d), tau = [Float](repeating: 0, count: n * 2)
        for i in 0..<n {
            for j in 0..<d {
                let role = j < b.dx ? x : y
                switch role {
                case .diffused: z[i * d + j] = b.noised[i * d + j]
                case .clean: z[i * d + j] = b.clean[i * d + j]
                case .marginalised: z[i * d + j] = 0
                }
            }
            tau[2 * i] = Self.time(x, b.times[i])
            tau[2 * i + 1] = Self.time(y, b.times[i])
        }
        return (Tensor(z, shape: [n, d]), Tensor(tau, shape: [n, 2]))
    }

    static func time(_ role: VariableRole, _ t: Float) -> Float {
        switch role {
        case .diffused: return t
        case .clean: return 0
        case .marginalised: return 1
        }
    }

    /// 1 on the diffused columns, 0 elsewhere: (1, D).
    func lossMask(dx: Int, dy: Int) -> Tensor {
        Tensor((0..<(dx + dy)).map { ($0 < dx ? x : y) == .diffused ? 1 : 0 }, shape: [1, dx + dy])
    }
}

/// A batch of clean rows (x_0, y_0) with one time and one noise draw per row, and the rows diffused
/// to that time: noised = α_t·clean + σ_t·ε. Every call of the network on the batch sees the same draw.
struct NoisedBatch {
    let rows: Int, dx: Int, dy: Int
    let clean: [Float], noise: [Float], noised: [Float]
    let times: [Float]
    /// σ_t per row.
    let sigmas: [Float]

    init(clean: [Float], dx: Int, dy: Int, times: [Double], sde: VPSDE, rng: inout RandomStream) {
        let d = dx + dy, n = times.count
        precondition(clean.count == n * d, "a noised batch needs a time per row")
        self.clean = clean; self.dx = dx; self.dy = dy; rows = n
        self.times = times.map { Float($0) }
        var noise = [Float](repeating: 0, count: n * d), noised = noise, sigmas = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let a = Float(sde.alpha(times[i])), s = Float(sde.variance(times[i]).squareRoot())
            sigmas[i] = s
            for j in 0..<d {
                let e = Float(rng.normal())
                noise[i * d + j] = e
                noised[i * d + j] = a * clean[i * d + j] + s * e
            }
        }
        self.noise = noise; self.noised = noised; self.sigmas = sigmas
    }
}

/// The variant's training mixture: the target each batch trains, with its probability.
extension MINDEVariant {
    var targets: [(target: DiffusionTarget, probability: Double)] {
        switch self {
        case .conditional: return [(.xMarginal, 0.5), (.xGivenY, 0.5)]
        // Weighted by the number of diffused variables, as the reference does.
        case .joint: return [(.joint, 0.5), (.xGivenY, 0.25), (.yGivenX, 0.25)]
        }
    }

    func drawTarget(_ rng: inout RandomStream) -> DiffusionTarget {
        let u = rng.uniform()
        var acc = 0.0
        for (t, p) in targets {
            acc += p
            if u < acc { return t }
        }
        return targets[targets.count - 1].target
    }
}
