// Adam and AdamW as per-parameter functions (grad, param, state) → (param, state).
//
// Kingma & Ba 2015, Algorithm 1, with PyTorch's conventions (torch.optim.Adam / AdamW):
//   t ← t + 1
//   AdamW: p ← p·(1 − lr·λ)            (decoupled decay, Loshchilov & Hutter 2019)
//   Adam:  g ← g + λ·p                 (L2 penalty folded into the gradient)
//   m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
//   p ← p − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
// State is per parameter and keyed by the caller (by parameter path, e.g. "encoder.fc.weight").
// Weight decay applies only to matrices (rank ≥ 2) unless `decaysOnlyMatrices` is false: biases,
// LayerNorm gains, inducing points of shape (m, W)… are rank 1 or 3; (1, m, W) counts as a matrix.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

public struct AdamState: Sendable {
    public var m: Tensor
    public var v: Tensor
    public var step: Int

    public init(like param: Tensor) {
        m = Tensor.zeros(param.shape)
        v = Tensor.zeros(param.shape)
        step = 0
    }
}

public struct Adam: Sendable {
    public typealias State = AdamState
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    /// true: AdamW (decay the parameter directly); false: Adam with an L2 term in the gradient.
    public var decoupledWeightDecay: Bool
    /// Decay only parameters of rank ≥ 2 (weight matrices), not biases or normalisation gains.
    public var decaysOnlyMatrices: Bool

    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0, decoupledWeightDecay: Bool = false, decaysOnlyMatrices: Bool = true
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.decaysOnlyMatrices = decaysOnlyMatrices
    }

    /// PyTorch AdamW defaults (weight decay 0.01).
    public static func adamW(learningRate: Float = 1e-3, weightDecay: Float = 0.01) -> Adam {
        Adam(learningRate: learningRate, weightDecay: weightDecay, decoupledWeightDecay: true)
    }

    /// One update of one parameter; `state` nil means the first step.
    public func update(grad: Tensor, param: Tensor, state: consuming AdamState?) -> (param: Tensor, state: AdamState) {
        precondition(grad.shape == param.shape, "Adam: grad \(grad.shape) for param \(param.shape)")
        var s = state ?? AdamState(like: param)
        precondition(s.m.shape == param.shape, "Adam: state \(s.m.shape) for param \(param.shape)")
        s.step += 1
        let wd = decaysOnlyMatrices && param.rank < 2 ? 0 : weightDecay
        let (lr, b1, b2, eps) = (learningRate, beta1, beta2, epsilon)
        // Bias corrections in Double: β^t for large t underflows gracefully and stays accurate.
        let bc1 = Float(1 - Glibc.pow(Double(b1), Double(s.step)))
        let bc2 = Float(1 - Glibc.pow(Double(b2), Double(s.step)))
        let decay: Float = decoupledWeightDecay ? 1 - lr * wd : 1
        let l2: Float = decoupledWeightDecay ? 0 : wd
        var p = param
        grad.withUnsafeBufferPointer { g in
            s.m.withUnsafeMutableBufferPointer { m in
                s.v.withUnsafeMutableBufferPointer { v in
                    p.withUnsafeMutableBufferPointer { pb in
                        // Raw pointers, so the compiler can vectorise (the buffers' subscripts kept it scalar).
                        guard let g = g.baseAddress, let m = m.baseAddress, let v = v.baseAddress, let p = pb.baseAddress else { return }
                        for i in 0..<pb.count {
                            let gi = g[i] + l2 * p[i]
                            p[i] *= decay
                            m[i] = b1 * m[i] + (1 - b1) * gi
                            v[i] = b2 * v[i] + (1 - b2) * gi * gi
                            p[i] -= lr * (m[i] / bc1) / ((v[i] / bc2).squareRoot() + eps)
                        }
                    }
                }
            }
        }
        return (p, s)
    }
}

extension Adam: ParameterOptimizer {}
