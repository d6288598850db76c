import Foundation
import XCTest
import MIRecords

// Replays Tests/FuzzRegressions/{records,plain}/* through the fuzz harnesses' entries (Fuzz/records.swift
// and Fuzz/plain.swift, compiled into this target through symlinks, so the bytes mean what they meant to
// the fuzzer). Each input must return or throw: a trap or an allocation failure kills the test run.
final class FuzzRegressionTests: XCTestCase {
    func testRecordsInputsReturnOrThrow() throws {
        let inputs = try fuzzRegressionInputs("records")
        XCTAssertFalse(inputs.isEmpty)
        for (_, bytes) in inputs { _ = try? FuzzRecords.run(bytes) }
    }

    func testPlainInputsReturnOrThrow() throws {
        let inputs = try fuzzRegressionInputs("plain")
        XCTAssertFalse(inputs.isEmpty)
        for (_, bytes) in inputs { _ = try? FuzzPlain.run(bytes) }
    }

    // The crashes the fuzzer found (or was pointed at), now errors with a position.

    func testDxPlusDyOverflowIsAnError() {
        assertReadError(
            "#%mi v1 dx=9223372036854775807 dy=1\n1 2\n",
            "line 1: dx=9223372036854775807 dy=1 is more than 1048576 columns, the limit of one data set")
    }

    func testHugeDyIsRejectedBeforeItsRowBuffer() {
        assertReadError("#%mi v1 dx=1 dy=1100000616", "line 1: dx=1 dy=1100000616 is more than 1048576 columns, the limit of one data set")
        assertReadError(
            "#%mi v1 dx=1000000000 dy=1 format=f32le rows=2\n",
            "line 1: dx=1000000000 dy=1 is more than 1048576 columns, the limit of one data set")
    }

    func testHugeRowHintReservesBoundedMemory() throws {
        let row = (1...2000).map(String.init).joined(separator: "\t")
        // The hint reserves at most what the system grants (here nothing: it overflows), and a row
        // count that disagrees with n= is then an error, not a silent data set.
        assertReadError(
            "#%mi v1 dx=1000 dy=1000 n=9223372036854775807\n\(row)\n",
            "line 1: dataset #1 declares n=9223372036854775807 but has 1 rows")
    }

    private func assertReadError(_ text: String, _ message: String, line: UInt = #line) {
        XCTAssertThrowsError(try readAll(text), line: line) { error in
            XCTAssertEqual((error as? RecordError)?.description, message, line: line)
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
