import XCTest

@testable import MITensor

/// OpenBLAS runs the kernels this processor's features allow, not the SSE3 fallback it picks for a
/// processor model it does not know.
final class BLASKernelTests: XCTestCase {
    func testOpenBLASRunsTheKernelsTheProcessorsFeaturesAllow() throws {
        let core = BLASLibrary.coreName
        XCTAssertFalse(core.isEmpty)
        try XCTSkipUnless(BLASLibrary.config.contains("DYNAMIC_ARCH"), "an OpenBLAS built for one processor")
        guard let requested = BLASLibrary.requestedKernels else { throw XCTSkip("kernels chosen with OPENBLAS_CORETYPE, or no AVX2") }
        XCTAssertEqual(core.lowercased(), requested.lowercased())
        // Whatever the kernels, a product is still a product: 3 × 2 times 2 × 2 against a hand-made one.
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [3, 2]), b = Tensor([1, -1, 2, 0.5], shape: [2, 2])
        XCTAssertEqual(Tensor.matmul(a, b).scalars, [5, 0, 11, -1, 17, -2])
    }
}
