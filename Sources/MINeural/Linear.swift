// y = x·Wᵀ + b, from the autodiff primitives `linear` (bias added by sgemm) and `matmul` (no gradient
// code here).

import MITensor

/// Fully connected layer, PyTorch layout: weight (out, in), bias (out). x: (..., in) → y: (..., out).
public struct Linear: Module {
    public let weight: Variable
    public let bias: Variable?

    /// PyTorch's default init: weight and bias both U(−1/√fan_in, 1/√fan_in), weight drawn first.
    public init(inputSize: Int, outputSize: Int, bias: Bool = true, rng: inout RandomStream) {
        let w = Initializer.kaimingUniform([outputSize, inputSize], fanIn: inputSize, rng: &rng)
        let b = bias ? Initializer.kaimingUniform([outputSize], fanIn: inputSize, rng: &rng) : nil
        self.init(weight: w, bias: b)
    }

    /// From given parameter nodes: weight (out, in), bias (out).
    public init(weight: Variable, bias: Variable?) {
        precondition(
            weight.shape.count == 2 && (bias == nil || bias!.shape == [weight.shape[0]]),
            "Linear: weight \(weight.shape), bias \(bias?.shape ?? [])")
        self.weight = weight
        self.bias = bias
    }

    /// From given values, as trainable leaves.
    public init(weight: Tensor, bias: Tensor?) {
        self.init(weight: Variable(weight, requiresGrad: true), bias: bias.map { Variable($0, requiresGrad: true) })
    }

    public var inputSize: Int { weight.shape[1] }
    public var outputSize: Int { weight.shape[0] }

    public var ownParameters: [(name: String, value: Variable)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(x.shape.last == inputSize, "Linear(\(inputSize)→\(outputSize)) on input \(x.shape)")
        let lead = Array(x.shape.dropLast())
        let x2 = x.shape.count == 2 ? x : x.reshaped([-1, inputSize])  // (N, in)
        // (N, out), Wᵀ by flag
        let y = bias.map { Variable.linear(x2, weight: weight, bias: $0) } ?? Variable.matmul(x2, weight, transposeB: true)
        return x.shape.count == 2 ? y : y.reshaped(lead + [outputSize])
    }
}
