// Named parameters with flattened keys.
//
// A layer lists its own parameters (leaf Variables) and its child layers, each under a name; the
// recursive walk joins names with "." as PyTorch's `named_parameters()` does, e.g.
// "encoder.isab.0.mab0.attention.q.weight". Optimizer state and checkpoints are keyed by these paths.
// Layers are structs whose parameters are reference-type leaves, so an optimizer step (`assign`) is
// seen by every copy of the layer.

import MITensor

public protocol Module {
    /// This layer's own parameters, in a fixed order.
    var ownParameters: [(name: String, value: Variable)] { get }
    /// Child layers, in a fixed order.
    var children: [(name: String, module: any Module)] { get }
}

extension Module {
    public var ownParameters: [(name: String, value: Variable)] { [] }
    public var children: [(name: String, module: any Module)] { [] }

    /// Every parameter below this layer under its flattened key, depth first (own parameters first).
    public var parameters: [(key: String, value: Variable)] {
        var out: [(key: String, value: Variable)] = ownParameters.map { ($0.name, $0.value) }
        for (name, child) in children {
            out += child.parameters.map { ("\(name).\($0.key)", $0.value) }
        }
        return out
    }

    /// Total number of scalar parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.value.count } }

    /// Clears the accumulated gradient of every parameter.
    public func zeroGrad() { for (_, p) in parameters { p.zeroGrad() } }
}

/// A list of layers keyed "0", "1", ... (PyTorch's `nn.ModuleList` / `nn.Sequential` naming).
public struct ModuleList<Element: Module>: Module {
    public var layers: [Element]
    public init(_ layers: [Element]) { self.layers = layers }
    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { (String($0.offset), $0.element as any Module) }
    }
}
