import XCTest
import MIRecords

/// Plain user data (no metadata line). Oracle: the literal table.
final class PlainDataTests: XCTestCase {
    func testTwoColumnDefaultWithHeaderAndComments() throws {
        let d = try readAll("# exported\n\nx\ty\n1\t2\n# mid\n3\t4\r\n")[0]
        XCTAssertEqual([d.dx, d.dy, d.rows, d.startLine], [1, 1, 2, 4])
        XCTAssertEqual(d.values, [1, 2, 3, 4])
        XCTAssertEqual(d.columnNames, ["x", "y"])
        XCTAssertEqual(d.metadata, Metadata([("dx", "1"), ("dy", "1"), ("n", "2")]))
    }

    func testNoHeaderWhenEveryFieldIsANumber() throws {
        let d = try readAll("1e3,-2\n3,4\n")[0]
        XCTAssertNil(d.columnNames)
        XCTAssertEqual(d.values, [1000, -2, 3, 4])
        XCTAssertEqual(d.startLine, 1)
    }

    func testDelimiters() throws {
        XCTAssertEqual(try readAll("a,b\n1, 2\n 3 ,4\n")[0].values, [1, 2, 3, 4])  // CSV, spaces trimmed
        XCTAssertEqual(try readAll("a\tb\n1\t2\n")[0].values, [1, 2])  // TSV
        XCTAssertEqual(try readAll("  a   b\n  1    2  \n3 4\n")[0].values, [1, 2, 3, 4])  // whitespace runs
        XCTAssertEqual(try readAll("1;2\n3;4\n", options(delimiter: UInt8(ascii: ";")))[0].values, [1, 2, 3, 4])
        // tab wins over comma in detection: "1,5" is then one (bad) field
        assertReadError("a\tb\n1,5\t2\n", .init(), "line 2: field 1: not a number: '1,5'")
    }

    let table = "id,a,b,c,d\n1,10,20,30,40\n2,11,21,31,41\n"

    func testDxAndDy() throws {
        let d = try readAll(table, options(dx: 2))[0]
        XCTAssertEqual([d.dx, d.dy], [2, 3])
        XCTAssertEqual(d.values, [1, 10, 20, 30, 40, 2, 11, 21, 31, 41])
        let e = try readAll(table, options(dx: 1, dy: 2))[0]
        XCTAssertEqual([e.dx, e.dy], [1, 2])
        XCTAssertEqual(e.values, [1, 10, 20, 2, 11, 21])
        XCTAssertEqual(e.columnNames, ["id", "a", "b"])
    }

    func testColumnSelectionsByNumberRangeOpenRangeAndName() throws {
        let a = try readAll(table, options(x: "2", y: "4"))[0]
        XCTAssertEqual(a.values, [10, 30, 11, 31])
        let b = try readAll(table, options(x: "2-3", y: "4-"))[0]
        XCTAssertEqual([b.dx, b.dy], [2, 2])
        XCTAssertEqual(b.values, [10, 20, 30, 40, 11, 21, 31, 41])
        let c = try readAll(table, options(x: "d,a", y: "b"))[0]
        XCTAssertEqual(c.values, [40, 10, 20, 41, 11, 21])
        XCTAssertEqual(c.columnNames, ["d", "a", "b"])
        // a range of header names; only --x: Y is every other column (including the id column)
        let e = try readAll(table, options(x: "b-c"))[0]
        XCTAssertEqual(e.values, [20, 30, 1, 10, 40, 21, 31, 2, 11, 41])
        // the unselected column may hold text: it is not parsed
        let f = try readAll("name,u,v\nann,1,2\nbob,3,4\n", options(x: "u", y: "v"))[0]
        XCTAssertEqual(f.values, [1, 2, 3, 4])
    }

    func testColumnSelectionErrors() {
        assertReadError(table, options(x: "2", y: "9"), "--y: column 9 does not exist (the data has 5 columns)")
        assertReadError(table, options(x: "zz", y: "a"), "--x: no column named 'zz' in the header")
        assertReadError("1,2,3\n", options(x: "u", y: "2"), "--x: no header line, so column name 'u' cannot be resolved")
        assertReadError(table, options(x: "1-2", y: "2-3"), "column 2 is in both --x and --y")
        assertReadError(table, options(dx: 3, x: "1-2"), "--dx 3 disagrees with --x (2 columns)")
        assertReadError(table, options(dx: 5), "--dx 5 leaves no columns for Y (the data has 5 columns)")
        assertReadError(table, options(dx: 3, dy: 3), "--dx 3 --dy 3 needs 6 columns, the data has 5")
    }

    func testCannotTellXFromY() {
        assertReadError(table, .init(), "cannot tell X from Y: give --dx N, or --x and --y")
        assertReadError("1\n2\n", .init(), "cannot tell X from Y: give --dx N, or --x and --y")
    }
}
