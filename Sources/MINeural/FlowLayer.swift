// Invertible layers for normalizing flows: each maps x (N, D) → y (N, D) with its log-determinant.
//
// A flow is trained in the data → latent direction (forward, with the graph) and sampled in the latent
// → data direction (inverse, no graph). Every layer's inverse is exact (closed form or a solve), and
// its log |det ∂y/∂x| is analytic (tests compare it with the numerically computed Jacobian).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

public protocol FlowLayer: Module {
    /// x (N, D) → (y (N, D), log |det ∂y/∂x| per row: shape (N), or rank 0 when the same for every row).
    func forward(_ x: Variable) -> (y: Variable, logDet: Variable)
    /// y (N, D) → x with forward(x).y = y; no graph.
    func inverse(_ y: Tensor) -> Tensor
}

extension AffineCoupling: FlowLayer {
    public func inverse(_ y: Tensor) -> Tensor { withNoGrad { inverse(Variable(y)).value } }

    /// Zeroes the last layer of the scale/shift network, so the coupling starts as the identity
    /// (s = tanh(0) = 0, t = 0): a deep flow then starts as the composition of its other layers.
    public func zeroInitializeOutput() {
        guard let last = net.layers.layers.last else { return }
        last.weight.assign(Tensor.zeros(last.weight.shape))
        if let b = last.bias { b.assign(Tensor.zeros(b.shape)) }
    }
}

/// Activation normalisation (Kingma & Dhariwal 2018, Glow §3.1): y = (x − loc) ⊙ exp(log_scale) per
/// column, log|det| = Σ log_scale. Initialised from data (`initialize(from:)`) so that its output has
/// zero median and unit robust spread per column; trainable afterwards.
public struct ActNorm: FlowLayer {
    public let loc: Variable  // (D)
    public let logScale: Variable  // (D)

    public init(dim: Int) {
        loc = Variable(Tensor.zeros([dim]), requiresGrad: true)
        logScale = Variable(Tensor.zeros([dim]), requiresGrad: true)
    }

    public var ownParameters: [(name: String, value: Variable)] { [("loc", loc), ("log_scale", logScale)] }

    public func forward(_ x: Variable) -> (y: Variable, logDet: Variable) {
        ((x - loc) * logScale.exp(), logScale.sum())
    }

    public func inverse(_ y: Tensor) -> Tensor { y * (-logScale.value).exp() + loc.value }

    /// Data-dependent initialisation, robust to heavy tails: loc = column median, scale = 1/(IQR/1.349)
    /// (the IQR of a standard normal is 1.349); a column with zero IQR falls back to its standard deviation.
    public func initialize(from x: Tensor) {
        let (n, d) = (x.shape[0], x.shape[1])
        var locs = [Float](repeating: 0, count: d), logs = [Float](repeating: 0, count: d)
        x.withUnsafeBufferPointer { p in
            var column = [Float](repeating: 0, count: n)
            for j in 0..<d {
                for i in 0..<n { column[i] = p[i * d + j] }
                column.sort()
                func quantile(_ q: Double) -> Float {
                    let h = q * Double(n - 1), lo = Int(h), hi = Swift.min(lo + 1, n - 1)
                    return column[lo] + Float(h - Double(lo)) * (column[hi] - column[lo])
                }
                locs[j] = quantile(0.5)
                var spread = (quantile(0.75) - quantile(0.25)) / 1.349
                if !(spread > 1e-6) {
                    let mean = column.reduce(0, +) / Float(n)
                    spread = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(n)).squareRoot()
                }
                logs[j] = spread > 1e-6 ? -Glibc.log(spread) : 0
            }
        }
        loc.assign(Tensor(locs, shape: [d]))
        logScale.assign(Tensor(logs, shape: [d]))
    }
}

/// The sinh-arcsinh transform per column (Jones & Pewsey 2009), a monotone map that changes skewness
/// and tail weight: y = sinh(δ·asinh(x) − ε), δ = exp(log_tail) > 0, ε = skew.
///   log |dy/dx| = log δ + log cosh(δ·asinh x − ε) − ½·log(1 + x²)
///   inverse:      x = sinh((asinh y + ε)/δ)
/// The identity at initialisation (δ = 1, ε = 0). This is what lets a flow on a 1-D variable be
/// anything but affine (coupling layers need two or more dimensions).
public struct SinhArcsinh: FlowLayer {
    public let skew: Variable  // ε (D)
    public let logTail: Variable  // log δ (D)

    public init(dim: Int) {
        skew = Variable(Tensor.zeros([dim]), requiresGrad: true)
        logTail = Variable(Tensor.zeros([dim]), requiresGrad: true)
    }

    public var ownParameters: [(name: String, value: Variable)] { [("skew", skew), ("log_tail", logTail)] }

    public func forward(_ x: Variable) -> (y: Variable, logDet: Variable) {
        let u = logTail.exp() * x.asinh() - skew
        let perColumn = logTail + u.logCosh() - 0.5 * (x * x + 1).log()
        return (u.sinh(), perColumn.sum(axis: 1))
    }

    public func inverse(_ y: Tensor) -> Tensor {
        ((y.asinh() + skew.value) * (-logTail.value).exp()).sinh()
    }
}
