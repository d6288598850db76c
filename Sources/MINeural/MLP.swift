// Multilayer perceptron, embeddings and dropout.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

/// Linear layers with ReLU between them (none after the last): sizes [in, h1, ..., out].
/// Keys "layers.0.weight", "layers.1.weight", ...
public struct MLP: Module {
    public let layers: ModuleList<Linear>

    public init(sizes: [Int], rng: inout RandomStream) {
        precondition(sizes.count >= 2, "MLP needs at least input and output sizes, got \(sizes)")
        var ls: [Linear] = []
        for i in 0..<(sizes.count - 1) {
            ls.append(Linear(inputSize: sizes[i], outputSize: sizes[i + 1], rng: &rng))
        }
        layers = ModuleList(ls)
    }

    public var children: [(name: String, module: any Module)] { [("layers", layers)] }

    /// x: (..., in) → (..., out).
    public func callAsFunction(_ x: Variable) -> Variable { applying(x, fromLayer: 0) }

    /// The layers from `start` on, with a ReLU after each but the last, on h: what the network
    /// computes once its first `start` layers (and their ReLUs) gave h.
    public func applying(_ h: Variable, fromLayer start: Int) -> Variable {
        var h = h
        for i in start..<layers.layers.count {
            h = layers.layers[i](h)
            if i < layers.layers.count - 1 { h = h.relu() }
        }
        return h
    }
}

/// A learned lookup table (PyTorch nn.Embedding): weight (count, dim), initialised N(0, 1).
public struct Embedding: Module {
    public let weight: Variable

    public init(count: Int, dim: Int, rng: inout RandomStream) {
        weight = Variable(Tensor.randomNormal([count, dim], rng: &rng), requiresGrad: true)
    }

    public var ownParameters: [(name: String, value: Variable)] { [("weight", weight)] }

    /// indices (n) → (n, dim).
    public func callAsFunction(_ indices: [Int]) -> Variable { weight.gatherRows(indices) }
}

/// Inverted dropout (Srivastava et al. 2014; PyTorch nn.Dropout): in training each element is zeroed
/// with probability p and the survivors are scaled by 1/(1 − p), so the expectation is unchanged; in
/// evaluation it is the identity. The mask comes from the caller's RandomStream.
public struct Dropout: Module {
    public let p: Float

    public init(p: Float) {
        precondition(p >= 0 && p < 1, "dropout probability \(p) outside [0, 1)")
        self.p = p
    }

    /// Evaluation: the identity.
    public func callAsFunction(_ x: Variable) -> Variable { x }

    /// Training: x ⊙ mask/(1 − p), mask ~ Bernoulli(1 − p) elementwise, drawn from `rng` in row-major order.
    public func callAsFunction(_ x: Variable, rng: inout RandomStream) -> Variable {
        if p == 0 { return x }
        let scale = 1 / (1 - p)
        var mask = Tensor.zeros(x.shape)
        mask.withUnsafeMutableBufferPointer { m in
            for i in 0..<m.count { m[i] = rng.uniform() >= Double(p) ? scale : 0 }
        }
        return x * Variable(mask)
    }
}
