import Foundation
import XCTest

/// `mi-sample derive`: the self-consistency data sets have the structure they claim (checked row by
/// row against the source) and the truths that follow from it; estimators then agree with them.
final class DeriveToolTests: XCTestCase {
    /// A stream's data sets as (metadata pairs, rows of numbers).
    func parse(_ text: String) -> [(meta: [String: String], rows: [[Float]])] {
        var out: [(meta: [String: String], rows: [[Float]])] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#%mi v1 ") {
                let pairs = line.dropFirst(8).split(separator: " ").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
                out.append((Dictionary(uniqueKeysWithValues: pairs.map { ($0[0], $0[1]) }), []))
            } else {
                out[out.count - 1].rows.append(line.split(separator: "\t").map { Float($0)! })
            }
        }
        return out
    }

    func source() throws -> Data {
        let r = try ToolRunner.run("mi-sample", ["gauss", "--dx", "2", "--dy", "1", "--rho", "0.5", "-n", "101", "--seed", "4"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    func derive(_ test: String, _ input: Data, seed: String = "7") throws -> (meta: [String: String], rows: [[Float]]) {
        let r = try ToolRunner.run("mi-sample", ["derive", test, "--seed", seed], input: input)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try ToolRunner.run("mi-sample", ["derive", test, "--seed", seed], input: input).stdout, r.stdout, "same seed, same bytes")
        return try XCTUnwrap(parse(r.text).first)
    }

    func testDerivedDataSetsHaveTheClaimedStructureAndTruth() throws {
        let input = try source()
        let src = try XCTUnwrap(parse(String(decoding: input, as: UTF8.self)).first)
        let truth = try XCTUnwrap(Double(src.meta["true_mi"]!))

        let ind = try derive("independence", input)
        XCTAssertEqual(ind.meta["true_mi"], "0")
        XCTAssertEqual(Double(ind.meta["source_true_mi"]!), truth)
        XCTAssertEqual(ind.meta["name"], "\(src.meta["name"]!)-independence")
        XCTAssertEqual(ind.rows.map { Array($0[0..<2]) }, src.rows.map { Array($0[0..<2]) }, "X unchanged, row by row")
        XCTAssertEqual(ind.rows.map { $0[2] }.sorted(), src.rows.map { $0[2] }.sorted(), "Y's rows a permutation")
        XCTAssertNotEqual(ind.rows.map { $0[2] }, src.rows.map { $0[2] })
        XCTAssertNotEqual(try derive("independence", input, seed: "8").rows.map { $0[2] }, ind.rows.map { $0[2] })

        let proc = try derive("processing", input)
        XCTAssertEqual([proc.meta["dx"], proc.meta["dy"]], ["2", "2"])
        XCTAssertEqual(Double(proc.meta["true_mi"]!), truth)
        for (p, s) in zip(proc.rows, src.rows) {
            XCTAssertEqual(Array(p[0..<3]), s)
            XCTAssertEqual(p[3], s[2] * s[2] * s[2])
        }

        let add = try derive("additivity", input)
        XCTAssertEqual([add.meta["dx"], add.meta["dy"], add.meta["n"]], ["4", "2", "50"])
        XCTAssertEqual(add.rows.count, 50)
        XCTAssertEqual(try XCTUnwrap(Double(add.meta["true_mi"]!)), 2 * truth, accuracy: 1e-12)
        // Each row is two distinct source rows a, b laid out X_a X_b Y_a Y_b; no source row used twice.
        var used = Set<Int>()
        let index = Dictionary(src.rows.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for r in add.rows {
            let a = try XCTUnwrap(index[[r[0], r[1], r[4]]]), b = try XCTUnwrap(index[[r[2], r[3], r[5]]])
            XCTAssertTrue(used.insert(a).inserted && used.insert(b).inserted)
        }
    }

    /// Z columns are carried: shuffled with X in independence, doubled in additivity.
    func testConditionalDataAndPlainTables() throws {
        let cmi = try ToolRunner.run("mi-sample", ["cmi", "-n", "10", "--seed", "1"]).stdout
        let add = try derive("additivity", cmi)
        XCTAssertEqual([add.meta["dx"], add.meta["dy"], add.meta["dz"], add.meta["n"]], ["2", "2", "2", "5"])
        XCTAssertNil(add.meta["marginal_mi"])
        let table = try derive("processing", Data("1\t2\n3\t-4\n".utf8))
        XCTAssertEqual(table.rows, [[1, 2, 8], [3, -4, -64]])
        XCTAssertNil(table.meta["true_mi"])
        for (input, needle) in [("1\t2\n", "additivity needs at least 2 rows"), ("1\t3e20\n2\t1\n", "outside float32")] {
            let r = try ToolRunner.run("mi-sample", ["derive", input.hasPrefix("1\t2") ? "additivity" : "processing"], input: Data(input.utf8))
            XCTAssertEqual(r.status, 1)
            XCTAssertTrue(r.stderr.contains(needle), r.stderr)
            XCTAssertTrue(r.stdout.isEmpty)
        }
    }

    /// The checks a user runs: KSG ≈ 0 on the independent copy, ≈ the source's on the processed one,
    /// ≈ twice it on the additive one (1 × 1 Gaussian, n = 4000; CCA for additivity, where KSG's bias
    /// grows with the dimension).
    func testEstimatesFollowTheDerivedTruths() throws {
        let input = try ToolRunner.run("mi-sample", ["gauss", "-d", "1", "--rho", "0.6", "-n", "4000", "--seed", "2"]).stdout
        func estimate(_ data: Data, _ method: String) throws -> Double {
            let r = try ToolRunner.run("mi-estimate", ["--method", method], input: data)
            XCTAssertEqual(r.status, 0, r.stderr)
            return try XCTUnwrap(Double(ToolRunner.table(r.text)[0]["mi"]!))
        }
        let base = try estimate(input, "ksg")
        let stream = { (t: String) in try ToolRunner.run("mi-sample", ["derive", t, "--seed", "1"], input: input).stdout }
        XCTAssertLessThan(try estimate(stream("independence"), "ksg"), 0.02)
        XCTAssertEqual(try estimate(stream("processing"), "ksg"), base, accuracy: 0.05)
        XCTAssertEqual(try estimate(stream("additivity"), "cca"), 2 * (try estimate(input, "cca")), accuracy: 0.06)
    }
}
