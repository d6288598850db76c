import Foundation
import XCTest

/// `mi-sample` as a user runs it: reproducible bytes, pipes, write errors, bad options.
final class SampleToolTests: XCTestCase {
    func testSameSeedSameBytesDifferentSeedDifferentBytes() throws {
        for args in [
            ["gauss", "-d", "3", "-n", "200", "--seed", "5"], ["student", "--dx", "2", "--dy", "1", "--dof", "2", "-n", "50", "--seed", "5", "--format", "bin"],
            ["meta", "--count", "4", "--seed", "9"], ["bmi", "1v1-bimodal-0.75", "-n", "100", "--seed", "5"]
        ] {
            let a = try ToolRunner.run("mi-sample", args), b = try ToolRunner.run("mi-sample", args)
            XCTAssertEqual(a.status, 0, a.stderr)
            XCTAssertFalse(a.stdout.isEmpty)
            XCTAssertEqual(a.stdout, b.stdout, args.joined(separator: " "))
            var other = args
            other[other.firstIndex(of: "--seed")! + 1] = "6"
            XCTAssertNotEqual(try ToolRunner.run("mi-sample", other).stdout, a.stdout)
        }
    }

    func testOmittedSeedIsRecordedAndReplays() throws {
        let first = try ToolRunner.run("mi-sample", ["gauss", "-n", "20"])
        let header = first.text.split(separator: "\n")[0]
        let seed = try XCTUnwrap(header.split(separator: " ").first { $0.hasPrefix("seed=") }).dropFirst(5)
        XCTAssertEqual(try ToolRunner.run("mi-sample", ["gauss", "-n", "20", "--seed", String(seed)]).stdout, first.stdout)
    }

    func testClosedPipeEndsQuietly() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ToolRunner.path("mi-sample"))
        p.arguments = ["gauss", "-n", "100000000"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        _ = out.fileHandleForReading.readData(ofLength: 100)  // like `head -c 100`
        try out.fileHandleForReading.close()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(err.fileHandleForReading.readDataToEndOfFile(), Data())
    }

    func testWriteErrorIsReported() throws {
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        let r = try ToolRunner.run("mi-sample", ["gauss", "-n", "100000"], stdoutTo: full)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "mi-sample: error: write error: No space left on device\n")
    }

    func testMetadataCarriesGroundTruthAndTargetMI() throws {
        let r = try ToolRunner.run("mi-sample", ["gauss", "--dx", "3", "--dy", "2", "--mi", "1.25", "-n", "5", "--seed", "1"])
        let meta = r.text.split(separator: "\n")[0]
        XCTAssert(meta.hasPrefix("#%mi v1 "))
        let trueMI = try XCTUnwrap(meta.split(separator: " ").first { $0.hasPrefix("true_mi=") }.flatMap { Double($0.dropFirst(8)) })
        XCTAssertEqual(trueMI, 1.25, accuracy: 1e-6)
        XCTAssertEqual(r.text.split(separator: "\n").count, 6)
        XCTAssertEqual(r.text.split(separator: "\n")[1].split(separator: "\t").count, 5)
    }

    func testBadOptionsAreUsageErrors() throws {
        for (args, needle) in [
            (["gauss", "--bogus"], "--bogus"), (["gauss", "-n", "0"], "-n must be at least 1"),
            (["gauss", "--rho", "0.5", "--pairs", "2"], "dense"), (["gauss", "--format", "xml"], "xml")
        ] {
            let r = try ToolRunner.run("mi-sample", args)
            XCTAssertEqual(r.status, 64, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.hasPrefix("mi-sample: error: "), r.stderr)
            XCTAssertTrue(r.stderr.contains(needle), r.stderr)
            XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, "one line: \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty)
        }
        for (args, needle) in [
            (["gauss", "--transform", "cube"], "unknown transform"), (["bmi", "no-such-task"], "unknown BMI task"),
            (["gauss", "--rho", "1.5"], "correlation"), (["gauss", "--transform", "spiral"], "spiral needs at least 2")
        ] {
            let r = try ToolRunner.run("mi-sample", args)
            XCTAssertEqual(r.status, 1, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.hasPrefix("mi-sample: error: ") && r.stderr.contains(needle), r.stderr)
            XCTAssertTrue(r.stdout.isEmpty)
        }
        XCTAssertEqual(try ToolRunner.run("mi-sample", ["--help"]).status, 0)
        XCTAssertEqual(try ToolRunner.run("mi-sample", ["--version"]).status, 0)
    }

    func testBundleIsWrittenAtomicallyAndReadBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mi-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let tar = dir.appendingPathComponent("meta.tar").path
        let w = try ToolRunner.run("mi-sample", ["meta", "--count", "7", "--shard-size", "3", "--seed", "4", "-o", tar])
        XCTAssertEqual(w.status, 0, w.stderr)
        let listing = try ToolRunner.run("mi-estimate", [tar])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        let rows = ToolRunner.table(listing.text)
        XCTAssertEqual(rows.map { $0["name"]! }, (0..<7).map { "meta-\($0)" })
        // The bundle holds the same data sets as the stream.
        let stream = try ToolRunner.run("mi-sample", ["meta", "--count", "7", "--seed", "4", "--format", "bin"])
        let fromStream = try ToolRunner.run("mi-estimate", [], input: stream.stdout)
        XCTAssertEqual(ToolRunner.table(fromStream.text).map { $0["mi"]! }, rows.map { $0["mi"]! })
        // A failed write leaves nothing behind.
        let bad = try ToolRunner.run("mi-sample", ["meta", "--count", "2", "-o", dir.appendingPathComponent("missing/x.tar").path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["meta.tar"])
        // A corrupt bundle is an error, not a silent partial read.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tar))
        let cut = dir.appendingPathComponent("cut.tar")
        try bytes.prefix(bytes.count / 2).write(to: cut)
        let r = try ToolRunner.run("mi-estimate", [cut.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("mi-estimate: error: ") && r.stderr.contains("truncated"), r.stderr)
    }
}
