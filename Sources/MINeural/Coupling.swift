// Affine coupling layer (Dinh et al. 2017, RealNVP §3.3) with its log-determinant.
//
// x: (N, D) split into a conditioning part x_a (D_a columns) and a transformed part x_b (D − D_a):
//   (s̃, t) = net(x_a),  s = tanh(s̃)                   net: MLP D_a → hidden → 2·(D − D_a)
//   y_a = x_a,  y_b = x_b ⊙ eˢ + t,  log|det ∂y/∂x| = Σ s          (triangular Jacobian)
// inverse: x_b = (y_b − t) ⊙ e⁻ˢ. tanh bounds the log-scale for stability (as in many RealNVP ports).
// `flip` exchanges the halves' roles: the conditioning part is then the last D_a columns.

import MITensor

public struct AffineCoupling: Module {
    public let dim: Int
    public let conditioningDim: Int
    public let flip: Bool
    public let net: MLP

    public init(dim: Int, hidden: Int, flip: Bool = false, rng: inout RandomStream) {
        precondition(dim >= 2, "coupling needs at least 2 dimensions")
        self.dim = dim
        self.flip = flip
        conditioningDim = flip ? dim - dim / 2 : dim / 2
        net = MLP(sizes: [conditioningDim, hidden, hidden, 2 * (dim - conditioningDim)], rng: &rng)
    }

    public var children: [(name: String, module: any Module)] { [("net", net)] }

    /// (conditioning, transformed) column ranges.
    var parts: (a: Range<Int>, b: Range<Int>) {
        let tb = dim - conditioningDim
        return flip ? (tb..<dim, 0..<tb) : (0..<conditioningDim, conditioningDim..<dim)
    }

    /// (s, t), each (N, D − D_a).
    func scaleShift(_ xa: Variable) -> (s: Variable, t: Variable) {
        let st = net(xa), tb = dim - conditioningDim
        return (st.slice(axis: 1, 0..<tb).tanh(), st.slice(axis: 1, tb..<(2 * tb)))
    }

    func join(_ a: Variable, _ b: Variable) -> Variable {
        flip ? Variable.concat([b, a], axis: 1) : Variable.concat([a, b], axis: 1)
    }

    /// x (N, D) → (y (N, D), log|det ∂y/∂x| (N)).
    public func forward(_ x: Variable) -> (y: Variable, logDet: Variable) {
        precondition(x.shape.count == 2 && x.shape[1] == dim, "coupling(\(dim)) on input \(x.shape)")
        let (ra, rb) = parts
        let xa = x.slice(axis: 1, ra), xb = x.slice(axis: 1, rb)
        let (s, t) = scaleShift(xa)
        return (join(xa, xb * s.exp() + t), s.sum(axis: 1))
    }

    /// y (N, D) → x with forward(x).y = y.
    public func inverse(_ y: Variable) -> Variable {
        let (ra, rb) = parts
        let ya = y.slice(axis: 1, ra), yb = y.slice(axis: 1, rb)
        let (s, t) = scaleShift(ya)
        return join(ya, (yb - t) * (-s).exp())
    }
}
