// A RealNVP-style normalizing flow for vectors (Dinh et al. 2017), data → latent:
//
//   for each of `couplings` blocks:  ActNorm → sinh-arcsinh (per column) → mixing → affine coupling
//   then a final ActNorm.
// Mixing and coupling need D ≥ 2; for D = 1 a block is ActNorm → sinh-arcsinh, so a 1-D flow is a
// composition of monotone maps. Couplings start as the identity (zeroed output layer), ActNorms are
// initialised from data (`initialize(from:)`), so an untrained flow is a robust standardisation
// followed by permutations. Keys: "<layer index>.<parameter>", e.g. "3.net.layers.0.weight".

import MITensor

public struct VectorFlowConfig: Sendable, Equatable {
    public var dim: Int
    /// Number of blocks (each with one coupling when dim ≥ 2).
    public var couplings: Int
    /// Hidden width of each coupling's scale/shift MLP.
    public var hidden: Int
    public var mixing: InvertibleLinear.Kind

    public init(dim: Int, couplings: Int = 4, hidden: Int = 64, mixing: InvertibleLinear.Kind = .lu) {
        self.dim = dim
        self.couplings = couplings
        self.hidden = hidden
        self.mixing = mixing
    }

    /// For checkpoint manifests.
    public func manifestFields(prefix: String) -> [String: String] {
        [
            "\(prefix)dim": "\(dim)", "\(prefix)couplings": "\(couplings)", "\(prefix)hidden": "\(hidden)",
            "\(prefix)mixing": mixing.rawValue
        ]
    }
}

public struct VectorFlow: Module {
    public let config: VectorFlowConfig
    public let layers: [any FlowLayer]

    public init(_ config: VectorFlowConfig, rng: inout RandomStream) {
        precondition(config.dim >= 1 && config.couplings >= 0 && config.hidden >= 1, "flow config \(config)")
        self.config = config
        var ls: [any FlowLayer] = []
        for _ in 0..<config.couplings {
            ls.append(ActNorm(dim: config.dim))
            ls.append(SinhArcsinh(dim: config.dim))
            if config.dim >= 2 {
                ls.append(InvertibleLinear(dim: config.dim, kind: config.mixing))
                let c = AffineCoupling(dim: config.dim, hidden: config.hidden, rng: &rng)
                c.zeroInitializeOutput()
                ls.append(c)
            }
        }
        ls.append(ActNorm(dim: config.dim))
        layers = ls
    }

    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { (String($0.offset), $0.element as any Module) }
    }

    /// x (N, D) → (z (N, D), log |det ∂z/∂x| (N)).
    public func forward(_ x: Variable) -> (z: Variable, logDet: Variable) {
        precondition(x.shape.count == 2 && x.shape[1] == config.dim, "flow(\(config.dim)) on input \(x.shape)")
        var h = x
        var logDet = Variable(Tensor.zeros([x.shape[0]]))
        for layer in layers {
            let (y, ld) = layer.forward(h)
            h = y
            logDet = logDet + ld
        }
        return (h, logDet)
    }

    /// z (N, D) → x with forward(x).z = z.
    public func inverse(_ z: Tensor) -> Tensor {
        var h = z
        for layer in layers.reversed() { h = layer.inverse(h) }
        return h
    }

    /// Data-dependent initialisation: each ActNorm is set from the activations that reach it for `x`.
    public func initialize(from x: Tensor) {
        withNoGrad {
            var h = x
            for layer in layers {
                if let a = layer as? ActNorm { a.initialize(from: h) }
                h = layer.forward(Variable(h)).y.value
            }
        }
    }
}
