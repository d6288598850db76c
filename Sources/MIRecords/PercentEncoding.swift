// Metadata keys and values are space-separated tokens, so the bytes that
// would break tokenisation are percent-encoded on write and decoded on read.
// Invariant: decode(encode(s)) == s for every String s.

enum PercentEncoding {
    /// Bytes that must never appear raw inside a key or value. `\r` is
    /// included because readers strip a trailing `\r` (CRLF tolerance).
    @inline(__always)
    static func needsEscape(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x25 || b == 0x3D || b == 0x09 || b == 0x0A || b == 0x0D
    }

    static func encode(_ s: String) -> String {
        let utf8 = s.utf8
        if !utf8.contains(where: needsEscape) { return s }
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 8)
        for b in utf8 {
            if needsEscape(b) {
                out.append(0x25)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes any `%XX` (not only the ones we encode), so hand-written
    /// streams may escape other bytes too. nil for a bad escape.
    static func decode(_ s: Substring) -> String? {
        let utf8 = s.utf8
        if !utf8.contains(0x25) { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var it = utf8.makeIterator()
        while let b = it.next() {
            guard b == 0x25 else { out.append(b); continue }
            guard let h = it.next().flatMap(hexValue), let l = it.next().flatMap(hexValue) else { return nil }
            out.append(h << 4 | l)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
