import Foundation
import XCTest

/// `mi-quantiles` and the new parts of `mi-estimate` (methods, --pairs, parallel order, refusals).
final class QuantilesToolTests: XCTestCase {
    func sample(_ args: [String]) throws -> Data {
        let r = try ToolRunner.run("mi-sample", args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    func testTransferEntropyOfIndependentSeriesIsAboutZeroWithUniformPValues() throws {
        // 60 pairs of independent AR(1) series (c = d = 0: no transfer either way): the Gaussian TE is
        // about 0, and its surrogate p-values (source rotated in time) spread over (0, 1] as a valid
        // test's must: mean near 1/2, about a tenth at or below 0.1, both directions.
        var data = Data()
        for seed in 1...60 { data += try sample(["var", "--c", "0", "--d", "0", "-n", "300", "--seed", "\(seed)"]) }
        let r = try ToolRunner.run("mi-quantiles", ["--te", "--method", "cca", "--permutations", "39", "--seed", "1"], input: data)
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = ToolRunner.table(r.text)
        XCTAssertEqual(rows.count, 120)
        let te = rows.map { Double($0["mi"]!)! }, p = rows.map { Double($0["p_value"]!)! }
        XCTAssertLessThan(te.reduce(0, +) / Double(te.count), 0.01)
        XCTAssertEqual(p.reduce(0, +) / Double(p.count), 0.5, accuracy: 0.1)
        let low = Double(p.filter { $0 <= 0.1 }.count) / Double(p.count)
        XCTAssertTrue((0.02...0.22).contains(low), "fraction of p <= 0.1: \(low)")
    }

    func testIntervalsAndPermutationColumnsAreReproducible() throws {
        let data = try sample(["gauss", "-d", "1", "--rho", "0.6", "-n", "400", "--seed", "1"])
        let args = ["--bootstrap", "30", "--permutations", "40", "--seed", "5", "--method", "ksg,gc"]
        let a = try ToolRunner.run("mi-quantiles", args, input: data)
        XCTAssertEqual(a.status, 0, a.stderr)
        let header = a.text.split(separator: "\n")[0].split(separator: "\t").map(String.init)
        XCTAssertEqual(
            header,
            [
                "name", "method", "mi", "n", "dx", "dy", "true_mi", "seconds", "q0.05", "q0.5", "q0.95",
                "p_value", "null_mean", "mi_corrected", "meta"
            ])
        let rows = ToolRunner.table(a.text)
        XCTAssertEqual(rows.map { $0["method"]! }, ["ksg", "gc"])
        for r in rows {
            let q = ["q0.05", "q0.5", "q0.95"].map { Double(r[$0]!)! }
            XCTAssertLessThanOrEqual(q[0], q[1]); XCTAssertLessThanOrEqual(q[1], q[2])
            XCTAssertEqual(Double(r["p_value"]!)!, 1.0 / 41, accuracy: 1e-12)  // strong dependence: no null beats it
            XCTAssertEqual(Double(r["mi_corrected"]!)!, Double(r["mi"]!)! - Double(r["null_mean"]!)!, accuracy: 1e-12)
            XCTAssertTrue(r["meta"]!.contains("resample_seed=5"))
        }
        // Same seed, other thread count: the same numbers.
        let b = try ToolRunner.run("mi-quantiles", args + ["--threads", "1"], input: data)
        let strip = { (t: String) in ToolRunner.table(t).map { $0.filter { $0.key != "seconds" } } }
        XCTAssertEqual(strip(a.text), strip(b.text))
        // Omitted seed: drawn and recorded.
        let c = try ToolRunner.run("mi-quantiles", ["--method", "ksg", "--bootstrap", "5"], input: data)
        XCTAssertTrue(ToolRunner.table(c.text)[0]["meta"]!.contains("resample_seed="), c.text)
    }

    func testIndependenceIsNotRejected() throws {
        let data = try sample(["gauss", "-d", "1", "--rho", "0", "-n", "300", "--seed", "3"])
        let r = try ToolRunner.run("mi-quantiles", ["--permutations", "99", "--seed", "1", "--method", "cca"], input: data)
        XCTAssertGreaterThan(Double(ToolRunner.table(r.text)[0]["p_value"]!)!, 0.05, r.text)
    }

    func testCalibrationTable() throws {
        let data = try sample(["meta", "--count", "8", "--seed", "2", "--families", "normal-dense-base", "--n", "300,600", "--d", "1,3"])
        let r = try ToolRunner.run("mi-quantiles", ["--method", "gc", "--bootstrap", "20", "--calibrate", "--seed", "1"], input: data)
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = ToolRunner.table(r.text)
        XCTAssertEqual(rows.map { $0["level"]! }, ["q0.05", "q0.5", "q0.95", "0.9"])
        XCTAssertTrue(rows.allSatisfy { $0["datasets"] == "8" })
        XCTAssertGreaterThan(Double(rows[3]["mean_width"]!)!, 0)
        let noTruth = try ToolRunner.run("mi-quantiles", ["--bootstrap", "5", "--calibrate", "--dx", "1"], input: Data("1\t2\n2\t1\n3\t4\n".utf8))
        XCTAssertEqual(noTruth.status, 1)
        XCTAssertTrue(noTruth.stderr.contains("true_mi"), noTruth.stderr)
    }

    func testUsageAndInputErrors() throws {
        let cases: [([String], String, Int32, String)] = [
            (["--method", "ksg"], "1\t2\n", 64, "--bootstrap"),
            (["--bootstrap", "5", "-q", "0.5,2"], "", 64, "-q"),
            (["--bootstrap", "5", "--method", "nope"], "", 64, "unknown method"),
            (["--bootstrap", "5", "-k", "0"], "", 64, "-k"),
            (["--bootstrap", "5"], "#%mi v1 name=a dx=1 dy=1\n1\tx\n", 1, "line 2")
        ]
        for (args, input, status, message) in cases {
            let r = try ToolRunner.run("mi-quantiles", args, input: Data(input.utf8))
            XCTAssertEqual(r.status, status, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("mi-quantiles: error: ") && r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
    }

    func testKAtLeastNIsAClearWarningAndAnEmptyField() throws {
        let r = try ToolRunner.run("mi-estimate", ["--method", "ksg,cca", "-k", "3,6", "--dx", "1"], input: Data("1\t2\n2\t1\n3\t5\n4\t3\n5\t4\n6\t6\n".utf8))
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(
            r.stderr,
            "mi-estimate: warning: stdin: ksg: k=6 needs more than 6 rows, the data set has 6\n"
                + "mi-estimate: error: 1 estimate could not be made (reasons above)\n", r.stderr)
        let rows = ToolRunner.table(r.text)
        XCTAssertEqual(rows[0]["mi"], ""); XCTAssertNotEqual(rows[1]["mi"], "")
    }

    func testParallelDataSetsComeOutInInputOrder() throws {
        let data = try sample(["meta", "--count", "12", "--seed", "3", "--n", "100,3000"])
        let one = try ToolRunner.run("mi-estimate", ["--method", "ksg,gc", "--threads", "1"], input: data)
        let two = try ToolRunner.run("mi-estimate", ["--method", "ksg,gc", "--threads", "2"], input: data)
        let strip = { (t: String) in ToolRunner.table(t).map { $0.filter { $0.key != "seconds" } } }
        XCTAssertEqual(strip(one.text).count, 24)
        XCTAssertEqual(strip(one.text), strip(two.text))
    }

    func testPairsLongTableAndMatrix() throws {
        let csv =
            "a,b,c\n"
            + (0..<200).map { i in
                let x = Double(i % 17) + Double(i) / 200, z = Double((i * 7919) % 101)
                return "\(x),\(x * x + Double(i % 3) / 10),\(z)"
            }.joined(separator: "\n") + "\n"
        let long = try ToolRunner.run("mi-estimate", ["--pairs", "--method", "gc"], input: Data(csv.utf8))
        XCTAssertEqual(long.status, 0, long.stderr)
        let rows = ToolRunner.table(long.text)
        XCTAssertEqual(rows.map { "\($0["col_i"]!)~\($0["col_j"]!)" }, ["a~b", "a~c", "b~c"])
        XCTAssertGreaterThan(Double(rows[0]["mi"]!)!, Double(rows[1]["mi"]!)!)
        let matrix = try ToolRunner.run("mi-estimate", ["--pairs", "--matrix", "--method", "gc"], input: Data(csv.utf8))
        let lines = matrix.text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(lines[0], ["column", "a", "b", "c"])
        XCTAssertEqual(lines[1][1], ""); XCTAssertEqual(lines[1][2], rows[0]["mi"]); XCTAssertEqual(lines[2][1], rows[0]["mi"])
        let bad = try ToolRunner.run("mi-estimate", ["--pairs", "--method", "ksg,gc"], input: Data(csv.utf8))
        XCTAssertEqual(bad.status, 64)
    }
}
