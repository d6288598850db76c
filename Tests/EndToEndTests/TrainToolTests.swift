import Foundation
import XCTest

/// `mi-train`, and the models it writes used by `mi-estimate` and `mi-quantiles`.
final class TrainToolTests: XCTestCase {
    /// A tiny model and problem: seconds per run.
    static let tiny = [
        "--batch", "4", "--eval-every", "2", "--eval-repeats", "1", "--max-dim", "3", "--d", "1,3", "--n", "10,40",
        "--width", "8", "--heads", "2", "--embed-hidden", "8", "--head-hidden", "8", "--inducing-points", "2",
        "--pool-seeds", "2", "--schedule", "constant", "--warmup", "0", "--threads", "2"
    ]

    var dir: URL!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("mi-train-\(ProcessInfo.processInfo.processIdentifier)-\(name.filter(\.isLetter))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func train(_ args: [String]) throws -> ToolRunner.Result {
        let r = try ToolRunner.run("mi-train", args + Self.tiny)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r
    }

    func data(_ args: [String]) throws -> Data {
        try ToolRunner.run("mi-sample", args).stdout
    }

    func testResumeContinuesExactly() throws {
        let straight = dir.appendingPathComponent("straight.tar").path, split = dir.appendingPathComponent("split.tar").path
        let a = try train(["-o", straight, "--steps", "4", "--seed", "3"])
        _ = try train(["-o", split, "--steps", "2", "--seed", "3"])
        let b = try train(["-o", split, "--steps", "4", "--resume"])
        // The curve: header + rows at steps 0, 2, 4; the resumed run prints the rows after step 2.
        let rowsA = a.text.split(separator: "\n").map { $0.split(separator: "\t").enumerated().filter { $0.offset != 2 }.map(\.element) }
        let rowsB = b.text.split(separator: "\n").map { $0.split(separator: "\t").enumerated().filter { $0.offset != 2 }.map(\.element) }
        XCTAssertEqual(rowsA.count, 4)
        XCTAssertEqual(rowsA.last, rowsB.last, "step 4 differs: \(a.text) vs \(b.text)")
        // The same weights: the same estimates.
        let sample = try data(["meta", "--count", "5", "--seed", "9", "--d", "1,3", "--n", "20,60", "--independent-dims"])
        let ea = try ToolRunner.run("mi-estimate", ["--model", straight], input: sample)
        let eb = try ToolRunner.run("mi-estimate", ["--model", split], input: sample)
        XCTAssertEqual(ea.status, 0, ea.stderr)
        XCTAssertEqual(ToolRunner.table(ea.text).map { $0["mi"]! }, ToolRunner.table(eb.text).map { $0["mi"]! })
    }

    /// --init copies whole parts: from a model without summaries, the head (another input width) stays
    /// fresh, so a summary model starts at GC: after one step at lr 1e-9 it estimates what a model with
    /// no --init estimates (both GC to ~1e-6), although its encoder is the other model's.
    func testInitCopiesWholePartsOnly() throws {
        let plain = dir.appendingPathComponent("plain.tar").path
        _ = try train(["-o", plain, "--steps", "2", "--seed", "1", "--no-summary"])
        let started = dir.appendingPathComponent("started.tar").path, fresh = dir.appendingPathComponent("fresh.tar").path
        _ = try train(["-o", started, "--steps", "1", "--seed", "2", "--init", plain, "--lr", "1e-9"])
        _ = try train(["-o", fresh, "--steps", "1", "--seed", "2", "--lr", "1e-9"])
        let sample = try data(["meta", "--count", "6", "--seed", "9", "--d", "1,3", "--n", "30,60", "--independent-dims"])
        let a = ToolRunner.table(try ToolRunner.run("mi-estimate", ["--model", started], input: sample).text).map { Double($0["mi"]!)! }
        let b = ToolRunner.table(try ToolRunner.run("mi-estimate", ["--model", fresh], input: sample).text).map { Double($0["mi"]!)! }
        XCTAssertEqual(a.count, 6)
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-4) }
        XCTAssertGreaterThan(a.reduce(0, +), 0.01)
    }

    /// SIGINT mid-run: exit 130 with a checkpoint (no temporary file left), and --resume from it ends where
    /// an uninterrupted run of as many steps ends (the constant schedule makes --steps only a limit).
    func testInterruptWritesACheckpointThatResumesExactly() throws {
        let stopped = dir.appendingPathComponent("stopped.tar").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ToolRunner.path("mi-train"))
        p.arguments = ["-o", stopped, "--steps", "1000000", "--seed", "6", "--checkpoint-every", "1000000"] + Self.tiny
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        // The header and two evaluation rows: the handler is installed and training is under way.
        var seen = Data()
        while seen.filter({ $0 == 10 }).count < 3 {
            let d = out.fileHandleForReading.availableData
            if d.isEmpty { break }
            seen += d
        }
        p.interrupt()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 130, message)
        let pattern = /interrupted at step (\d+) of 1000000/
        let k = try XCTUnwrap(message.firstMatch(of: pattern).flatMap { Int($0.1) }, message)
        XCTAssertGreaterThanOrEqual(k, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["stopped.tar"])

        let total = "\(k + 3)", straight = dir.appendingPathComponent("straight.tar").path
        _ = try train(["-o", stopped, "--steps", total, "--resume", "--checkpoint-every", "1000000"])
        _ = try train(["-o", straight, "--steps", total, "--seed", "6", "--checkpoint-every", "1000000"])
        let sample = try data(["meta", "--count", "5", "--seed", "9", "--d", "1,3", "--n", "20,60", "--independent-dims"])
        let a = try ToolRunner.run("mi-estimate", ["--model", stopped], input: sample)
        let b = try ToolRunner.run("mi-estimate", ["--model", straight], input: sample)
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(ToolRunner.table(a.text).map { $0["mi"]! }, ToolRunner.table(b.text).map { $0["mi"]! })
    }

    func testQuantileModelColumnsAndBatchedEqualsOneByOne() throws {
        let model = dir.appendingPathComponent("qr.tar").path
        let trained = try train(["-o", model, "--steps", "2", "--loss", "pinball", "--seed", "1", "--recalibrate", "30"])
        XCTAssertTrue(trained.stderr.contains("levels recalibrated on 30 held-out data sets"), trained.stderr)
        let stream = try data(["meta", "--count", "12", "--seed", "5", "--d", "1,3", "--n", "10,90", "--independent-dims"])
        let all = try ToolRunner.run("mi-estimate", ["--model", model], input: stream)
        XCTAssertEqual(all.status, 0, all.stderr)
        let header = all.text.split(separator: "\n")[0].split(separator: "\t").map(String.init)
        XCTAssertEqual(header, ["name", "method", "mi", "n", "dx", "dy", "true_mi", "seconds", "q0.05", "q0.5", "q0.95", "meta"])
        let rows = ToolRunner.table(all.text)
        XCTAssertEqual(rows.count, 12)
        for r in rows {
            let q = ["q0.05", "q0.5", "q0.95"].map { Double(r[$0]!)! }
            XCTAssertLessThanOrEqual(q[0], q[1]); XCTAssertLessThanOrEqual(q[1], q[2])
            XCTAssertEqual(Double(r["mi"]!)!, q[1])
        }
        // Each data set alone (no padding) gives what the padded batch gave.
        for i in [0, 5, 11] {
            let one = try data(["meta", "--count", "1", "--start", "\(i)", "--seed", "5", "--d", "1,3", "--n", "10,90", "--independent-dims"])
            let r = ToolRunner.table(try ToolRunner.run("mi-estimate", ["--model", model], input: one).text)[0]
            XCTAssertEqual(Double(r["mi"]!)!, Double(rows[i]["mi"]!)!, accuracy: 1e-5)
        }
        // mi-quantiles prints the requested levels under the same names.
        let q = try ToolRunner.run("mi-quantiles", ["--model", model, "-q", "0.1,0.9"], input: stream)
        XCTAssertEqual(q.status, 0, q.stderr)
        XCTAssertTrue(q.text.hasPrefix("name\tmethod\tmi\tn\tdx\tdy\ttrue_mi\tseconds\tq0.1\tq0.9\tmeta\n"), q.text)
    }

    /// A finished quantile model resumed only to recalibrate (another --n, other families) keeps the
    /// training data and metrics its manifest recorded; only its levels change.
    func testRecalibratingAFinishedModelKeepsWhatItTrainedOn() throws {
        let model = dir.appendingPathComponent("qr.tar").path
        _ = try train(["-o", model, "--steps", "2", "--loss", "pinball", "--seed", "1"])
        func manifest() throws -> [String: Any] {
            let tar = Process(), pipe = Pipe()
            tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
            tar.arguments = ["-xOf", model, "manifest.json"]
            tar.standardOutput = pipe
            try tar.run()
            let bytes = pipe.fileHandleForReading.readDataToEndOfFile()
            tar.waitUntilExit()
            return try JSONSerialization.jsonObject(with: bytes) as! [String: Any]
        }
        let before = try manifest()
        let r = try ToolRunner.run(
            "mi-train",
            ["-o", model, "--steps", "2", "--loss", "pinball", "--resume", "--recalibrate", "40", "--calibration-families", "calibration"]
                + Self.tiny.map { $0 == "10,40" ? "20,60" : $0 })
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("levels recalibrated on 40 held-out data sets"), r.stderr)
        let after = try manifest()
        XCTAssertEqual(after["data"] as? String, before["data"] as? String)
        XCTAssertTrue((before["data"] as? String ?? "").contains("n=10,40"))
        XCTAssertEqual(after["metrics"] as? [String: Double], before["metrics"] as? [String: Double])
        XCTAssertFalse((before["metrics"] as? [String: Double] ?? [:]).isEmpty)
        let levels = { (m: [String: Any]) in (m["architecture"] as? [String: String])?["level_map"] }
        XCTAssertNotEqual(levels(after), levels(before))
    }

    func testTrainsFromABundleAndRejectsUnlabelledData() throws {
        let bundle = dir.appendingPathComponent("meta.tar").path
        let w = try ToolRunner.run("mi-sample", ["meta", "--count", "10", "--seed", "4", "--d", "1,3", "--n", "10,40", "--independent-dims", "-o", bundle])
        XCTAssertEqual(w.status, 0, w.stderr)
        let model = dir.appendingPathComponent("m.tar").path
        // 3 steps of 4 data sets: the 10 data sets are cycled.
        let r = try train(["-o", model, "--data", bundle, "--steps", "3", "--seed", "1"])
        XCTAssertEqual(r.text.split(separator: "\n").count, 4, r.text)  // header, steps 0, 2, 3
        let plain = dir.appendingPathComponent("plain.tsv").path
        try Data("#%mi v1 name=x dx=1 dy=1\n1\t2\n2\t1\n3\t3\n".utf8).write(to: URL(fileURLWithPath: plain))
        let bad = try ToolRunner.run("mi-train", Self.tiny + ["-o", model, "--data", plain, "--steps", "1", "--force"])
        XCTAssertEqual(bad.status, 1, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("has no true_mi"), bad.stderr)
    }

    func testStopsAndErrorsAreClear() throws {
        let model = dir.appendingPathComponent("m.tar").path
        // A time budget used up before the first step: a clean stop with a checkpoint, exit 0.
        let stop = try train(["-o", model, "--steps", "100", "--time-budget", "0.000001", "--seed", "2"])
        XCTAssertTrue(stop.stderr.contains("time budget used at step 0 of 100"), stop.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: model))
        let cases: [([String], Int32, String)] = [
            (["-o", dir.appendingPathComponent("none.tar").path, "--resume"], 1, "no checkpoint"),
            (["-o", model, "--resume", "--loss", "pinball"], 1, "trained with --loss mse"),
            (["-o", model, "--width", "10", "--heads", "4"], 64, "multiple of --heads"),
            (["-o", model, "--resume", "--init", model], 64, "exclude each other")
        ]
        for (args, status, message) in cases {
            let r = try ToolRunner.run("mi-train", Self.tiny + args)
            XCTAssertEqual(r.status, status, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("mi-train: error: ") && r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        // Not a model: mi-estimate says so on one line.
        let tsv = dir.appendingPathComponent("x.tsv")
        try Data("1\t2\n2\t1\n3\t3\n".utf8).write(to: tsv)
        let bad = try ToolRunner.run("mi-estimate", ["--model", tsv.path, tsv.path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.hasPrefix("mi-estimate: error: ") && bad.stderr.contains("x.tsv"), bad.stderr)
        // --model only means something for mist.
        let wrong = try ToolRunner.run("mi-estimate", ["--model", model, "--method", "cca", tsv.path])
        XCTAssertEqual(wrong.status, 64, wrong.stderr)
    }
}
