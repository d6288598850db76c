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
import CProcessor

extension Tensor {
    /// Softmax over the last axis, shifted by the row maximum (a row of all −inf gives NaN, as the
    /// composite does; attention never forms one).
    public func softmaxLastAxis() -> Tensor { softmaxLastAxis(avx2: VectorExp.avx2, avx512: VectorExp.avx512) }

    /// The same, all rows in one AVX-512 or AVX2 call (CProcessor: the same steps, the same bits) or
    /// row by row here (the tests compare them). Rows of attention over 16 inducing points are short:
    /// the calls per row were a fifth of a softmax's time; e^ is most of the rest.
    func softmaxLastAxis(avx2: Bool, avx512: Bool = false) -> Tensor {
        let n = shape.last ?? 1
        var out = Tensor(uninitializedShape: shape)
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { z in
                if avx512 && count > 0 && n > 0 {
                    return mi_softmax_rows_avx512(p.baseAddress!, z.baseAddress!, count / n, n)
                }
                if avx2 && count > 0 && n > 0 {
                    return mi_softmax_rows_avx2(p.baseAddress!, z.baseAddress!, count / n, n)
                }
                var r = 0
                while r < count {
                    let m = Self.rowMaximum(p.baseAddress! + r, count: n)
                    let s = VectorExp.shiftedExp(p.baseAddress! + r, z.baseAddress! + r, count: n, shift: m)
                    let inv = 1 / s
                    for j in r..<(r + n) { z[j] *= inv }
                    r += n
                }
            }
        }
        return out
    }

    /// The largest of `count` floats, eight lanes at a time (NaN ignored); 0 when it is not finite
    /// (a row of −∞, or one holding +∞).
    @inline(__always)
    static func rowMaximum(_ p: UnsafePointer<Float>, count n: Int) -> Float {
        var m8 = SIMD8<Float>(repeating: -.infinity)
        var j = 0
        while j + 8 <= n {
            let v = UnsafeRawPointer(p + j).loadUnaligned(as: SIMD8<Float>.self)
            m8.replace(with: v, where: v .> m8)
            j += 8
        }
        var m = -Float.infinity
        for l in 0..<8 where m8[l] > m { m = m8[l] }
        while j < n { if p[j] > m { m = p[j] }; j += 1 }
        return m.isFinite ? m : 0
    }

    /// (x − mean)/√(var + eps) over the last axis (biased variance), and 1/√(var + eps) per row.
    public func normalizedLastAxis(eps: Float) -> (normalized: Tensor, inverseStd: Tensor) {
        let (xhat, _, rstd) = normalizedRows(eps: eps, weight: nil, bias: nil, keepNormalized: false)
        return (xhat, rstd)
    }

    /// Row by row over the last axis: x̂ = (x − mean)/√(var + eps) and, given weight and bias (each
    /// as long as a row), y = x̂·weight + bias in the same pass; x̂ is kept when asked (a gradient
    /// needs it) or when there is no affine map (then it is the output). Returns (y or x̂, x̂, rstd).
    /// `avx2`: all rows in one AVX2 call (CProcessor: the same steps, the same bits), else the loop
    /// here (the tests compare the two).
    func normalizedRows(
        eps: Float, weight: Tensor?, bias: Tensor?, keepNormalized: Bool, avx2: Bool = VectorExp.avx2
    ) -> (output: Tensor, normalized: Tensor?, inverseStd: Tensor) {
        let n = shape.last ?? 1
        let affine = weight != nil, keep = weight != nil && keepNormalized
        var out = Tensor(uninitializedShape: shape)
        var xhat = Tensor(uninitializedShape: keep ? shape : [0])
        var rstd = Tensor(uninitializedShape: Array(shape.dropLast()) + [1])
        let w = weight ?? Tensor(uninitializedShape: [0]), b = bias ?? Tensor(uninitializedShape: [0])
        withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { y in
                xhat.withUnsafeMutableBufferPointer { xh in
                    w.withUnsafeBufferPointer { wp in
                        b.withUnsafeBufferPointer { bp in
                            rstd.withUnsafeMutableBufferPointer { rs in
                                let (gamma, beta) = affine ? (wp.baseAddress, bp.baseAddress) : (nil, nil)
                                if avx2 && rs.count > 0 && n > 0 {
                                    return mi_layer_norm_rows_avx2(
                                        p.baseAddress!, y.baseAddress!, keep ? xh.baseAddress! : nil, rs.baseAddress!, gamma, beta, rs.count, n, eps)
                                }
                                for row in 0..<rs.count {
                                    // Offset pointers, so that each loop over the row vectorises.
                                    let x = p.baseAddress! + row * n, z = y.baseAddress! + row * n
                                    let (mean, inv) = Self.moments(x, count: n, eps: eps)
                                    rs[row] = inv
                                    if let gamma, let beta {
                                        if keep {
                                            let h = xh.baseAddress! + row * n
                                            for j in 0..<n { h[j] = (x[j] - mean) * inv }
                                            for j in 0..<n { z[j] = h[j] * gamma[j] + beta[j] }
                                        } else {
                                            for j in 0..<n { z[j] = (x[j] - mean) * inv * gamma[j] + beta[j] }
                                        }
                                    } else {
                                        for j in 0..<n { z[j] = (x[j] - mean) * inv }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (out, keep ? xhat : (affine ? nil : out), rstd)
    }

    /// Mean and 1/√(var + eps) (biased variance) of `count` floats: each sum taken eight lanes at a
    /// time, then across the lanes, then the tail (a serial sum was most of a LayerNorm's time).
    @inline(__always)
    static func moments(_ p: UnsafePointer<Float>, count n: Int, eps: Float) -> (mean: Float, inverseStd: Float) {
        var acc = SIMD8<Float>(repeating: 0)
        var j = 0
        while j + 8 <= n { acc += UnsafeRawPointer(p + j).loadUnaligned(as: SIMD8<Float>.self); j += 8 }
        var s = acc.sum()
        while j < n { s += p[j]; j += 1 }
        let mean = s / Float(n), m8 = SIMD8<Float>(repeating: mean)
        acc = SIMD8<Float>(repeating: 0)
        j = 0
        while j + 8 <= n {
            let d = UnsafeRawPointer(p + j).loadUnaligned(as: SIMD8<Float>.self) - m8
            acc += d * d
            j += 8
        }
        var v = acc.sum()
        while j < n { let d = p[j] - mean; v += d * d; j += 1 }
        return (mean, 1 / (v / Float(n) + eps).squareRoot())
    }

    /// The backward of x̂ = normalisation of a's rows, for an incoming gradient g on x̂:
    /// ∂a = (g − mean(g) − x̂·mean(g⊙x̂)) · rstd, row by row.
    static func normalizationGradient(_ g: Tensor, normalized xhat: Tensor, inverseStd rstd: Tensor) -> Tensor {
        let n = xhat.shape.last ?? 1
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
        return ga
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
        return Variable.primitive(xhat, [self]) { g, _ in
            [Tensor.normalizationGradient(g, normalized: xhat, inverseStd: rstd)]
        }
    }

    // y = x̂⊙γ + β, x̂ as above and γ, β (the last axis's length) shared by every row (LayerNorm);
    // ∂β = Σ_rows g, ∂γ = Σ_rows g⊙x̂, ∂a = the normalisation's backward of g⊙γ.
    public func layerNorm(weight: Variable, bias: Variable, eps: Float) -> Variable {
        let n = shape.last ?? 1
        precondition(weight.shape == [n] && bias.shape == [n], "layerNorm: weight \(weight.shape), bias \(bias.shape) for rows of \(n)")
        let inputs = [self, weight, bias]
        let recorded = GradMode.isEnabled && inputs.contains { $0.requiresGrad }
        let (y, xhat, rstd) = value.normalizedRows(eps: eps, weight: weight.value, bias: bias.value, keepNormalized: recorded)
        guard recorded, let xhat else { return Variable(y) }
        let gamma = weight.value
        return Variable.primitive(y, inputs) { g, needs in
            let lead = Array(g.shape.dropLast()).reduce(1, *)
            let rows = g.reshaped([lead, n])
            let ga = needs[0] ? Tensor.normalizationGradient(g * gamma, normalized: xhat, inverseStd: rstd) : nil
            let gw = needs[1] ? (rows * xhat.reshaped([lead, n])).sum(axis: 0) : nil
            let gb = needs[2] ? rows.sum(axis: 0) : nil
            return [ga, gw, gb]
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
