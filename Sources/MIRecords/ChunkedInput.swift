#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Buffered view of a ByteSource: hands out whole lines (pointers into the
// buffer, valid until the next call) and exact byte runs for binary frames.
//
// Invariants:
//  - storage[start..<end] holds unread bytes; `base` is the absolute stream
//    offset of storage[0], so the next unread byte is at `base + start`.
//  - the buffer grows only when one line is longer than it (memory stays
//    bounded by the longest line plus one chunk).
//  - `lineNumber` is the 1-based number of the last line handed out; a
//    binary frame (data + its trailing newline) counts as one line.
final class ChunkedInput {
    static let chunkSize = 1 << 20
    /// Longest line accepted (a binary frame is read apart and may be longer).
    static let maxLineBytes = 64 << 20

    private let source: ByteSource
    private var storage: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var base = 0
    private var atEOF = false
    private(set) var lineNumber = 0

    init(source: ByteSource) {
        self.source = source
        storage = .allocate(byteCount: ChunkedInput.chunkSize, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Absolute offset of the next unread byte.
    var offset: Int { base + start }

    /// The next line without its `\n` (and without a trailing `\r`), or nil
    /// at EOF. A final line without `\n` is still returned.
    func nextLine() throws -> UnsafeRawBufferPointer? {
        var scanFrom = start
        while true {
            let p = storage.baseAddress!
            if scanFrom < end, let hit = memchr(p + scanFrom, 0x0A, end - scanFrom) {
                let nl = p.distance(to: UnsafeMutableRawPointer(hit))
                return takeLine(upTo: nl, consuming: nl + 1)
            }
            if atEOF {
                if start == end { return nil }
                return takeLine(upTo: end, consuming: end)
            }
            let scanned = end - start
            if scanned >= ChunkedInput.maxLineBytes {
                throw RecordError.line(lineNumber + 1, "line longer than \(ChunkedInput.maxLineBytes >> 20) MiB (no newline in the input?)")
            }
            try refill()
            scanFrom = start + scanned  // do not rescan bytes already known to hold no `\n`
        }
    }

    private func takeLine(upTo stop: Int, consuming next: Int) -> UnsafeRawBufferPointer {
        var stop = stop
        // A UTF-8 byte-order mark (spreadsheet exports) at the very start of the input is not data.
        if lineNumber == 0 && base == 0 && start == 0 && stop >= 3
            && storage[0] == 0xEF && storage[1] == 0xBB && storage[2] == 0xBF
        {
            start = 3
        }
        if stop > start && storage[stop - 1] == 0x0D { stop -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: storage[start..<stop])
        start = next
        lineNumber += 1
        return line
    }

    /// Moves unread bytes to the front (growing if full) and reads once more.
    private func refill() throws {
        if start > 0 {
            let unread = end - start
            if unread > 0 {
                storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: unread)
            }
            base += start
            start = 0
            end = unread
        }
        if end == storage.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: storage.count * 2, alignment: 16)
            bigger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: end)
            storage.deallocate()
            storage = bigger
        }
        let room = min(storage.count - end, ChunkedInput.chunkSize)
        let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end..<(end + room)]))
        if n == 0 { atEOF = true } else { end += n }
    }

    /// Copies up to `destination.count` bytes: first what is buffered, then
    /// straight from the source (no double copy for big frames). Returns the
    /// count copied, less than asked only at EOF.
    func readExact(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = min(end - start, destination.count)
        if filled > 0 {
            destination.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: filled)
            start += filled
        }
        if filled == destination.count { return filled }
        // Buffer is drained; keep `base + start` equal to the stream offset.
        base += end
        start = 0
        end = 0
        while filled < destination.count && !atEOF {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: destination[filled...]))
            if n == 0 { atEOF = true }
            filled += n
            base += n
        }
        return filled
    }

    /// Decodes an `f32le-esc` payload into `destination` (0x1B b stands for b ^ 0x40, which must be
    /// 0x0A or 0x1B; every other byte stands for itself). Returns the count decoded: less than asked
    /// only at EOF or at a raw newline (the frame ended early; the newline is left unread).
    func readUnescaped(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        let need = destination.count
        guard need > 0 else { return 0 }
        let out = destination.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var filled = 0
        while filled < need {
            if end - start < 2 && !atEOF {
                try refill()  // keeps an escape byte at the end of the buffer together with its partner
                continue
            }
            if start == end { return filled }
            let src = storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var i = start
            let stop = end
            while i < stop && filled < need {
                // The run of plain bytes up to the next escape or newline, copied at once (memchr and
                // memcpy: the payload is mostly plain bytes).
                let span = min(stop - i, need - filled)
                var run = memchr(src + i, Int32(BinaryFrame.escape), span).map { UnsafeRawPointer(src + i).distance(to: UnsafeRawPointer($0)) } ?? span
                if run > 0, let nl = memchr(src + i, 0x0A, run) { run = UnsafeRawPointer(src + i).distance(to: UnsafeRawPointer(nl)) }
                if run > 0 {
                    (out + filled).update(from: src + i, count: run)
                    filled += run
                    i += run
                    continue
                }
                let b = src[i]
                if b == BinaryFrame.escape {
                    guard i + 1 < stop else { break }
                    let e = src[i + 1] ^ BinaryFrame.escapeMask
                    guard e == 0x0A || e == BinaryFrame.escape else {
                        start = i
                        throw RecordError.byte(offset, "bad escape 0x1B 0x\(String(src[i + 1], radix: 16, uppercase: true)) in a binary frame")
                    }
                    out[filled] = e
                    i += 2
                } else if b == 0x0A {
                    start = i
                    return filled
                } else {
                    out[filled] = b
                    i += 1
                }
                filled += 1
            }
            start = i
            if start == end - 1 && atEOF && src[start] == BinaryFrame.escape {
                throw RecordError.byte(offset, "binary frame ends inside an escape")
            }
        }
        return filled
    }

    /// The next byte, or nil at EOF.
    func readByte() throws -> UInt8? {
        if start == end {
            if atEOF { return nil }
            try refill()
            if start == end { return nil }
        }
        let b = storage[start]
        start += 1
        return b
    }

    /// Counts a finished binary frame as one line.
    func countFrameLine() { lineNumber += 1 }
}
