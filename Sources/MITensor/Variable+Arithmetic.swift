// Elementwise primitives, each with its VJP beside it.
//
// Binary primitives broadcast (NumPy rules). Their VJPs compute the gradient at the broadcast output
// shape and hand it to `unbroadcast`, the one place that undoes broadcasting: the VJP of broadcasting an
// input of shape s to shape S is the sum over the broadcast axes (`Tensor.sum(toShape:)`).

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif

/// Gradient at the broadcast output shape → gradient for an input of `shape`.
@inline(__always)
func unbroadcast(_ g: Tensor, to shape: [Int]) -> Tensor { g.sum(toShape: shape) }

extension Variable {
    // z = a + b;  ∂a = g, ∂b = g
    public static func + (a: Variable, b: Variable) -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return primitive(a.value + b.value, [a, b]) { g, needs in
            [needs[0] ? unbroadcast(g, to: sa) : nil, needs[1] ? unbroadcast(g, to: sb) : nil]
        }
    }

    // z = a − b;  ∂a = g, ∂b = −g
    public static func - (a: Variable, b: Variable) -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return primitive(a.value - b.value, [a, b]) { g, needs in
            [needs[0] ? unbroadcast(g, to: sa) : nil, needs[1] ? unbroadcast(-g, to: sb) : nil]
        }
    }

    // z = a · b;  ∂a = g·b, ∂b = g·a
    public static func * (a: Variable, b: Variable) -> Variable {
        let (va, vb) = (a.value, b.value)
        return primitive(va * vb, [a, b]) { g, needs in
            [needs[0] ? unbroadcast(g * vb, to: va.shape) : nil, needs[1] ? unbroadcast(g * va, to: vb.shape) : nil]
        }
    }

    // z = a / b;  ∂a = g/b, ∂b = −g·a/b² = −g·z/b
    public static func / (a: Variable, b: Variable) -> Variable {
        let (va, vb) = (a.value, b.value)
        let z = va / vb
        return primitive(z, [a, b]) { g, needs in
            [
                needs[0] ? unbroadcast(g / vb, to: va.shape) : nil,
                needs[1] ? unbroadcast(-(g * z) / vb, to: vb.shape) : nil
            ]
        }
    }

    // z = −a;  ∂a = −g
    public static prefix func - (a: Variable) -> Variable {
        primitive(-a.value, [a]) { g, _ in [-g] }
    }

    // z = eᵃ;  ∂a = g·z
    public func exp() -> Variable {
        let z = value.exp()
        return Variable.primitive(z, [self]) { g, _ in [g * z] }
    }

    // z = log a;  ∂a = g/a
    public func log() -> Variable {
        let a = value
        return Variable.primitive(a.log(), [self]) { g, _ in [g / a] }
    }

    // z = √a;  ∂a = g/(2z)
    public func sqrt() -> Variable {
        let z = value.sqrt()
        return Variable.primitive(z, [self]) { g, _ in [Tensor.zip(g, z) { $0 * 0.5 / $1 }] }
    }

    // z = aᵖ (scalar p);  ∂a = g·p·aᵖ⁻¹
    public func pow(_ p: Float) -> Variable {
        let a = value
        return Variable.primitive(a.pow(p), [self]) { g, _ in [Tensor.zip(g, a) { $0 * p * Glibc.pow($1, p - 1) }] }
    }

    // z = sin a;  ∂a = g·cos a   (sinusoidal time embeddings)
    public func sin() -> Variable {
        let a = value
        return Variable.primitive(a.sin(), [self]) { g, _ in [g * a.cos()] }
    }

    // z = cos a;  ∂a = −g·sin a
    public func cos() -> Variable {
        let a = value
        return Variable.primitive(a.cos(), [self]) { g, _ in [-(g * a.sin())] }
    }

    // z = max(a, 0);  ∂a = g·[a > 0]  (0 at a = 0, as PyTorch)
    public func relu() -> Variable {
        let a = value
        return Variable.primitive(a.relu(), [self]) { g, _ in [Tensor.zip(g, a) { $1 > 0 ? $0 : 0 }] }
    }

    // z = max(a, b) elementwise, broadcasting;  ∂a = g·[a > b], ∂b = g·[a < b]; at a tie each gets g/2,
    // so |x| = maximum(x, −x) has derivative 0 at 0 and softplus (built on it) is exact at 0.
    public static func maximum(_ a: Variable, _ b: Variable) -> Variable {
        let (va, vb) = (a.value, b.value)
        return primitive(Tensor.maximum(va, vb), [a, b]) { g, needs in
            let wa = Tensor.zip(va, vb) { $0 > $1 ? 1 : ($0 == $1 ? 0.5 : 0) }
            let ga = g * wa
            return [
                needs[0] ? unbroadcast(ga, to: va.shape) : nil,
                needs[1] ? unbroadcast(g - ga, to: vb.shape) : nil
            ]
        }
    }

    // z = mask ≠ 0 ? a : b (mask a constant, all three broadcast);  ∂a = g where mask, ∂b = g elsewhere
    public static func select(_ mask: Tensor, _ a: Variable, _ b: Variable) -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        let zero = Tensor(0)
        return primitive(Tensor.select(mask, a.value, b.value), [a, b]) { g, needs in
            [
                needs[0] ? unbroadcast(Tensor.select(mask, g, zero), to: sa) : nil,
                needs[1] ? unbroadcast(Tensor.select(mask, zero, g), to: sb) : nil
            ]
        }
    }
}

// MARK: sugar over the primitives (no gradient code)

extension Variable {
    public static func + (a: Variable, s: Float) -> Variable { a + Variable(s) }
    public static func + (s: Float, a: Variable) -> Variable { Variable(s) + a }
    public static func - (a: Variable, s: Float) -> Variable { a - Variable(s) }
    public static func - (s: Float, a: Variable) -> Variable { Variable(s) - a }
    public static func * (a: Variable, s: Float) -> Variable { a * Variable(s) }
    public static func * (s: Float, a: Variable) -> Variable { Variable(s) * a }
    public static func / (a: Variable, s: Float) -> Variable { a * Variable(1 / s) }
    public static func / (s: Float, a: Variable) -> Variable { Variable(s) / a }
}
