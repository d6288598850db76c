// Hyperbolic primitives for the sinh-arcsinh flow layer (MINeural/SinhArcsinh.swift), each with its VJP.
//
// Why primitives and not composites: asinh x = log(x + √(x² + 1)) loses all precision for x ≪ 0 in
// float32 (x + √(x² + 1) cancels; at x = −100 the relative error is 2e-3), and composing sinh from exp
// costs four passes. The values come from libm (asinhf, sinhf, coshf), accurate for every x.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

extension Tensor {
    public func asinh() -> Tensor { map { Glibc.asinh($0) } }
    public func sinh() -> Tensor { map { Glibc.sinh($0) } }
    public func cosh() -> Tensor { map { Glibc.cosh($0) } }
}

extension Variable {
    // z = asinh a;  ∂a = g / √(1 + a²)
    public func asinh() -> Variable {
        let a = value
        return Variable.primitive(a.asinh(), [self]) { g, _ in [Tensor.zip(g, a) { $0 / (1 + $1 * $1).squareRoot() }] }
    }

    // z = sinh a;  ∂a = g·cosh a
    public func sinh() -> Variable {
        let a = value
        return Variable.primitive(a.sinh(), [self]) { g, _ in [g * a.cosh()] }
    }
}

extension Variable {
    /// log cosh x = |x| + log(1 + e^{−2|x|}) − log 2, stable for all x (composite: no gradient code).
    public func logCosh() -> Variable {
        let a = abs()
        return a + (-2 * a).softplus() - Float(Glibc.log(2.0))
    }
}
