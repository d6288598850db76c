// Shortest round-trip decimal text for Float/Double, locale-independent.
// Swift's `description` already is both (it never consults the C locale);
// we only drop a redundant ".0" so integers print as "3" rather than "3.0".
// Invariant: NumberParser parses every output back to the identical bits
// (including -0 as "-0" and subnormals, which use exponent notation).

public enum NumberFormat {
    /// Appends the text of a finite `x` (non-finite values print as Swift
    /// spells them, "nan"/"inf", which readers reject).
    public static func append(_ x: Float, to out: inout [UInt8]) {
        appendTrimmed(x.description, to: &out)
    }

    public static func string(_ x: Double) -> String {
        var out: [UInt8] = []
        appendTrimmed(x.description, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func string(_ x: Float) -> String {
        var out: [UInt8] = []
        append(x, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func appendTrimmed(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { u in
            var n = u.count
            if n >= 3 && u[n - 2] == 0x2E && u[n - 1] == 0x30 { n -= 2 }  // "x.0" → "x"
            out.append(contentsOf: UnsafeBufferPointer(rebasing: u[0..<n]))
        }
    }
}
