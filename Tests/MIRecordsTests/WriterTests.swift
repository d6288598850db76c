import XCTest
import MIRecords
#if canImport(Glibc)
import Glibc
#endif

/// Oracle: exact expected bytes.
final class WriterTests: XCTestCase {
    func testTSVBytesAreExact() throws {
        let sink = MemorySink()
        let w = RecordWriter(sink: sink, format: .tsv)
        var meta = Metadata([("name", "t 1"), ("format", "f32le"), ("rows", "9"), ("dx", "7")])
        meta["seed"] = "3"
        try w.beginDataset(meta, dx: 1, dy: 2, rows: 2)
        try [Float](arrayLiteral: 1, -0.0, 0.1, 2.5e-8, 3e38, 16_777_216).withUnsafeBufferPointer { try w.writeRows($0) }
        try w.endDataset()
        try w.finish()
        XCTAssertEqual(
            String(decoding: sink.bytes, as: UTF8.self),
            "#%mi v1 name=t%201 dx=1 seed=3 dy=2\n1\t-0\t0.1\n2.5e-08\t3e+38\t16777216\n")
    }

    func testBinaryBytesAreExact() throws {
        let sink = MemorySink()
        let w = RecordWriter(sink: sink, format: .bin)
        try w.beginDataset(Metadata([("rows", "1"), ("name", "b")]), dx: 1, dy: 1, rows: 1)
        try [Float](arrayLiteral: 1, -2).withUnsafeBufferPointer { try w.writeRows($0) }
        try w.endDataset()
        try w.finish()
        XCTAssertEqual(
            sink.bytes,
            Array("#%mi v1 name=b dx=1 dy=1 format=f32le-esc rows=1\n".utf8)
                + [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x0A])
    }

    /// Payload bytes 0x0A and 0x1B are escaped (0x1B, byte ^ 0x40), so the frame's last byte is its
    /// only newline: 1.0000006 is 0x3F80000A and 2.0000043 is 0x4000001B, little-endian.
    func testBinaryPayloadHoldsNoNewline() throws {
        let sink = MemorySink()
        let w = RecordWriter(sink: sink, format: .bin)
        try w.beginDataset(Metadata([("name", "e")]), dx: 1, dy: 1, rows: 1)
        let values = [Float(bitPattern: 0x3F80_000A), Float(bitPattern: 0x4000_001B)]
        try values.withUnsafeBufferPointer { try w.writeRows($0) }
        try w.endDataset()
        try w.finish()
        XCTAssertEqual(
            sink.bytes,
            Array("#%mi v1 name=e dx=1 dy=1 format=f32le-esc rows=1\n".utf8)
                + [0x1B, 0x4A, 0x00, 0x80, 0x3F, 0x1B, 0x5B, 0x00, 0x00, 0x40, 0x0A])
        let back = try readAll(sink.bytes)
        XCTAssertEqual(bits(back[0].values), [0x3F80_000A, 0x4000_001B])
    }

    func testRowCountsAndNonFiniteAreEnforced() throws {
        let w = RecordWriter(sink: MemorySink(), format: .bin)
        try w.beginDataset(Metadata(), dx: 1, dy: 1, rows: 2)
        XCTAssertThrowsError(try [Float](arrayLiteral: 1, 2, 3).withUnsafeBufferPointer { try w.writeRows($0) }) {
            XCTAssertEqual("\($0)", "writeRows: 3 values is not a whole number of rows of width 2")
        }
        XCTAssertThrowsError(try [Float](arrayLiteral: 1, .nan).withUnsafeBufferPointer { try w.writeRows($0) }) {
            XCTAssertEqual("\($0)", "writeRows: non-finite value in row 1")
        }
        try [Float](arrayLiteral: 1, 2).withUnsafeBufferPointer { try w.writeRows($0) }
        XCTAssertThrowsError(try [Float](arrayLiteral: 1, 2, 3, 4).withUnsafeBufferPointer { try w.writeRows($0) }) {
            XCTAssertEqual("\($0)", "writeRows: dataset declared 2 rows, got at least 3")
        }
        XCTAssertThrowsError(try w.endDataset()) { XCTAssertEqual("\($0)", "endDataset: dataset declared 2 rows, got 1") }
    }

    func testFileDescriptorSinkWritesAndReportsBrokenPipe() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let sink = FileDescriptorSink(fd: fds[1], bufferSize: 8)
        try Array("hello, pipe".utf8).withUnsafeBytes { try sink.write($0) }  // larger than the buffer
        try Array("!".utf8).withUnsafeBytes { try sink.write($0) }
        try sink.flush()
        var got = [UInt8](repeating: 0, count: 64)
        let n = got.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, 64) }
        XCTAssertEqual(String(decoding: got[0..<max(n, 0)], as: UTF8.self), "hello, pipe!")
        close(fds[0])
        XCTAssertThrowsError(
            try Array("x".utf8).withUnsafeBytes {
                try sink.write($0); try sink.flush()
            }
        ) {
            XCTAssertEqual($0 as? WriteError, .brokenPipe)
        }
        close(fds[1])
        let bad = FileDescriptorSink(fd: -1)
        XCTAssertThrowsError(
            try Array("x".utf8).withUnsafeBytes {
                try bad.write($0); try bad.flush()
            }
        ) {
            XCTAssertEqual($0 as? WriteError, .failed("write error: Bad file descriptor"))
        }
    }

    /// Beyond the 1 MiB chunk: a 3 MB frame and a 2 MB text line.
    func testLargeFrameAndLongLineCrossChunks() throws {
        var rng = TestRng(seed: 11)
        let values = (0..<(750_000)).map { _ in rng.finiteFloat() }
        var bytes = frame("#%mi v1 dx=1 dy=1 format=f32le rows=375000", values)
        let wide = (0..<200_000).map { _ in rng.finiteFloat() }
        bytes += Array(("#%mi v1 dx=100000 dy=100000\n" + wide.map { NumberFormat.string($0) }.joined(separator: " ")).utf8)
        let d = try readAll(bytes)
        XCTAssertEqual(bits(d[0].values), bits(values))
        XCTAssertEqual(bits(d[1].values), bits(wide))
    }
}
