// Gradient clipping by global norm, learning-rate schedules and an exponential moving average of weights.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// Scales every gradient by min(1, maxNorm / (‖g‖ + 1e-6)), ‖g‖ the L2 norm of all gradients together
/// (PyTorch clip_grad_norm_). Returns ‖g‖ before clipping.
@discardableResult
public func clipGradientsByGlobalNorm(_ parameters: [(key: String, value: Variable)], maxNorm: Float) -> Float {
    var total = 0.0
    for (_, p) in parameters {
        guard let g = p.grad else { continue }
        g.withUnsafeBufferPointer { for x in $0 { total += Double(x) * Double(x) } }
    }
    let norm = Float(total.squareRoot())
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
        for (_, p) in parameters where p.grad != nil { p.grad = p.grad! * coefficient }
    }
    return norm
}

/// Learning rate as a function of the 0-based step.
public enum LearningRateSchedule: Sendable, Equatable {
    /// lr.
    case constant(Float)
    /// floor + (peak − floor)·(1 + cos(π·min(t, T)/T))/2  (PyTorch CosineAnnealingLR, closed form).
    case cosine(peak: Float, totalSteps: Int, floor: Float)
    /// peak·(t + 1)/W for t < W, then peak.
    case linearWarmup(peak: Float, warmupSteps: Int)
    /// Linear warm-up over W steps, then cosine from peak to floor over the remaining T − W steps.
    case warmupCosine(peak: Float, warmupSteps: Int, totalSteps: Int, floor: Float)

    public func learningRate(step t: Int) -> Float {
        func cosine(_ peak: Float, _ floor: Float, _ t: Int, _ total: Int) -> Float {
            let progress = Double(Swift.min(Swift.max(t, 0), total)) / Double(Swift.max(total, 1))
            return floor + (peak - floor) * Float((1 + Glibc.cos(Double.pi * progress)) / 2)
        }
        switch self {
        case .constant(let lr): return lr
        case .cosine(let peak, let total, let floor): return cosine(peak, floor, t, total)
        case .linearWarmup(let peak, let w):
            return t < w ? peak * Float(t + 1) / Float(w) : peak
        case .warmupCosine(let peak, let w, let total, let floor):
            return t < w ? peak * Float(t + 1) / Float(w) : cosine(peak, floor, t - w, total - w)
        }
    }
}

/// Reduce-on-plateau (PyTorch ReduceLROnPlateau, mode "min", relative threshold): after more than
/// `patience` observations without improvement below best·(1 − threshold), lr ← max(lr·factor, minimum),
/// then `cooldown` observations during which bad ones are not counted.
public struct ReduceOnPlateau: Sendable, Equatable {
    public private(set) var learningRate: Float
    public let factor: Float, patience: Int, threshold: Float, cooldown: Int, minimum: Float
    public private(set) var best: Float = .infinity
    public private(set) var badObservations = 0
    public private(set) var cooldownLeft = 0

    public init(
        learningRate: Float, factor: Float = 0.1, patience: Int = 10, threshold: Float = 1e-4,
        cooldown: Int = 0, minimum: Float = 0
    ) {
        self.learningRate = learningRate
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.cooldown = cooldown
        self.minimum = minimum
    }

    /// Records one validation metric (lower is better); returns the learning rate to use next.
    @discardableResult
    public mutating func observe(_ metric: Float) -> Float {
        if metric < best * (1 - threshold) {
            best = metric
            badObservations = 0
        } else {
            badObservations += 1
        }
        if cooldownLeft > 0 {
            cooldownLeft -= 1
            badObservations = 0
        }
        if badObservations > patience {
            learningRate = Swift.max(learningRate * factor, minimum)
            cooldownLeft = cooldown
            badObservations = 0
        }
        return learningRate
    }
}

/// Exponential moving average of parameters, keyed by path: shadow ← d·shadow + (1 − d)·p, the shadow
/// starting at the parameter's value on the first update.
public struct ExponentialMovingAverage: Sendable {
    public let decay: Float
    public private(set) var shadow: [String: Tensor] = [:]

    public init(decay: Float) {
        precondition(decay >= 0 && decay < 1, "EMA decay \(decay) outside [0, 1)")
        self.decay = decay
    }

    public mutating func update(_ parameters: [(key: String, value: Variable)]) {
        for (key, p) in parameters {
            shadow[key] = shadow[key].map { $0 * decay + p.value * (1 - decay) } ?? p.value
        }
    }

    /// Writes the averages into the parameters (e.g. for evaluation).
    public func copy(into parameters: [(key: String, value: Variable)]) {
        for (key, p) in parameters { if let s = shadow[key] { p.assign(s) } }
    }
}
