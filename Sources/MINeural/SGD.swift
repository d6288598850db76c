// Stochastic gradient descent with momentum as a per-parameter function (PyTorch torch.optim.SGD):
//   g ← g + λ·p                              (L2 weight decay, matrices only unless told otherwise)
//   b ← g on the first step, else μ·b + (1 − dampening)·g
//   p ← p − lr·b                             (μ = 0: plain SGD, no buffer kept)

import MITensor

public struct SGDState: Sendable {
    /// The momentum buffer b; nil for plain SGD (μ = 0).
    public var momentumBuffer: Tensor?
}

public struct SGD: ParameterOptimizer, Sendable {
    public var learningRate: Float
    public var momentum: Float
    public var dampening: Float
    public var weightDecay: Float
    public var decaysOnlyMatrices: Bool

    public init(
        learningRate: Float, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0,
        decaysOnlyMatrices: Bool = true
    ) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.decaysOnlyMatrices = decaysOnlyMatrices
    }

    /// One update of one parameter; `state` nil means the first step.
    public func update(grad: Tensor, param: Tensor, state: consuming SGDState?) -> (param: Tensor, state: SGDState) {
        let buffer = state?.momentumBuffer
        precondition(grad.shape == param.shape, "SGD: grad \(grad.shape) for param \(param.shape)")
        let wd = decaysOnlyMatrices && param.rank < 2 ? 0 : weightDecay
        let g = wd == 0 ? grad : grad + param * wd
        var direction = g
        var newBuffer: Tensor? = nil
        if momentum != 0 {
            direction = buffer.map { $0 * momentum + g * (1 - dampening) } ?? g
            newBuffer = direction
        }
        return (param - direction * learningRate, SGDState(momentumBuffer: newBuffer))
    }
}
