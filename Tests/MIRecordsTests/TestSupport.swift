import XCTest
import MIRecords

/// Returns 1–7 bytes per read (deterministic), to hit every chunk boundary.
final class DribbleSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    private var state: UInt64

    init(_ bytes: [UInt8], seed: UInt64 = 1) {
        self.bytes = bytes
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        let want = Int(state % 7) + 1
        let n = min(want, buffer.count, bytes.count - position)
        for k in 0..<max(n, 0) { buffer[k] = bytes[position + k] }
        position += max(n, 0)
        return max(n, 0)
    }
}

/// Deterministic random numbers for tests.
struct TestRng {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
    /// A random finite Float drawn from all bit patterns.
    mutating func finiteFloat() -> Float {
        while true {
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: next() >> 32))
            if f.isFinite { return f }
        }
    }
}

/// Reads every dataset, from a whole-buffer source and (to check chunking)
/// from a dribbling one; asserts both agree and returns the datasets.
func readAll(
    _ bytes: [UInt8], _ options: ReadOptions = .init(),
    file: StaticString = #filePath, line: UInt = #line
) throws -> [Dataset] {
    let whole = try collect(RecordReader(source: MemorySource(bytes), options: options))
    let dribbled = try collect(RecordReader(source: DribbleSource(bytes), options: options))
    XCTAssertEqual(whole.count, dribbled.count, "dataset count differs when dribbled", file: file, line: line)
    for (a, b) in zip(whole, dribbled) {
        XCTAssertEqual(a.metadata, b.metadata, file: file, line: line)
        XCTAssertEqual(bits(a.values), bits(b.values), file: file, line: line)
        XCTAssertEqual(a.startLine, b.startLine, file: file, line: line)
    }
    return whole
}

func readAll(
    _ text: String, _ options: ReadOptions = .init(),
    file: StaticString = #filePath, line: UInt = #line
) throws -> [Dataset] {
    try readAll(Array(text.utf8), options, file: file, line: line)
}

func collect(_ reader: RecordReader) throws -> [Dataset] {
    var out: [Dataset] = []
    while let d = try reader.next() { out.append(d) }
    return out
}

/// Asserts that reading fails with exactly `message`, whole and dribbled.
func assertReadError(
    _ bytes: [UInt8], _ options: ReadOptions = .init(), _ message: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    for source in [MemorySource(bytes), DribbleSource(bytes, seed: 7)] as [ByteSource] {
        do {
            _ = try collect(RecordReader(source: source, options: options))
            XCTFail("expected error: \(message)", file: file, line: line)
        } catch let e as RecordError {
            XCTAssertEqual(e.description, message, file: file, line: line)
        } catch {
            XCTFail("unexpected error type: \(error)", file: file, line: line)
        }
    }
}

func assertReadError(
    _ text: String, _ options: ReadOptions = .init(), _ message: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    assertReadError(Array(text.utf8), options, message, file: file, line: line)
}

func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

/// A binary frame built by hand (independent of RecordWriter).
func frame(_ header: String, _ values: [Float], newline: Bool = true) -> [UInt8] {
    var out = Array((header + "\n").utf8)
    for v in values {
        let b = v.bitPattern.littleEndian
        out += [UInt8(b & 0xFF), UInt8(b >> 8 & 0xFF), UInt8(b >> 16 & 0xFF), UInt8(b >> 24)]
    }
    if newline { out.append(0x0A) }
    return out
}

func options(
    dx: Int? = nil, dy: Int? = nil, x: String? = nil, y: String? = nil,
    delimiter: UInt8? = nil, format: StreamFormat? = nil
) -> ReadOptions {
    var o = ReadOptions()
    o.dx = dx; o.dy = dy; o.xColumns = x; o.yColumns = y; o.delimiter = delimiter; o.format = format
    return o
}
