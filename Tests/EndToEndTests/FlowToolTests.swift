import Foundation
import XCTest

/// `mi-flow` end to end: the estimate table, and fit → apply → sample through real bundles.
final class FlowToolTests: XCTestCase {
    func sample(_ args: [String]) throws -> Data {
        let r = try ToolRunner.run("mi-sample", args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    func testEstimatePrintsTheEstimateTable() throws {
        let data = try sample(["gauss", "-d", "2", "--rho", "0.6", "-n", "600", "--seed", "3"])
        let out = try ToolRunner.run("mi-flow", ["estimate", "--seed", "1", "--epochs", "30"], input: data)
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(out.stderr, "", "no progress when stderr is not a terminal")
        let row = try XCTUnwrap(ToolRunner.table(out.text).first)
        XCTAssertEqual(row["method"], "mienf"); XCTAssertEqual(row["n"], "600")
        let meta = row["meta"]!
        for key in ["mi_lo=", "mi_hi=", "mi_epoch_sd=", "mi_heldout=", "flow_seed=1", "seed=3"] { XCTAssertTrue(meta.contains(key), meta) }
        let mi = Double(row["mi"]!)!, truth = Double(row["true_mi"]!)!
        XCTAssertEqual(mi, truth, accuracy: 0.25)
        // Same seed, same bytes (apart from the timing column).
        let again = try ToolRunner.run("mi-flow", ["estimate", "--seed", "1", "--epochs", "30"], input: data)
        XCTAssertEqual(ToolRunner.table(again.text).first?["mi"], row["mi"])
        // mi-estimate reaches the same code.
        let viaEstimate = try ToolRunner.run("mi-estimate", ["--method", "mienf"], input: data)
        XCTAssertEqual(viaEstimate.status, 0, viaEstimate.stderr)
        XCTAssertEqual(ToolRunner.table(viaEstimate.text).first?["method"], "mienf")
    }

    func testFitApplySampleCarryMetadataAndTruth() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mi-flow-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bundle = dir.appendingPathComponent("f.tar").path
        let target = try sample(["student", "-d", "2", "--dof", "4", "-n", "800", "--seed", "5", "--transform", "half-cube"])
        let fit = try ToolRunner.run("mi-flow", ["fit", "-o", bundle, "--seed", "2", "--epochs", "15"], input: target)
        XCTAssertEqual(fit.status, 0, fit.stderr)

        let meta = try sample(["meta", "--count", "3", "--seed", "1", "--d", "2,2"])
        let applied = try ToolRunner.run("mi-flow", ["apply", "--flow", bundle], input: meta)
        XCTAssertEqual(applied.status, 0, applied.stderr)
        let headers = { (d: Data) in String(decoding: d, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("#%mi") } }
        let (inLines, outLines) = (headers(meta), headers(applied.stdout))
        XCTAssertEqual(outLines.count, 3)
        for (a, b) in zip(inLines, outLines) { XCTAssertEqual(String(b), a + " flow=f.tar") }
        XCTAssertNotEqual(String(decoding: applied.stdout, as: UTF8.self).count, 0)

        let drawn = try ToolRunner.run("mi-flow", ["sample", "--flow", bundle, "-n", "50", "--mi", "0.5", "--seed", "4"])
        XCTAssertEqual(drawn.status, 0, drawn.stderr)
        let lines = drawn.text.split(separator: "\n")
        XCTAssertTrue(lines[0].contains("true_mi=0.5") && lines[0].contains("dx=2 dy=2"), String(lines[0]))
        XCTAssertEqual(lines.count, 51)

        // Wrong dimensions and a non-bundle are one-line errors with status 1.
        let wrong = try ToolRunner.run("mi-flow", ["apply", "--flow", bundle], input: try sample(["gauss", "-d", "3", "-n", "20", "--seed", "1"]))
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.hasPrefix("mi-flow: error: ") && wrong.stderr.contains("dx=3"), wrong.stderr)
        let junk = dir.appendingPathComponent("junk.tar").path
        try Data("not a tar".utf8).write(to: URL(fileURLWithPath: junk))
        let bad = try ToolRunner.run("mi-flow", ["sample", "--flow", junk])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)
    }
}
