// Composites promoted to primitives for speed: softmax and layer normalisation over the last axis,
// and the SiLU and GELU activations (as composites of softplus, exp and products they took 5–12
// passes each way; in MINDE's score network they were a third of a training step).
//
// Why: as composites each took 7–9 elementwise/reduction passes (each allocating a full temporary) in
// the forward pass and about twice as many in the backward pass; attention and LayerNorm dominate a
// set-transformer step outside sgemm (Benchmarks/bench-core). One row loop each way now. The composite
// definitions remain the oracle: the tests compare values and finite-difference gradients.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

extension Tensor {
    /// Softmax over the last axis, shifted by the row maximum (a row of all −inf gives NaN, as the
    /// composite does; attention never forms one).
    public func softmaxLastAxis() -> Tensor {
        let n = shape.last ?? 1
        var out = Tensor(uninitializedShape: shape)
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { z in
                var r = 0
                while r < count {
                    var m = -Float.infinity
                    for j in r..<(r + n) where p[j] > m { m = p[j] }
                    if !m.isFinite { m = 0 }
                    let s = VectorExp.shiftedExp(p.baseAddress! + r, z.baseAddress! + r, count: n, shift: m)
                    let inv = 1 / s
                    for j in r..<(r + n) { z[j] *= inv }
                    r += n
                }
            }
        }
        return out
    }

    /// (x − mean)/√(var + eps) over the last axis (biased variance), and 1/√(var + eps) per row.
    public func normalizedLastAxis(eps: Float) -> (normalized: Tensor, inverseStd: Tensor) {
        let n = shape.last ?? 1
        var out = Tensor(uninitializedShape: shape)
        var rstd = Tensor(uninitializedShape: Array(shape.dropLast()) + [1])
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { y in
                rstd.withUnsafeMutableBufferPointer { rs in
                    for row in 0..<rs.count {
                        let r = row * n
                        var s: Float = 0
                        for j in r..<(r + n) { s += p[j] }
                        let mean = s / Float(n)
                        var v: Float = 0
                        for j in r..<(r + n) { let d = p[j] - mean; v += d * d }
                        let inv = 1 / (v / Float(n) + eps).squareRoot()
                        rs[row] = inv
                        for j in r..<(r + n) { y[j] = (p[j] - mean) * inv }
                    }
                }
            }
        }
        return (out, rstd)
    }
}

extension Variable {
    // z = softmax(a) along the last axis;  ∂a = z ⊙ (g − Σ_row g⊙z). Other axes: the composite.
    public func softmax(axis: Int) -> Variable {
        guard value.axis(axis) == shape.count - 1 else { return logSoftmax(axis: axis).exp() }
        let z = value.softmaxLastAxis()
        let n = shape.last ?? 1
        return Variable.primitive(z, [self]) { g, _ in
            var ga = Tensor(uninitializedShape: z.shape)
            g.withUnsafeBufferPointer { gp in
                z.withUnsafeBufferPointer { zp in
                    ga.withUnsafeMutableBufferPointer { out in
                        var r = 0
                        while r < out.count {
                            var dot: Float = 0
                            for j in r..<(r + n) { dot += gp[j] * zp[j] }
                            for j in r..<(r + n) { out[j] = zp[j] * (gp[j] - dot) }
                            r += n
                        }
                    }
                }
            }
            return [ga]
        }
    }

    // x̂ = (a − μ)/σ along the last axis, σ = √(var + eps);
    // ∂a = (g − mean(g) − x̂·mean(g⊙x̂)) / σ   (row-wise means; Ba et al. 2016 backward).
    public func normalizedLastAxis(eps: Float) -> Variable {
        let (xhat, rstd) = value.normalizedLastAxis(eps: eps)
        let n = shape.last ?? 1
        return Variable.primitive(xhat, [self]) { g, _ in
            var ga = Tensor(uninitializedShape: xhat.shape)
            g.withUnsafeBufferPointer { gp in
                xhat.withUnsafeBufferPointer { xp in
                    rstd.withUnsafeBufferPointer { rs in
                        ga.withUnsafeMutableBufferPointer { out in
                            for row in 0..<rs.count {
                                let r = row * n
                                var sg: Float = 0, sgx: Float = 0
                                for j in r..<(r + n) { sg += gp[j]; sgx += gp[j] * xp[j] }
                                let (mg, mgx) = (sg / Float(n), sgx / Float(n))
                                for j in r..<(r + n) { out[j] = (gp[j] - mg - xp[j] * mgx) * rs[row] }
                            }
                        }
                    }
                }
            }
            return [ga]
        }
    }
}

extension Variable {
    // z = x·σ(x), σ(x) = 1/(1 + e^{−x});  ∂x = g·(σ + x·σ·(1 − σ))
    /// SiLU / swish (PyTorch nn.SiLU).
    public func silu() -> Variable {
        let x = value
        let s = x.map { 1 / (1 + Glibc.exp(-$0)) }
        return Variable.primitive(Tensor.zip(x, s) { $0 * $1 }, [self]) { g, _ in
            [Tensor.zip(g, Tensor.zip(x, s) { $1 * (1 + $0 * (1 - $1)) }) { $0 * $1 }]
        }
    }

    // z = ½x(1 + tanh u), u = c(x + 0.044715x³), c = √(2/π);
    // ∂x = g·(½(1 + tanh u) + ½x(1 − tanh² u)·c(1 + 3·0.044715x²))
    /// GELU, tanh approximation (Hendrycks & Gimpel 2016; PyTorch nn.GELU(approximate="tanh")).
    public func gelu() -> Variable {
        let x = value
        let c = Float((2.0 / Double.pi).squareRoot())
        let th = x.map { Glibc.tanh(c * ($0 + 0.044715 * $0 * $0 * $0)) }
        return Variable.primitive(Tensor.zip(x, th) { 0.5 * $0 * (1 + $1) }, [self]) { g, _ in
            let d = Tensor.zip(x, th) { x, t in 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x) }
            return [Tensor.zip(g, d) { $0 * $1 }]
        }
    }
}
