import XCTest
import MIRecords

/// Z columns (conditional MI): `dz=` in streams, `--z` / `--dz` for plain tables.
final class ConditioningColumnsTests: XCTestCase {
    func testStreamDzRoundTripsInBothFormats() throws {
        let values: [Float] = (0..<24).map { Float($0) * 0.5 - 3 }  // 4 rows × (1 + 2 + 3)
        for format in [StreamFormat.tsv, .bin] {
            let sink = MemorySink()
            let writer = RecordWriter(sink: sink, format: format)
            try writer.beginDataset(Metadata([("name", "c")]), dx: 1, dy: 2, dz: 3, rows: 4)
            try values.withUnsafeBufferPointer { try writer.writeRows($0) }
            try writer.endDataset()
            try writer.finish()
            let d = try readAll(sink.bytes)[0]
            XCTAssertEqual([d.dx, d.dy, d.dz, d.rows, d.width], [1, 2, 3, 4, 6], "\(format)")
            XCTAssertEqual(bits(d.values), bits(values))
            XCTAssertEqual(d.metadata["dz"], "3")
        }
    }

    func testStreamsWithoutDzAreUnchanged() throws {
        let d = try readAll("#%mi v1 dx=1 dy=1\n1\t2\n3\t4\n")[0]
        XCTAssertEqual(d.dz, 0)
        XCTAssertEqual(d.width, 2)
        let zero = try readAll("#%mi v1 dx=1 dy=1 dz=0\n1\t2\n")[0]
        XCTAssertEqual(zero.dz, 0)
    }

    func testBadDzIsAnError() {
        assertReadError(Array("#%mi v1 dx=1 dy=1 dz=-1\n1\t2\n".utf8), .init(), "line 1: metadata dz='-1' is not a column count")
        assertReadError(Array("#%mi v1 dx=1 dy=1 dz=2\n1\t2\t3\n".utf8), .init(), "line 2: expected 4 fields, got 3")
        var o = ReadOptions()
        o.dz = 2
        assertReadError(Array("#%mi v1 dx=1 dy=1 dz=1\n1\t2\t3\n".utf8), o, "line 1: --dz 2 disagrees with the stream's dz=1")
    }

    func testZColumnsOfAPlainTable() throws {
        let table = "a\tb\tc\td\n1\t2\t3\t4\n5\t6\t7\t8\n"
        var o = ReadOptions()
        o.zColumns = "b"
        o.xColumns = "d"
        o.yColumns = "a"
        var d = try readAll(table, o)[0]
        XCTAssertEqual([d.dx, d.dy, d.dz], [1, 1, 1])
        XCTAssertEqual(d.values, [4, 1, 2, 8, 5, 6])
        XCTAssertEqual(d.columnNames ?? [], ["d", "a", "b"])
        // --z alone: X and Y from the rest (first of them X, with 2 left).
        o = ReadOptions()
        o.zColumns = "c-d"
        d = try readAll(table, o)[0]
        XCTAssertEqual([d.dx, d.dy, d.dz], [1, 1, 2])
        XCTAssertEqual(d.values, [1, 2, 3, 4, 5, 6, 7, 8])
        // --dz: the last columns.
        o = ReadOptions()
        o.dz = 1
        o.dx = 2
        d = try readAll(table, o)[0]
        XCTAssertEqual([d.dx, d.dy, d.dz], [2, 1, 1])
        // Overlaps and impossible splits.
        o = ReadOptions()
        o.zColumns = "a"
        o.xColumns = "a"
        o.yColumns = "b"
        assertReadError(Array(table.utf8), o, "column 1 is in both --x and --z")
        o = ReadOptions()
        o.dz = 3
        assertReadError(Array(table.utf8), o, "--dz 3 leaves fewer than 2 columns for X and Y (the data has 4 columns)")
    }
}

/// `--discrete`: label columns of plain tables.
final class LabelColumnsTests: XCTestCase {
    func testLabelsBecomeCodesInOrderOfFirstAppearance() throws {
        let table = "colour,size,w\nred,1.5,a\ngreen,2.5,b\nred,0.5,a\nblue,1,c\n"
        var o = ReadOptions()
        o.xColumns = "colour"
        o.yColumns = "size"
        o.zColumns = "w"
        o.discreteColumns = "colour,w"
        let d = try readAll(table, o)[0]
        XCTAssertEqual(d.values, [0, 1.5, 0, 1, 2.5, 1, 0, 0.5, 0, 2, 1, 2])
        XCTAssertEqual(d.labels[0], ["red", "green", "blue"])
        XCTAssertEqual(d.labels[2], ["a", "b", "c"])
        XCTAssertNil(d.labels[1])
        // Numbers in a discrete column are labels too: "1" and "1.0" are two categories.
        o = ReadOptions()
        o.discreteColumns = "1"
        XCTAssertEqual(try readAll("a\tb\n1\t5\n1.0\t6\n1\t7\n", o)[0].values, [0, 5, 1, 6, 0, 7])
    }

    func testLabelErrors() {
        var o = ReadOptions()
        o.discreteColumns = "2"
        assertReadError(Array("a\tb\nx\ty\n".utf8), o, "line 2: field 1: not a number: 'x'")
        o.discreteColumns = "3"
        o.xColumns = "1"
        o.yColumns = "2"
        assertReadError(Array("a\tb\tc\n1\t2\tz\n".utf8), o, "--discrete: column 3 is not one of X, Y or Z")
        o = ReadOptions()
        o.discreteColumns = "1"
        assertReadError(Array("#%mi v1 dx=1 dy=1\n1\t2\n".utf8), o, "line 1: --discrete declares columns of plain data only; a stream's values are numbers")
    }
}
