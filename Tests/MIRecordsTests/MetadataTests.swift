import XCTest
import MIRecords

final class MetadataTests: XCTestCase {
    func testParseKeepsOrderAndUnknownKeys() throws {
        let m = try Metadata.parse(line: "#%mi v1 name=gauss-dense dx=16 dy=16 n=1000 true_mi=2.6512 seed=7 family=gauss\r\n")
        XCTAssertEqual(m.keys, ["name", "dx", "dy", "n", "true_mi", "seed", "family"])
        XCTAssertEqual(m["true_mi"], "2.6512")
        XCTAssertEqual(m.line(), "#%mi v1 name=gauss-dense dx=16 dy=16 n=1000 true_mi=2.6512 seed=7 family=gauss")
    }

    func testSubscriptReplacesInPlaceAppendsAndRemoves() {
        var m = Metadata([("a", "1"), ("b", "2"), ("c", "3")])
        m["b"] = "20"
        m["d"] = "4"
        m["a"] = nil
        XCTAssertEqual(m, Metadata([("b", "20"), ("c", "3"), ("d", "4")]))
        XCTAssertNotEqual(m, Metadata([("c", "3"), ("b", "20"), ("d", "4")]))  // order matters
    }

    func testPercentEncodingRoundTrip() throws {
        let tricky = "a b%c=d\te\nf\rg=%20 ünï"
        let m = Metadata([("note", tricky), ("odd key", "x=y"), ("empty", "")])
        let line = m.line()
        XCTAssertEqual(line, "#%mi v1 note=a%20b%25c%3Dd%09e%0Af%0Dg%3D%2520%20ünï odd%20key=x%3Dy empty=")
        XCTAssertEqual(try Metadata.parse(line: line), m)
        XCTAssertEqual(try Metadata.parse(line: "#%mi v1 k=%41%62")["k"], "Ab")  // any %XX decodes
    }

    func testParseErrors() {
        XCTAssertThrowsError(try Metadata.parse(line: "#%mi v2 dx=1")) {
            XCTAssertEqual("\($0)", "unsupported stream version v2 (this reader knows v1)")
        }
        XCTAssertThrowsError(try Metadata.parse(line: "#%mi v1 a=1 a=2")) {
            XCTAssertEqual("\($0)", "duplicate metadata key 'a'")
        }
        XCTAssertThrowsError(try Metadata.parse(line: "#%mi v1 a=%zz")) {
            XCTAssertEqual("\($0)", "bad percent-escape in metadata pair 'a=%zz'")
        }
    }
}

final class ColumnSelectionTests: XCTestCase {
    func testForms() throws {
        let header = ["id", "a", "b-c", "d", "e"]
        XCTAssertEqual(try ColumnSelection.parse("1,3", option: "--x", header: nil, columnCount: 5), [0, 2])
        XCTAssertEqual(try ColumnSelection.parse("2-4", option: "--x", header: nil, columnCount: 5), [1, 2, 3])
        XCTAssertEqual(try ColumnSelection.parse("4-", option: "--x", header: nil, columnCount: 5), [3, 4])
        XCTAssertEqual(try ColumnSelection.parse("-2", option: "--x", header: nil, columnCount: 5), [0, 1])
        XCTAssertEqual(try ColumnSelection.parse("e, b-c ,1", option: "--x", header: header, columnCount: 5), [4, 2, 0])
        XCTAssertEqual(try ColumnSelection.parse("a-d", option: "--x", header: header, columnCount: 5), [1, 2, 3])
    }

    func testErrors() {
        let cases: [(String, String)] = [
            ("0", "--x: columns are numbered from 1, got '0'"),
            ("3-1", "--x: backwards range '3-1'"),
            ("6-", "--x: column 6 does not exist (the data has 5 columns)"),
            ("1,,2", "--x '1,,2': empty column in list"),
            ("1,1", "--x: column 1 is listed twice")
        ]
        for (spec, message) in cases {
            XCTAssertThrowsError(try ColumnSelection.parse(spec, option: "--x", header: nil, columnCount: 5)) {
                XCTAssertEqual("\($0)", message)
            }
        }
    }
}
