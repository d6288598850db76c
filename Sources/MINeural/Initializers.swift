// Parameter initialisers as in PyTorch (torch.nn.init), drawing from a caller's RandomStream.
//
// Fans follow torch.nn.init._calculate_fan_in_and_fan_out: for shape (out, in, k...) fan_in = in·Πk and
// fan_out = out·Πk; a rank-1 tensor has fan_in = fan_out = its size.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MITensor

public enum Initializer {
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        if shape.count < 2 { let n = shape.reduce(1, *); return (n, n) }
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// U(−1/√fan_in, 1/√fan_in): PyTorch's Linear default (kaiming_uniform_ with a = √5 for the weight,
    /// and the same bound for the bias, whose fan_in is the weight's).
    public static func kaimingUniform(_ shape: [Int], fanIn: Int, rng: inout RandomStream) -> Tensor {
        let bound = 1 / Float(fanIn).squareRoot()
        return Tensor.randomUniform(shape, low: -bound, high: bound, rng: &rng)
    }

    /// Xavier/Glorot uniform: U(±√(6 / (fan_in + fan_out))) (Glorot & Bengio 2010; xavier_uniform_).
    public static func xavierUniform(_ shape: [Int], rng: inout RandomStream) -> Tensor {
        let (fi, fo) = fans(shape)
        let bound = Float((6.0 / Double(fi + fo)).squareRoot())
        return Tensor.randomUniform(shape, low: -bound, high: bound, rng: &rng)
    }
}
