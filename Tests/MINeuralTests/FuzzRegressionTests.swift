import Foundation
import XCTest
import MINeural

// Replays Tests/FuzzRegressions/checkpoint/* through the fuzz harness's entry (Fuzz/checkpoint.swift,
// compiled into this target through a symlink). Each input must return or throw; a trap kills the run.
final class FuzzRegressionTests: XCTestCase {
    func testCheckpointInputsReturnOrThrow() throws {
        let inputs = try fuzzRegressionInputs("checkpoint")
        XCTAssertFalse(inputs.isEmpty)
        for (_, bytes) in inputs { _ = try? FuzzCheckpoint.run(bytes) }
    }

    /// Shapes whose element or byte count overflows Int used to trap while the header was checked.
    func testOverflowingShapesAreCorruptEntries() throws {
        for shape in ["[4294967296,4294967296]", "[4611686018427387904]", "[4294967296,4294967296,0]"] {
            var header = Array("{\"t\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":[0,0]}}".utf8)
            while header.count % 8 != 0 { header.append(0x20) }
            let bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header
            XCTAssertThrowsError(try SafeTensors.decode(bytes, label: "w")) { error in
                XCTAssertEqual(
                    (error as? CheckpointError)?.description,
                    "w: corrupt safetensors entry for tensor \"t\" (shape \(shape.replacingOccurrences(of: ",", with: ", ")), offsets [0, 0])")
            }
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
