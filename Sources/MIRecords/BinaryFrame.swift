#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Binary frames: after a `format=f32le rows=N` metadata line come exactly
// N·width little-endian Float32 values, then one `\n`. Reading is a copy
// straight into the dataset's storage plus one finiteness pass.
//
// `format=f32le-esc` (what the writers produce) is the same payload with its two bytes 0x0A and
// 0x1B written as 0x1B, byte ^ 0x40: the payload then holds no newline, so the only newline of a
// frame is its last byte and "\n#%mi v1 " can only occur where a data set starts. A stream can be
// cut there by a tool that knows nothing of frames (GNU parallel --pipe --recstart).

/// Whether `bytes` can be allocated now (a probe: Swift arrays trap where malloc returns NULL, e.g.
/// under `ulimit -v`).
func canAllocate(_ bytes: Int) -> Bool {
    guard bytes > 0, let p = malloc(bytes) else { return bytes == 0 }
    free(p)
    return true
}

enum BinaryFrame {
    /// First allocation step; larger frames grow geometrically, so a corrupt
    /// `rows=` hint fails as "truncated" instead of allocating terabytes.
    static let initialBytes = 64 << 20
    /// Largest frame allocated at once from its declared size (1 GiB: a corrupt rows= reserves no
    /// more address space than that; larger frames grow as their data arrives).
    static let maxOneAllocation = 1 << 30

    /// Escape byte of `f32le-esc` payloads, and the mask that maps 0x0A and 0x1B to the byte after it.
    static let escape: UInt8 = 0x1B
    static let escapeMask: UInt8 = 0x40

    static func read(from input: ChunkedInput, rows: Int, width: Int, escaped: Bool = false) throws -> [Float] {
        let frameStart = input.offset
        let (count, o1) = rows.multipliedReportingOverflow(by: width)
        let (totalBytes, o2) = count.multipliedReportingOverflow(by: 4)
        guard !o1 && !o2 else { throw RecordError.byte(frameStart, "binary frame size rows=\(rows) is too large") }

        var values: [Float] = []
        // One allocation of the declared size when the system grants it (pages not yet filled cost no
        // memory, and no regrowth copy doubles the peak: 4 bytes per value); else geometric growth,
        // so a corrupt rows= fails as "truncated" after the data that is really there.
        if totalBytes <= maxOneAllocation, canAllocate(totalBytes) { values.reserveCapacity(count) }
        var filledBytes = 0
        while filledBytes < totalBytes {
            let target = min(totalBytes, max(filledBytes * 2, initialBytes))
            values.append(contentsOf: repeatElement(0, count: target / 4 - values.count))
            let got = try values.withUnsafeMutableBytes { raw in
                let part = UnsafeMutableRawBufferPointer(rebasing: raw[filledBytes..<target])
                return escaped ? try input.readUnescaped(into: part) : try input.readExact(into: part)
            }
            filledBytes += got
            if filledBytes < target {
                throw RecordError.byte(
                    frameStart,
                    "truncated binary frame: expected \(totalBytes) bytes of data, got \(filledBytes)")
            }
        }
        let newlineOffset = input.offset
        guard try input.readByte() == 0x0A else {
            throw RecordError.byte(newlineOffset, "missing newline after binary frame")
        }
        input.countFrameLine()

        #if _endian(big)
        values = values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
        if let bad = firstNonFinite(values) {
            throw RecordError.byte(
                frameStart + bad * 4,
                "non-finite value in binary frame, row \(bad / width + 1)")
        }
        return values
    }

    /// Index of the first NaN/Inf, or nil. Scans in blocks with a branch-free
    /// inner loop (vectorisable); only a block that has one is rescanned.
    static func firstNonFinite(_ values: [Float]) -> Int? {
        values.withUnsafeBufferPointer { floats in
            floats.withMemoryRebound(to: UInt32.self) { bits -> Int? in
                let block = 4096
                var from = 0
                while from < bits.count {
                    let stop = min(from + block, bits.count)
                    var flag: UInt32 = 0
                    for k in from..<stop {
                        // exponent bits all ones <=> NaN or +-Inf
                        flag |= (bits[k] & 0x7F80_0000) == 0x7F80_0000 ? 1 : 0
                    }
                    if flag != 0 {
                        for k in from..<stop where bits[k] & 0x7F80_0000 == 0x7F80_0000 { return k }
                    }
                    from = stop
                }
                return nil
            }
        }
    }
}
