#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Field delimiters for text rows. Detection looks at one line (the first
// non-comment line of a dataset): tab if present, else comma if present,
// else runs of whitespace.

public enum Delimiter {
    public static let tab: UInt8 = 0x09
    public static let comma: UInt8 = 0x2C
    /// Not a literal space: means "fields are separated by runs of spaces/tabs".
    public static let whitespace: UInt8 = 0x20

    static func detect(_ line: UnsafeRawBufferPointer) -> UInt8 {
        guard let p = line.baseAddress, line.count > 0 else { return whitespace }
        if memchr(p, Int32(tab), line.count) != nil { return tab }
        if memchr(p, Int32(comma), line.count) != nil { return comma }
        return whitespace
    }

    /// Parses an option spelling: "tab", "\t", "comma", ",", "space",
    /// "whitespace", or any single ASCII byte. nil if unusable.
    public static func fromOption(_ s: String) -> UInt8? {
        switch s.lowercased() {
        case "tab", "\\t", "\t": return tab
        case "comma", ",": return comma
        case "space", "spaces", "whitespace", " ": return whitespace
        default:
            let u = Array(s.utf8)
            guard u.count == 1, u[0] < 0x80, u[0] != 0x0A, u[0] != 0x0D, u[0] != 0x23 else { return nil }
            return u[0]
        }
    }
}

/// Splits one line into fields: byte ranges relative to the line start.
/// Used for header lines and header detection (not the hot path, which
/// lives in TextRowParser and never materialises ranges).
func splitFields(_ line: UnsafeRawBufferPointer, delimiter: UInt8) -> [Range<Int>] {
    var fields: [Range<Int>] = []
    let n = line.count
    if delimiter == Delimiter.whitespace {
        var i = 0
        while true {
            while i < n && isBlank(line[i]) { i += 1 }
            if i >= n { break }
            var j = i
            while j < n && !isBlank(line[j]) { j += 1 }
            fields.append(i..<j)
            i = j
        }
    } else {
        var i = 0
        while true {
            var j = i
            while j < n && line[j] != delimiter { j += 1 }
            fields.append(trimBlanks(line, i, j))
            if j >= n { break }
            i = j + 1
        }
    }
    return fields
}

@inline(__always)
func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

/// Drops spaces/tabs around a delimited field ("1, 2" is common in CSV).
@inline(__always)
func trimBlanks(_ line: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> Range<Int> {
    var a = from, b = to
    while a < b && isBlank(line[a]) { a += 1 }
    while b > a && isBlank(line[b - 1]) { b -= 1 }
    return a..<b
}

/// True for lines holding only spaces/tabs (skipped like empty lines).
func isBlankLine(_ line: UnsafeRawBufferPointer) -> Bool {
    line.allSatisfy(isBlank)
}
