// Test support: the XCTest wrapper around `GradientCheck.mismatches`, closeness of tensors, and inputs
// shaped for gradient checks (away from kinks and ties).

import XCTest
@testable import MITensor

/// Asserts that `GradientCheck.mismatches` finds nothing (reports the first three mismatches).
func checkGradients(
    _ inputs: [Tensor], parameters: [(key: String, value: Variable)] = [],
    eps: Float = 1e-2, rtol: Double = 1e-2, atol: Double = 1e-3,
    file: StaticString = #filePath, line: UInt = #line, _ f: ([Variable]) -> Variable
) {
    let failures = GradientCheck.mismatches(inputs, parameters: parameters, eps: eps, rtol: rtol, atol: atol, f)
    for message in failures.prefix(3) { XCTFail(message, file: file, line: line) }
    if failures.count > 3 { XCTFail("... and \(failures.count - 3) more", file: file, line: line) }
}

/// Elementwise closeness of two tensors of equal shape.
func assertClose(
    _ a: Tensor, _ b: Tensor, tol: Float = 1e-5,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.shape, b.shape, "shape", file: file, line: line)
    guard a.shape == b.shape else { return }
    let (x, y) = (a.scalars, b.scalars)
    for i in 0..<x.count where !(Swift.abs(x[i] - y[i]) <= tol * Swift.max(1, Swift.abs(y[i]))) {
        XCTFail("element \(i): \(x[i]) vs \(y[i])", file: file, line: line)
        return
    }
}

extension RandomStream {
    /// Magnitudes in [lo, hi] with random sign: keeps inputs away from kinks at 0 (relu, |x|).
    mutating func signed(_ shape: [Int], _ lo: Float, _ hi: Float) -> Tensor {
        let m = Tensor.randomUniform(shape, low: lo, high: hi, rng: &self)
        let s = Tensor.randomUniform(shape, rng: &self)
        return Tensor.zip(m, s) { $1 < 0.5 ? -$0 : $0 }
    }

    /// Distinct values spaced 0.1 apart, shuffled: no ties, and a ±eps step (eps < 0.05) cannot change
    /// which element is the maximum.
    mutating func distinct(_ shape: [Int]) -> Tensor {
        let n = shape.reduce(1, *)
        var v = (0..<n).map { Float($0) * 0.1 - Float(n) * 0.05 }
        for i in stride(from: n - 1, to: 0, by: -1) { v.swapAt(i, integer(in: 0...i)) }
        return Tensor(v, shape: shape)
    }
}
