// Fuzz target `records`: the record reader (metadata streams of text rows and binary frames, and
// plain data) fed from memory. Byte 0 picks the reader options and the source; the rest is the stream.
// Built by scripts/fuzz with -D FUZZING; the replay test (Tests/MIRecordsTests) compiles this same file
// through a symlink, so a regression file replays exactly what the fuzzer ran.

import MIRecords

enum FuzzRecords {
    /// Reads every dataset. A thrown error is the expected answer to bad input; only a crash is a bug.
    static func run(_ data: [UInt8]) throws {
        guard let selector = data.first else { return }
        let stream = Array(data.dropFirst())
        // Bit 3: a source that hands out 1–7 bytes a call, so lines and frames straddle refills.
        let source: ByteSource = selector & 8 == 0 ? MemorySource(stream) : FuzzRecordsDribble(stream)
        let reader = RecordReader(source: source, options: options(selector))
        var rows = 0
        while let dataset = try reader.next() { rows += dataset.rows }
        _ = rows
    }

    /// Bits 0–2: the option sets the tools pass most often.
    static func options(_ selector: UInt8) -> ReadOptions {
        var o = ReadOptions()
        switch selector & 7 {
        case 1: o.dx = 1
        case 2: o.format = .tsv
        case 3: o.format = .bin
        case 4: o.xColumns = "1"; o.yColumns = "2-"
        case 5: o.xColumns = "1,3"
        case 6: o.dx = 1; o.dy = 1
        case 7: o.delimiter = Delimiter.comma
        default: break
        }
        return o
    }
}

/// Serves `bytes` 1–7 at a time (a fixed xorshift sequence, so runs reproduce).
final class FuzzRecordsDribble: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    private var state: UInt32 = 0x9E37_79B9

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        state ^= state << 13; state ^= state >> 17; state ^= state << 5
        let n = min(Int(state % 7) + 1, buffer.count, bytes.count - position)
        for k in 0..<n { buffer[k] = bytes[position + k] }
        position += n
        return n
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecordsTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = try? FuzzRecords.run(bytes)
    return 0
}
#endif
