import XCTest
import MIRecords

/// Sizes, marks and values from the input that must not crash, mislead or lose digits.
final class HardeningTests: XCTestCase {
    func testHugeDeclaredWidthIsAnErrorNotAnOverflowOrAllocation() {
        assertReadError(
            "#%mi v1 dx=9223372036854775807 dy=1\n1\t2\n", .init(),
            "line 1: dx=9223372036854775807 dy=1 is more than 1048576 columns, the limit of one data set")
        assertReadError(
            "#%mi v1 dx=1000000000 dy=1\n1\t2\n", .init(),
            "line 1: dx=1000000000 dy=1 is more than 1048576 columns, the limit of one data set")
    }

    func testTrueMIMustBeAFiniteNumber() {
        for bad in ["abc", "nan", "inf", ""] {
            assertReadError("#%mi v1 dx=1 dy=1 true_mi=\(bad)\n1\t2\n", .init(), "line 1: metadata true_mi='\(bad)' is not a finite number")
        }
        assertReadError("#%mi v1 dx=1 dy=1 true_mi=1 true_mi_se=x\n1\t2\n", .init(), "line 1: metadata true_mi_se='x' is not a finite number")
    }

    func testDeclaredRowCountMustMatch() {
        assertReadError("#%mi v1 name=a dx=1 dy=1 n=50\n1\t2\n2\t3\n", .init(), "line 1: dataset 'a' declares n=50 but has 2 rows")
        XCTAssertEqual(try readAll("#%mi v1 dx=1 dy=1 n=2\n1\t2\n2\t3\n")[0].rows, 2)
    }

    func testByteOrderMarkIsNotData() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let plain = try readAll(bom + Array("1\t2\n3\t4\n5\t6\n".utf8))
        XCTAssertEqual(plain[0].rows, 3)
        let named = try readAll(bom + Array("a\tb\n1\t2\n3\t4\n".utf8))
        XCTAssertEqual(named[0].columnNames, ["a", "b"])
        XCTAssertEqual(named[0].rows, 2)
    }

    func testLongLinesAndFieldsGiveShortMessages() {
        let long = String(repeating: "x", count: 100_000)
        assertReadError("a\tb\n\(long)\t1\n", .init(), "line 2: field 1: not a number: '\(String(repeating: "x", count: 40))… (100000 bytes)'")
        assertReadError([0x31, 0x09, 0x32, 0x0A, 0x33, 0x09, 0x34, 0x00, 0x0A], .init(), "line 2: field 2: not a number: '4\u{0}'")
        // No newline for longer than the line limit: an error, not an ever-growing buffer.
        let endless = [UInt8](repeating: 0x30, count: (64 << 20) + 10)
        assertReadError(endless, .init(), "line 1: line longer than 64 MiB (no newline in the input?)")
    }

    func testMetadataMarkWithoutSpaceIsAnError() {
        assertReadError("#%miv1 dx=1 dy=1\n1\t2\n", .init(), "line 1: not a metadata line (expected it to start with '#%mi v1')")
    }

    func testAmbiguousHeaderNameIsAnError() {
        var o = ReadOptions(); o.xColumns = "a"; o.yColumns = "b"
        assertReadError("a\tb\ta\n1\t2\t3\n", o, "--x: column name 'a' is ambiguous (columns 1 and 3 have it); use numbers")
    }

    func testLargeOffsetsKeepTheirDigits() throws {
        // 1e7 + x in Float32 has steps of 1; shifted by the first value in Double, x keeps its digits.
        let text = (0..<5).map { i in "\(10_000_000.0 + Double(i) * 0.125)\t\(i)" }.joined(separator: "\n") + "\n"
        let d = try readAll(text)[0]
        XCTAssertEqual((0..<5).map { d.values[2 * $0] }, [0, 0.125, 0.25, 0.375, 0.5])
        XCTAssertEqual((0..<5).map { d.values[2 * $0 + 1] }, [0, 1, 2, 3, 4])  // small columns untouched
        // With a header the first data row gives the offset.
        let named = try readAll("t\tv\n" + text)[0]
        XCTAssertEqual(named.values[2], 0.125)
    }
}
