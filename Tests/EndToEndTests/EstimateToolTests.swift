import Foundation
import XCTest

/// `mi-estimate` on plain tables, streams and bad input.
final class EstimateToolTests: XCTestCase {
    func estimate(_ args: [String], _ input: String) throws -> ToolRunner.Result {
        try ToolRunner.run("mi-estimate", args, input: Data(input.utf8))
    }

    func testKnownTableGivesTheBivariateGaussianFormula() throws {
        // For 1-D X and Y, CCA's MI is −½·log(1 − r²) with r the Pearson correlation of the columns.
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8], y: [Double] = [2, 1, 4, 3, 7, 5, 8, 6]
        let mx = x.reduce(0, +) / 8, my = y.reduce(0, +) / 8
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let r = sxy / (x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) } * y.reduce(0) { $0 + ($1 - my) * ($1 - my) }).squareRoot()
        let csv = "x,y\n" + zip(x, y).map { "\(Int($0)),\(Int($1))" }.joined(separator: "\n") + "\n"
        let out = try estimate(["--method", "cca"], csv)
        XCTAssertEqual(out.status, 0, out.stderr)
        let row = try XCTUnwrap(ToolRunner.table(out.text).first)
        XCTAssertEqual(row["method"], "cca"); XCTAssertEqual(row["n"], "8"); XCTAssertEqual(row["true_mi"], "")
        XCTAssertEqual(Double(row["mi"]!)!, -0.5 * log(1 - r * r), accuracy: 1e-12)
        // The same columns picked by name from a wider table, and in bits.
        let wide = "a\tnoise\tb\n" + zip(x, y).enumerated().map { "\($1.0)\t\($0 * 7 % 5)\t\($1.1)" }.joined(separator: "\n") + "\n"
        let named = try estimate(["--method", "cca", "--x", "a", "--y", "b", "--bits"], wide)
        XCTAssertEqual(Double(ToolRunner.table(named.text)[0]["mi"]!)!, -0.5 * log(1 - r * r) / log(2), accuracy: 1e-12)
    }

    func testStreamMetadataReachesTheTable() throws {
        let stream = "#%mi v1 name=mine dx=1 dy=1 true_mi=0.5 seed=3 lab=alpha%20beta\n1\t2\n2\t1\n3\t5\n4\t3\n5\t4\n"
        let out = try estimate([], stream)
        XCTAssertEqual(out.status, 0, out.stderr)
        let row = ToolRunner.table(out.text)[0]
        XCTAssertEqual(row["name"], "mine"); XCTAssertEqual(row["true_mi"], "0.5")
        XCTAssertEqual(row["meta"], "seed=3 lab=alpha beta")
        let json = try estimate(["--format", "json"], stream)
        XCTAssertTrue(json.text.contains("\"name\":\"mine\""), json.text)
        XCTAssertTrue(json.text.contains("\"lab\":\"alpha beta\""), json.text)
    }

    func testTextAndBinaryStreamsGiveTheSameEstimates() throws {
        let tsv = try ToolRunner.run("mi-sample", ["meta", "--count", "6", "--seed", "2", "--n", "100,500", "--d", "1,5"])
        let bin = try ToolRunner.run("mi-sample", ["meta", "--count", "6", "--seed", "2", "--n", "100,500", "--d", "1,5", "--format", "bin"])
        XCTAssertLessThan(bin.stdout.count, tsv.stdout.count)
        let a = ToolRunner.table(try ToolRunner.run("mi-estimate", [], input: tsv.stdout).text)
        let b = ToolRunner.table(try ToolRunner.run("mi-estimate", [], input: bin.stdout).text)
        XCTAssertEqual(a.count, 6)
        XCTAssertEqual(a.map { $0["mi"]! }, b.map { $0["mi"]! })
        XCTAssertEqual(a.map { $0["true_mi"]! }, b.map { $0["true_mi"]! })
    }

    /// The learned default gives the same numbers whatever --threads (its batches are made before the
    /// workers share them), and mi-quantiles' learned median is mi-estimate's estimate.
    func testLearnedEstimatesDoNotDependOnTheThreadCount() throws {
        let data = try ToolRunner.run("mi-sample", ["meta", "--count", "40", "--seed", "4", "--n", "10,2500", "--d", "1,6", "--format", "bin"]).stdout
        let strip = { (t: String) in ToolRunner.table(t).map { $0.filter { $0.key != "seconds" } } }
        let runs = try ["1", "2", "3"].map { strip(try ToolRunner.run("mi-estimate", ["--threads", $0], input: data).text) }
        XCTAssertEqual(runs[0].count, 40)
        XCTAssertEqual(runs[0], runs[1])
        XCTAssertEqual(runs[0], runs[2])
        let q1 = strip(try ToolRunner.run("mi-quantiles", ["--threads", "1"], input: data).text)
        let q2 = strip(try ToolRunner.run("mi-quantiles", ["--threads", "2"], input: data).text)
        XCTAssertEqual(q1, q2)
        XCTAssertEqual(q1.map { $0["mi"]! }, runs[0].map { $0["mi"]! })
    }

    func testLargeGaussianSampleRecoversTheTruth() throws {
        let sample = try ToolRunner.run("mi-sample", ["gauss", "--dx", "3", "--dy", "2", "--rho", "0.4", "-n", "200000", "--seed", "1", "--format", "bin"])
        let row = ToolRunner.table(try ToolRunner.run("mi-estimate", ["--method", "cca"], input: sample.stdout).text)[0]
        // Standard error of the plug-in Gaussian MI is about sqrt(dx·dy/n)·(scale < 1): 0.005 here.
        XCTAssertEqual(Double(row["mi"]!)!, Double(row["true_mi"]!)!, accuracy: 0.02)
    }

    func testMalformedInputIsOneLineAndExitOne() throws {
        let frameHeader = "#%mi v1 name=f dx=1 dy=1 format=f32le rows=3\n"
        let cases: [(String, [String], String)] = [
            ("1\t2\t3\n4\t5\n", ["--dx", "1"], "line 2: expected 3 fields, got 2"),
            ("1\t2\n3\tabc\n", [], "line 2: field 2: not a number: 'abc'"),
            ("1\t2\nnan\t3\n", [], "line 2: field 1: non-finite value 'nan'"),
            ("1\t2\n3\tinf\n", [], "line 2: field 2: non-finite value 'inf'"),
            ("#%mi v1 name=a dx=2 dy=2\n1\t2\t3\n", [], "line 2: expected 4 fields, got 3"),
            ("#%mi v2 name=a dx=1 dy=1\n1\t2\n", [], "unsupported stream version v2"),
            (frameHeader + "abcd", [], "truncated binary frame"),
            ("", [], "empty input: no data rows"),
            ("# only a comment\n", [], "empty input: no data rows"),
            ("1\t2\t3\n", [], "cannot tell X from Y")
        ]
        for (input, args, message) in cases {
            let r = try estimate(args, input)
            XCTAssertEqual(r.status, 1, "\(input.debugDescription) → \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("mi-estimate: error: "), r.stderr)
            XCTAssertTrue(r.stderr.contains(message), "expected '\(message)' in \(r.stderr)")
            XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, r.stderr)
        }
    }

    func testEstimatorLimitsAndBadOptions() throws {
        // Too few rows for one data set: its mi is left empty with a warning; the others are estimated,
        // and the exit status (1) says that one estimate could not be made.
        let r = try estimate(["--method", "cca"], "#%mi v1 name=small dx=1 dy=1\n1\t2\n2\t3\n#%mi v1 name=ok dx=1 dy=1\n1\t2\n2\t1\n3\t4\n4\t3\n")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(
            r.stderr,
            "mi-estimate: warning: small: cca needs more rows than columns (n=2, dx+dy=2)\n"
                + "mi-estimate: error: 1 estimate could not be made (reasons above)\n")
        let rows = ToolRunner.table(r.text)
        XCTAssertEqual(rows.map { $0["name"]! }, ["small", "ok"])
        XCTAssertEqual(rows[0]["mi"], "")
        XCTAssertNotNil(Double(rows[1]["mi"]!))
        let m = try estimate(["--method", "nope"], "1\t2\n")
        XCTAssertEqual(m.status, 64)
        XCTAssertTrue(m.stderr.contains("unknown method 'nope'"), m.stderr)
        let f = try ToolRunner.run("mi-estimate", ["/nonexistent/file.tsv"])
        XCTAssertEqual(f.status, 1)
        XCTAssertEqual(f.stderr, "mi-estimate: error: cannot open /nonexistent/file.tsv: No such file or directory\n")
    }
}

/// Without --method, data the model never saw go to a documented fallback, said in one line.
final class DefaultRouteTests: XCTestCase {
    func estimate(_ args: [String], _ input: String) throws -> ToolRunner.Result {
        try ToolRunner.run("mi-estimate", args, input: Data(input.utf8))
    }

    func testTiedColumnsGoByTheirType() throws {
        // A binary X and a continuous Y: Ross's estimator.
        let rows = (0..<300).map { i in "\(i % 2)\t\(Double(i % 2) + 0.001 * Double(i))" }.joined(separator: "\n") + "\n"
        let out = try estimate(["--dx", "1"], rows)
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(ToolRunner.table(out.text)[0]["method"], "ross")
        let lines = out.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, out.stderr)
        XCTAssertTrue(lines[0].contains("X column 1 has 2 distinct values") && lines[0].hasSuffix("estimated with ross"), out.stderr)
        // Both discrete: the plug-in; many tied levels (rounded continuous values): ksg-mixed.
        let both = (0..<300).map { i in "\(i % 3)\t\((i % 3) * 2 + i % 2)" }.joined(separator: "\n") + "\n"
        XCTAssertEqual(ToolRunner.table(try estimate(["--dx", "1"], both).text)[0]["method"], "discrete")
        let rounded = (0..<300).map { i in "\(sin(Double(i)))\t\((sin(Double(i)) * 50).rounded() / 10)" }.joined(separator: "\n") + "\n"
        XCTAssertEqual(ToolRunner.table(try estimate(["--dx", "1"], rounded).text)[0]["method"], "ksg-mixed")
        // Asked for by name, mist still refuses (exit 1).
        XCTAssertEqual(try estimate(["--dx", "1", "--method", "mist"], rows).status, 1)
    }

    func testConstantVariableIsExactlyZeroAndConstantColumnsAreDropped() throws {
        let rows = (0..<50).map { i in "7\t\(i)\t\(sin(Double(i) * 1.3))" }.joined(separator: "\n") + "\n"
        let x = try estimate(["--dx", "1"], rows)
        XCTAssertEqual(x.status, 0, x.stderr)
        XCTAssertEqual(ToolRunner.table(x.text)[0]["method"], "exact")
        XCTAssertEqual(ToolRunner.table(x.text)[0]["mi"], "0")
        XCTAssertTrue(x.stderr.contains("X is constant: MI = 0 exactly"), x.stderr)
        let dropped = try estimate(["--dx", "2"], rows)
        XCTAssertEqual(dropped.status, 0, dropped.stderr)
        let row = ToolRunner.table(dropped.text)[0]
        XCTAssertEqual(row["method"], "mist"); XCTAssertEqual(row["dx"], "2")
        XCTAssertTrue(dropped.stderr.contains("1 constant column dropped"), dropped.stderr)
    }

    func testTooManyDimensionsGoToGcAndFewRowsAreSaid() throws {
        let wide = try ToolRunner.run("mi-sample", ["gauss", "--dx", "129", "--dy", "2", "-n", "300", "--seed", "1"]).text
        let out = try estimate([], wide)
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(ToolRunner.table(out.text)[0]["method"], "gc")
        XCTAssertTrue(out.stderr.contains("dx = 129, dy = 2: above the model's"), out.stderr)
        let few = try ToolRunner.run("mi-sample", ["gauss", "-d", "2", "-n", "8", "--seed", "1"]).text
        let small = try estimate([], few)
        XCTAssertEqual(small.status, 0, small.stderr)
        XCTAssertEqual(ToolRunner.table(small.text)[0]["method"], "mist")
        XCTAssertTrue(small.stderr.contains("n = 8 is below the smallest n the model was trained on"), small.stderr)
    }

    func testPairsRouteTiedAndConstantColumnsOncePerColumn() throws {
        let header = "a\tb\tc\td\n"
        let rows = (0..<200).map { i in "\(i % 3)\t5\t\(sin(Double(i)))\t\(cos(Double(i) * 0.7))" }.joined(separator: "\n") + "\n"
        let out = try estimate(["--pairs", "--format", "json"], header + rows)
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(out.stderr.split(separator: "\n").count, 2, out.stderr)
        XCTAssertTrue(out.stderr.contains("column b is constant") && out.stderr.contains("column a is tied"), out.stderr)
        XCTAssertTrue(out.text.contains("{\"col_i\":\"a\",\"col_j\":\"b\",\"method\":\"exact\",\"mi\":0}"), out.text)
        XCTAssertTrue(out.text.contains("{\"col_i\":\"a\",\"col_j\":\"c\",\"method\":\"ksg-mixed\""), out.text)
        XCTAssertTrue(out.text.contains("{\"col_i\":\"c\",\"col_j\":\"d\",\"method\":\"mist\""), out.text)
    }
}

/// Text labels and the route they take.
final class LabelRouteTests: XCTestCase {
    func testLabelledClassesAgainstAContinuousColumnGoToRoss() throws {
        var rows = "class\tvalue\n"
        for i in 0..<600 { let c = ["red", "green", "blue"][i % 3]; rows += "\(c)\t\(Double(i % 3) + 2 * sin(Double(i) * 0.77).magnitude)\n" }
        let out = try ToolRunner.run("mi-estimate", ["--x", "class", "--y", "value", "--discrete", "class"], input: Data(rows.utf8))
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertEqual(ToolRunner.table(out.text)[0]["method"], "ross")
        let both = try ToolRunner.run("mi-estimate", ["--x", "class", "--y", "value", "--discrete", "class,value", "--method", "discrete"], input: Data(rows.utf8))
        XCTAssertEqual(both.status, 1, "600 distinct values are not a discrete variable: \(both.stderr)")
    }
}
