// Invertible linear mixing between coupling layers: y = x·Wᵀ.
//
//   permutation: W = P, the column reversal (log|det| = 0), so successive couplings condition on
//                alternating halves.
//   lu:          W = P·L·(U + diag(exp(s)))  (Kingma & Dhariwal 2018, Glow §3.2, "LU-decomposed"):
//                L unit lower triangular, U strictly upper triangular, log|det W| = Σ s. P is the fixed
//                reversal, so at initialisation (L = I, U = 0, s = 0) the layer is the permutation.
// Inverse: W is formed in Double and solved by Gaussian elimination with partial pivoting.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

public struct InvertibleLinear: FlowLayer {
    public enum Kind: String, CaseIterable, Sendable { case lu, permutation }
    public let dim: Int
    public let kind: Kind
    public let lower: Variable?  // (D, D), strictly lower part used
    public let upper: Variable?  // (D, D), strictly upper part used
    public let logDiagonal: Variable?  // (D)
    let reversal: Tensor, lowerMask: Tensor, upperMask: Tensor, identity: Tensor

    public init(dim: Int, kind: Kind) {
        self.dim = dim
        self.kind = kind
        var p = Tensor.zeros([dim, dim]), lm = Tensor.zeros([dim, dim]), um = Tensor.zeros([dim, dim])
        var eye = Tensor.zeros([dim, dim])
        for i in 0..<dim {
            p[i, dim - 1 - i] = 1
            eye[i, i] = 1
            for j in 0..<dim { if j < i { lm[i, j] = 1 } else if j > i { um[i, j] = 1 } }
        }
        (reversal, lowerMask, upperMask, identity) = (p, lm, um, eye)
        if kind == .lu {
            lower = Variable(Tensor.zeros([dim, dim]), requiresGrad: true)
            upper = Variable(Tensor.zeros([dim, dim]), requiresGrad: true)
            logDiagonal = Variable(Tensor.zeros([dim]), requiresGrad: true)
        } else {
            (lower, upper, logDiagonal) = (nil, nil, nil)
        }
    }

    public var ownParameters: [(name: String, value: Variable)] {
        guard let lower, let upper, let logDiagonal else { return [] }
        return [("lower", lower), ("upper", upper), ("log_diag", logDiagonal)]
    }

    /// W (D, D) as a graph node.
    public func weight() -> Variable {
        guard let lower, let upper, let logDiagonal else { return Variable(reversal) }
        let l = lower * Variable(lowerMask) + Variable(identity)
        let u = upper * Variable(upperMask) + Variable(identity) * logDiagonal.exp()  // diag(e^s) by column scaling
        return Variable.matmul(Variable(reversal), Variable.matmul(l, u))
    }

    public func forward(_ x: Variable) -> (y: Variable, logDet: Variable) {
        let y = Variable.matmul(x, weight(), transposeB: true)
        return (y, logDiagonal?.sum() ?? Variable(0))
    }

    public func inverse(_ y: Tensor) -> Tensor {
        let w = withNoGrad { weight().value }.scalars.map { Double($0) }
        let inv = InvertibleLinear.invert(w, order: dim)
        // x = y·W⁻ᵀ
        return Tensor.matmul(y, Tensor(inv.map { Float($0) }, shape: [dim, dim]), transposeB: true)
    }

    /// A⁻¹ by Gauss–Jordan elimination with partial pivoting (row-major, small n).
    static func invert(_ a: [Double], order n: Int) -> [Double] {
        var m = a
        var inv = [Double](repeating: 0, count: n * n)
        for i in 0..<n { inv[i * n + i] = 1 }
        for c in 0..<n {
            var pivot = c
            for r in (c + 1)..<max(n, c + 1) where abs(m[r * n + c]) > abs(m[pivot * n + c]) { pivot = r }
            if pivot != c {
                for k in 0..<n { m.swapAt(c * n + k, pivot * n + k); inv.swapAt(c * n + k, pivot * n + k) }
            }
            let d = m[c * n + c]
            for k in 0..<n { m[c * n + k] /= d; inv[c * n + k] /= d }
            for r in 0..<n where r != c {
                let f = m[r * n + c]
                if f == 0 { continue }
                for k in 0..<n { m[r * n + k] -= f * m[c * n + k]; inv[r * n + k] -= f * inv[c * n + k] }
            }
        }
        return inv
    }
}
