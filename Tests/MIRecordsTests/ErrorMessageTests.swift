import XCTest
import MIRecords

/// Every malformed input gives its exact one-line message and position.
final class ErrorMessageTests: XCTestCase {
    func testTextRowErrors() {
        assertReadError("#%mi v1 dx=2 dy=1\n1\t2\t3\n4\t5\n", .init(), "line 3: expected 3 fields, got 2")
        assertReadError("#%mi v1 dx=2 dy=1\n1\t2\t3\t4\n", .init(), "line 2: expected 3 fields, got 4")
        assertReadError("a,b\n1,2\n3,abc\n", .init(), "line 3: field 2: not a number: 'abc'")
        assertReadError("1\t2\n3\t\n", .init(), "line 2: field 2: not a number: ''")
        assertReadError("a b\n1 2\n\n# c\nnan 2\n", .init(), "line 5: field 1: non-finite value 'nan'")
        assertReadError("1,inf\n", .init(), "line 1: field 2: non-finite value 'inf'")
        assertReadError("1,2\n3,4,5\n", .init(), "line 2: expected 2 fields, got 3")
    }

    func testRowWidthDisagreesWithMetadata() {
        assertReadError("#%mi v1 name=g dx=16 dy=16\n1 2 3 4 5 6\n", .init(), "line 2: expected 32 fields, got 6")
    }

    func testBinaryFrameErrors() {
        let header = "#%mi v1 dx=5 dy=5 format=f32le rows=100"  // 4000 bytes of data
        let headerBytes = header.utf8.count + 1
        var truncated = frame(header, [Float](repeating: 1, count: 30), newline: false)
        assertReadError(
            truncated, .init(),
            "byte \(headerBytes): truncated binary frame: expected 4000 bytes of data, got 120")
        truncated = Array("# lead\n".utf8) + truncated
        assertReadError(
            truncated, .init(),
            "byte \(headerBytes + 7): truncated binary frame: expected 4000 bytes of data, got 120")

        let small = "#%mi v1 dx=1 dy=1 format=f32le rows=2"
        let n = small.utf8.count + 1
        assertReadError(frame(small, [1, 2, 3, 4], newline: false), .init(), "byte \(n + 16): missing newline after binary frame")
        assertReadError(
            frame(small, [1, 2, 3, 4], newline: false) + [0x41], .init(),
            "byte \(n + 16): missing newline after binary frame")
        assertReadError(frame(small, [1, 2, 3, .nan]), .init(), "byte \(n + 12): non-finite value in binary frame, row 2")
        assertReadError(frame(small, [.infinity, 2, 3, 4]), .init(), "byte \(n): non-finite value in binary frame, row 1")
        assertReadError(
            frame(small, [1, 2, 3, 4]) + Array("5 6\n".utf8), .init(),
            "line 3: text after a binary frame (expected a metadata line or end of input)")
        assertReadError(
            "#%mi v1 dx=1 dy=1 format=f64be rows=1\n", .init(),
            "line 1: unsupported frame format 'f64be' (this reader knows f32le-esc and f32le)")
        assertReadError("#%mi v1 dx=1 dy=1 format=f32le\n", .init(), "line 1: format=f32le needs rows=N")
    }

    func testMetadataErrors() {
        assertReadError("#%mi v2 dx=1 dy=1\n1 2\n", .init(), "line 1: unsupported stream version v2 (this reader knows v1)")
        assertReadError(
            "#%mi v1 dx=1 dy=1\n1 2\n#%mi v2 dx=1\n", .init(),
            "line 3: unsupported stream version v2 (this reader knows v1)")
        assertReadError("#%mi v1 dy=1\n1 2\n", .init(), "line 1: metadata line is missing dx")
        assertReadError("#%mi v1 dx=x dy=1\n1 2\n", .init(), "line 1: metadata dx='x' is not a positive integer")
        assertReadError(
            "#%mi v1 dx=1 dy=1 oops\n1 2\n", .init(),
            "line 1: malformed metadata pair 'oops' (expected key=value)")
        assertReadError(
            "1 2\n#%mi v1 dx=1 dy=1\n", .init(),
            "line 2: metadata line after plain data (a stream must begin with its metadata line)")
    }

    func testEmptyInputs() {
        for text in ["", "\n\n", "# only a comment\n", "x\ty\n", "  \r\n"] {
            assertReadError(text, .init(), "empty input: no data rows")
        }
        assertReadError(
            "#%mi v1 name=gauss-dense dx=1 dy=1\n1 2\n#%mi v1 name=empty dx=1 dy=1\n# nothing\n", .init(),
            "line 3: dataset 'empty' has no rows")
        assertReadError("#%mi v1 dx=1 dy=1\n", .init(), "line 1: dataset #1 has no rows")
        assertReadError(
            frame("#%mi v1 name=z dx=1 dy=1 format=f32le rows=0", []), .init(),
            "line 1: dataset 'z' has no rows")
    }

    func testOptionConflictsWithMetadata() {
        let stream = "#%mi v1 name=gauss-dense dx=16 dy=16 n=1000\n"
        assertReadError(stream, options(dx: 3), "line 1: --dx 3 disagrees with the stream's dx=16")
        assertReadError(stream, options(dy: 2), "line 1: --dy 2 disagrees with the stream's dy=16")
        assertReadError(
            stream, options(x: "1"),
            "line 1: --x/--y select columns of plain data only; this stream declares dx=16 dy=16")
    }

    /// Datasets before an error are delivered; the error then sticks.
    func testErrorAfterGoodDatasetIsReportedByTheNextCall() throws {
        let reader = RecordReader(source: MemorySource("#%mi v1 dx=1 dy=1\n1 2\n#%mi v1 dx=1 dy=1\n1 x\n"))
        XCTAssertEqual(try reader.next()?.values, [1, 2])
        XCTAssertThrowsError(try reader.next()) { XCTAssertEqual("\($0)", "line 4: field 2: not a number: 'x'") }
        XCTAssertThrowsError(try reader.next()) { XCTAssertEqual("\($0)", "line 4: field 2: not a number: 'x'") }
    }
}
