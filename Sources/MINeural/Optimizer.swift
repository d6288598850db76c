// Optimizers are per-parameter functions (grad, param, state) → (param, state); a step over a model
// applies one to every parameter, with the state kept by the caller keyed by parameter path (the keys
// that checkpoints use too).

import MITensor

public protocol ParameterOptimizer {
    associatedtype State
    /// One update of one parameter; `state` nil means the parameter's first step.
    func update(grad: Tensor, param: Tensor, state: consuming State?) -> (param: Tensor, state: State)
}

extension ParameterOptimizer {
    /// One step for every parameter that has a gradient, state keyed by parameter path.
    public func step(_ parameters: [(key: String, value: Variable)], states: inout [String: State]) {
        for (key, p) in parameters {
            guard let g = p.grad else { continue }
            // Taken out of the dictionary so the optimizer holds the only reference: its buffers are
            // then updated in place rather than copied first.
            let (np, ns) = update(grad: g, param: p.value, state: states.removeValue(forKey: key))
            p.assign(np)
            states[key] = ns
        }
    }
}
