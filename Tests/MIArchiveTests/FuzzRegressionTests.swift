import Foundation
import XCTest
import MIArchive

// Replays Tests/FuzzRegressions/tar/* through the fuzz harness's entry (Fuzz/tar.swift, compiled into
// this target through a symlink). Each input must return or throw; a crash kills the test run.
final class FuzzRegressionTests: XCTestCase {
    func testTarInputsReturnOrThrow() throws {
        let inputs = try fuzzRegressionInputs("tar")
        XCTAssertFalse(inputs.isEmpty)
        for (_, bytes) in inputs { _ = try? FuzzTar.run(bytes) }
    }

    /// A pax `size=` of 1 TiB over a 3 KB input used to be allocated whole by readAll.
    func testHugeDeclaredEntrySizeIsTruncationNotAllocation() throws {
        let bytes = try XCTUnwrap(fuzzRegressionInputs("tar").first { $0.name == "pax-size-one-terabyte" }?.bytes)
        let reader = try TarBundleReader(bytes: bytes, name: "big.tar")
        XCTAssertEqual(try reader.nextEntry()?.size, 1 << 40)
        XCTAssertThrowsError(try reader.readAll()) { error in
            XCTAssertEqual((error as? ArchiveError)?.description, "big.tar: truncated archive")
        }
    }
}

/// The files of Tests/FuzzRegressions/`target`, sorted by name.
private func fuzzRegressionInputs(_ target: String, file: String = #filePath) throws -> [(name: String, bytes: [UInt8])] {
    let dir = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzRegressions").appendingPathComponent(target)
    return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map { name in
        (name, [UInt8](try Data(contentsOf: dir.appendingPathComponent(name))))
    }
}
