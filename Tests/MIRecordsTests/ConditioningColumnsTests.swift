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

    func testTextInTheFirstDataRowMakesALabelColumn() throws {
        // Without --discrete: a column whose first value is text (beginning with a letter) holds labels,
        // and the data set says which were detected; declared ones are not listed.
        let d = try readAll("fruit\tn\napple\t0.5\npear\t1.5\n", ReadOptions())[0]
        XCTAssertEqual(d.values, [0, 0.5, 1, 1.5])
        XCTAssertEqual(d.detectedLabelColumns, [0])
        var o = ReadOptions()
        o.dx = 2
        let e = try readAll("fruit\tw\tn\napple\tx1\t0.5\npear\t3\t1.5\napple\tx1\t2.5\n", o)[0]
        XCTAssertEqual(e.values, [0, 0, 0.5, 1, 1, 1.5, 0, 0, 2.5])
        XCTAssertEqual(e.labels[0], ["apple", "pear"])
        XCTAssertEqual(e.labels[1], ["x1", "3"])
        XCTAssertEqual(e.detectedLabelColumns, [0, 1])
        o.discreteColumns = "1"
        XCTAssertEqual(try readAll("fruit\tw\tn\napple\tx1\t0.5\n", o)[0].detectedLabelColumns, [1])
        // Headerless: the first row is the header, the next row decides.
        XCTAssertEqual(try readAll("red\t1\nblue\t2\nred\t3\n", ReadOptions())[0].values, [0, 2, 1, 3])
        // Not labels: a first value that does not begin with a letter stays a bad number, and text
        // after a numeric first value is an error.
        assertReadError(Array("a\tb\n1,5\t2\n".utf8), ReadOptions(), "line 2: field 1: not a number: '1,5'")
        assertReadError(Array("a\tb\n1\t2\nred\t3\n".utf8), ReadOptions(), "line 3: field 1: not a number: 'red'")
        // nan and inf are numbers (reported as non-finite), never labels.
        assertReadError(Array("a\tb\nnan\t2\n".utf8), ReadOptions(), "line 2: field 1: non-finite value 'nan'")
        // Unselected columns are not read at all.
        o = ReadOptions()
        o.xColumns = "2"
        o.yColumns = "3"
        XCTAssertEqual(try readAll("a\tb\tc\nred\t1\t2\n", o)[0].detectedLabelColumns, [])
    }

    func testLabelErrors() {
        var o = ReadOptions()
        o.discreteColumns = "2"
        assertReadError(Array("a\tb\n1\ty\nx\tz\n".utf8), o, "line 3: field 1: not a number: 'x'")
        o.discreteColumns = "3"
        o.xColumns = "1"
        o.yColumns = "2"
        assertReadError(Array("a\tb\tc\n1\t2\tz\n".utf8), o, "--discrete: column 3 is not one of X, Y or Z")
        o = ReadOptions()
        o.discreteColumns = "1"
        assertReadError(Array("#%mi v1 dx=1 dy=1\n1\t2\n".utf8), o, "line 1: --discrete declares columns of plain data only; a stream's values are numbers")
    }
}
