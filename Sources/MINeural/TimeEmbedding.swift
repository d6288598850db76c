// Sinusoidal time embedding (Vaswani et al. 2017 §3.5; the diffusion-model convention of Ho et al. 2020):
//   emb(t) = [sin(t·ω_0), ..., sin(t·ω_{h−1}), cos(t·ω_0), ..., cos(t·ω_{h−1})],  h = dim/2,
//   ω_i = maxPeriod^(−i/h).
// No parameters; differentiable in t (sin and cos are primitives), so a learned map can follow it.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

public struct SinusoidalTimeEmbedding: Module {
    public let dim: Int
    public let maxPeriod: Float

    public init(dim: Int, maxPeriod: Float = 10_000) {
        precondition(dim >= 2 && dim % 2 == 0, "time embedding dimension \(dim) must be even")
        self.dim = dim
        self.maxPeriod = maxPeriod
    }

    /// The frequencies ω_i, (dim/2).
    public var frequencies: Tensor {
        let h = dim / 2
        return Tensor(
            (0..<h).map { Float(Glibc.exp(-Glibc.log(Double(maxPeriod)) * Double($0) / Double(h))) },
            shape: [h])
    }

    /// t: (N) → (N, dim).
    public func callAsFunction(_ t: Variable) -> Variable {
        precondition(t.shape.count == 1, "time embedding of shape \(t.shape); expected (N)")
        let phase = t.reshaped([t.shape[0], 1]) * Variable(frequencies.reshaped([1, dim / 2]))  // (N, h)
        return Variable.concat([phase.sin(), phase.cos()], axis: 1)
    }
}
