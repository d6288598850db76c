// The text hot loop: one line → Floats written straight into a row buffer,
// without materialising field ranges or Strings.
//
// Column mapping: `targets[c]` is where column c goes in the output row, or
// -1 to skip it (skipped columns are not validated, so plain data may carry
// label columns that are not selected). With no targets, column c goes to c.

struct TextRowParser {
    /// Field separator; `Delimiter.whitespace` means runs of spaces/tabs.
    var delimiter: UInt8
    /// Number of fields every row must have.
    var expectedFields: Int
    /// Output slot per column (-1 = skip); empty means identity.
    var targets: [Int]

    /// Parses `line` into `out` (which holds at least the selected width).
    func parse(_ line: UnsafeRawBufferPointer, lineNumber: Int, into out: UnsafeMutablePointer<Float>) throws {
        let p = line.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let n = line.count
        let d = delimiter
        var field = 0
        try targets.withUnsafeBufferPointer { map in
            let identity = map.isEmpty
            var i = 0
            if d == Delimiter.whitespace {
                while true {
                    while i < n && (p[i] == 0x20 || p[i] == 0x09) { i += 1 }
                    if i >= n { break }
                    var j = i
                    while j < n && p[j] != 0x20 && p[j] != 0x09 { j += 1 }
                    if field < expectedFields {
                        let slot = identity ? field : map[field]
                        if slot >= 0 { out[slot] = try number(p + i, j - i, field, lineNumber) }
                    }
                    field += 1
                    i = j
                }
            } else {
                while true {
                    var j = i
                    while j < n && p[j] != d { j += 1 }
                    if field < expectedFields {
                        let slot = identity ? field : map[field]
                        if slot >= 0 {
                            var a = i, b = j
                            while a < b && (p[a] == 0x20 || p[a] == 0x09) { a += 1 }
                            while b > a && (p[b - 1] == 0x20 || p[b - 1] == 0x09) { b -= 1 }
                            out[slot] = try number(p + a, b - a, field, lineNumber)
                        }
                    }
                    field += 1
                    if j >= n { break }
                    i = j + 1
                }
            }
        }
        if field != expectedFields {
            throw RecordError.line(lineNumber, "expected \(expectedFields) fields, got \(field)")
        }
    }

    @inline(__always)
    private func number(_ p: UnsafePointer<UInt8>, _ n: Int, _ field: Int, _ line: Int) throws -> Float {
        if n > 0, case let .value(v) = NumberParser.parse(p, n) { return v }
        throw fieldError(p, n, field, line)
    }

    /// Cold path: builds the exact message for a bad field.
    private func fieldError(_ p: UnsafePointer<UInt8>, _ n: Int, _ field: Int, _ line: Int) -> RecordError {
        let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        let result: ParsedNumber = n > 0 ? NumberParser.parse(p, n) : .invalid
        switch result {
        case .nonFinite: return .line(line, "field \(field + 1): non-finite value '\(text)'")
        case .outOfRange: return .line(line, "field \(field + 1): value out of float32 range: '\(text)'")
        default: return .line(line, "field \(field + 1): not a number: '\(text)'")
        }
    }
}
