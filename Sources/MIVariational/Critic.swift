// The critic T(x, y): an MLP on the concatenated pair (BMI's joint critic), scored on every pair of
// a batch at once.

import MINeural
import MITensor

public struct Critic: Module {
    public let network: MLP

    /// hidden: the widths between the input (dx + dy) and the scalar output (at least one); ReLU
    /// between layers.
    public init(dx: Int, dy: Int, hidden: [Int], rng: inout RandomStream) {
        precondition(!hidden.isEmpty, "a critic needs at least one hidden layer")
        network = MLP(sizes: [dx + dy] + hidden + [1], rng: &rng)
    }

    public var children: [(name: String, module: any Module)] { [("network", network)] }

    /// T(x_i, y_i) for rows x (B, dx), y (B, dy): (B).
    func paired(x: Variable, y: Variable) -> Variable {
        network(Variable.concat([x, y], axis: 1)).reshaped([x.shape[0]])
    }

    /// S_ij = T(x_i, y_j) for a batch x (B, dx), y (B, dy): (B, B). The first layer is linear in the
    /// pair, W [x; y] + b = W_x x + W_y y + b: its products run on the B rows of x and of y, and
    /// only the pairwise sum (through its ReLU) is formed for the B² pairs.
    func scores(x: Variable, y: Variable, layout: ScoreLayout) -> Variable {
        precondition(x.shape[0] == layout.size && y.shape[0] == layout.size, "critic: batch \(x.shape), \(y.shape) for \(layout.size)")
        let first = network.layers.layers[0], dx = x.shape[1]
        let wx = first.weight.slice(axis: 1, 0..<dx), wy = first.weight.slice(axis: 1, dx..<first.inputSize)
        let ax = Variable.matmul(x, wx, transposeB: true), cy = Variable.matmul(y, wy, transposeB: true)
        let h = Variable.pairwiseReLU(ax, cy, bias: first.bias)
        return network.applying(h, fromLayer: 1).reshaped([layout.size, layout.size])
    }
}
