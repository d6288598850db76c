import XCTest
import MIRecords

/// A stream cut before any "\n#%mi v1 " (what GNU parallel --pipe --recend '\\n' --recstart '#%mi v1 '
/// does) gives pieces that read as the data sets of the whole, in order: binary payloads can hold
/// no newline (f32le-esc), so the marker cannot occur inside a frame.
final class StreamSplitTests: XCTestCase {
    /// Every frame value drawn from all finite bit patterns (many hold 0x0A and 0x1B bytes), text and
    /// binary data sets alternating.
    func stream(_ count: Int) throws -> (bytes: [UInt8], values: [[UInt32]]) {
        var rng = TestRng(seed: 11)
        let sink = MemorySink()
        var all: [[UInt32]] = []
        for k in 0..<count {
            let w = RecordWriter(sink: sink, format: k % 3 == 1 ? .tsv : .bin)
            let rows = 1 + Int(rng.next() % 40)
            let v = (0..<(rows * 3)).map { _ in k % 3 == 1 ? Float(Int(rng.next() % 1000)) / 8 : rng.finiteFloat() }
            try w.beginDataset(Metadata([("name", "d\(k)")]), dx: 2, dy: 1, rows: rows)
            try v.withUnsafeBufferPointer { try w.writeRows($0) }
            try w.endDataset()
            try w.finish()
            all.append(bits(v))
        }
        return (sink.bytes, all)
    }

    /// Positions p where bytes[p...] starts with "#%mi v1 " right after a newline (or at 0).
    func recordStarts(_ b: [UInt8]) -> [Int] {
        let marker = Array("#%mi v1 ".utf8)
        return (0..<b.count).filter { p in
            (p == 0 || b[p - 1] == 0x0A) && p + marker.count <= b.count && Array(b[p..<(p + marker.count)]) == marker
        }
    }

    func testMarkerOccursOnlyAtDataSetStarts() throws {
        let (bytes, values) = try stream(60)
        let starts = recordStarts(bytes)
        XCTAssertEqual(starts.count, values.count)
        let escapedBytes = bytes.filter { $0 == 0x1B }.count
        XCTAssertGreaterThan(escapedBytes, 0, "the test stream should exercise escapes")
    }

    func testPiecesReadAsTheWhole() throws {
        let (bytes, values) = try stream(60)
        let starts = recordStarts(bytes) + [bytes.count]
        // Cut into pieces of 1, 2, 7 data sets, as a splitter would.
        for size in [1, 2, 7] {
            var got: [[UInt32]] = []
            for i in stride(from: 0, to: starts.count - 1, by: size) {
                let piece = Array(bytes[starts[i]..<starts[min(i + size, starts.count - 1)]])
                got += try readAll(piece).map { bits($0.values) }
            }
            XCTAssertEqual(got, values, "pieces of \(size)")
        }
    }

    func testEscapedFrameErrors() {
        let header = "#%mi v1 dx=1 dy=1 format=f32le-esc rows=1\n"
        // A raw newline inside the payload ends the frame early.
        assertReadError(
            Array(header.utf8) + [0x00, 0x0A, 0x80, 0x3F, 0, 0, 0x80, 0x3F, 0x0A], .init(),
            "byte 42: truncated binary frame: expected 8 bytes of data, got 1")
        // 0x1B may only escape 0x0A or 0x1B.
        assertReadError(
            Array(header.utf8) + [0x1B, 0x41, 0, 0, 0, 0, 0, 0, 0, 0x0A], .init(),
            "byte 42: bad escape 0x1B 0x41 in a binary frame")
        assertReadError(
            Array(header.utf8) + [0, 0, 0x80, 0x3F, 0, 0, 0x80, 0x1B], .init(),
            "byte 49: binary frame ends inside an escape")
    }
}
