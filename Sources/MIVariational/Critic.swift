// The critic T(x, y): an MLP on the concatenated pair (BMI's joint critic), scored on every pair of
// a batch at once.

import MINeural
import MITensor

public struct Critic: Module {
    public let network: MLP

    /// hidden: the widths between the input (dx + dy) and the scalar output; ReLU between layers.
    public init(dx: Int, dy: Int, hidden: [Int], rng: inout RandomStream) {
        network = MLP(sizes: [dx + dy] + hidden + [1], rng: &rng)
    }

    public var children: [(name: String, module: any Module)] { [("network", network)] }

    /// S_ij = T(x_i, y_j) for a batch x (B, dx), y (B, dy): (B, B).
    func scores(x: Variable, y: Variable, layout: ScoreLayout) -> Variable {
        let pairs = Variable.concat([x.gatherRows(layout.xRows), y.gatherRows(layout.yRows)], axis: 1)
        return network(pairs).reshaped([layout.size, layout.size])
    }
}
