// LayerNorm and GroupNorm, composed from autodiff primitives (no gradient code here).

import MITensor

/// Layer normalisation over the last axis (Ba et al. 2016; PyTorch nn.LayerNorm(d)):
/// y = (x − mean) / √(var + eps) · weight + bias, var the biased variance. weight = 1, bias = 0 at init.
/// One fused primitive (MITensor's `layerNorm`), the normalisation and the affine map in one pass.
public struct LayerNorm: Module {
    public let weight: Variable  // (d)
    public let bias: Variable  // (d)
    public let eps: Float

    public init(size: Int, eps: Float = 1e-5) {
        self.init(
            weight: Variable(Tensor.ones([size]), requiresGrad: true),
            bias: Variable(Tensor.zeros([size]), requiresGrad: true), eps: eps)
    }

    /// From given parameter nodes, each of shape (d).
    public init(weight: Variable, bias: Variable, eps: Float = 1e-5) {
        precondition(weight.shape.count == 1 && bias.shape == weight.shape, "LayerNorm: \(weight.shape), \(bias.shape)")
        self.weight = weight
        self.bias = bias
        self.eps = eps
    }

    public var ownParameters: [(name: String, value: Variable)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(x.shape.last == weight.shape[0], "LayerNorm(\(weight.shape[0])) on input \(x.shape)")
        return x.layerNorm(weight: weight, bias: bias, eps: eps)
    }
}

/// (x − mean) / √(var + eps) over the last axis, biased variance (a fused primitive in MITensor).
func normalizeLastAxis(_ x: Variable, eps: Float) -> Variable { x.normalizedLastAxis(eps: eps) }

/// Group normalisation (Wu & He 2018; PyTorch nn.GroupNorm(groups, channels)). x: (N, C, *) with the
/// channels on axis 1; each sample's C/groups channels of a group (and all positions *) share one mean
/// and variance; then a per-channel affine map. weight = 1, bias = 0 at init.
public struct GroupNorm: Module {
    public let groups: Int
    public let weight: Variable  // (C)
    public let bias: Variable  // (C)
    public let eps: Float

    public init(groups: Int, channels: Int, eps: Float = 1e-5) {
        precondition(groups > 0 && channels % groups == 0, "GroupNorm: \(channels) channels in \(groups) groups")
        self.groups = groups
        self.weight = Variable(Tensor.ones([channels]), requiresGrad: true)
        self.bias = Variable(Tensor.zeros([channels]), requiresGrad: true)
        self.eps = eps
    }

    public var ownParameters: [(name: String, value: Variable)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Variable) -> Variable {
        let c = weight.shape[0]
        precondition(x.shape.count >= 2 && x.shape[1] == c, "GroupNorm(\(c) channels) on input \(x.shape)")
        let n = x.shape[0]
        let normalized = normalizeLastAxis(x.reshaped([n, groups, -1]), eps: eps).reshaped(x.shape)
        // weight, bias (C) → (C, 1, ..., 1) so they broadcast over positions.
        let affine = [c] + [Int](repeating: 1, count: x.shape.count - 2)
        return normalized * weight.reshaped(affine) + bias.reshaped(affine)
    }
}
