// Test support: the XCTest wrapper around `GradientCheck.mismatches` (the checker lives in MITensor).

import XCTest
import MITensor

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

/// Every multi-index of `shape`, row-major.
func allIndices(_ shape: [Int]) -> [[Int]] {
    shape.reduce([[]]) { acc, d in acc.flatMap { p in (0..<d).map { p + [$0] } } }
}
