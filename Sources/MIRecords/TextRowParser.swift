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
    /// Per output slot, a value subtracted in Double before rounding to Float32 (empty: none). Plain
    /// data shifts columns of large magnitude by their first value, so 1e7 + x keeps x's digits.
    var offsets: [Double] = []
    /// Columns declared discrete (by output slot): their fields are labels, coded 0, 1, 2, ... in order
    /// of first appearance (nil: none). A reference, so that every row shares one code book.
    var labels: LabelCodes?

    /// The offsets for plain data from its first data row: a column whose first value is at least
    /// `shiftFrom` in magnitude (where Float32 steps are 2^-9 or coarser) is stored relative to it.
    static let shiftFrom = 16384.0
    func offsets(firstRow line: UnsafeRawBufferPointer, width: Int) -> [Double] {
        var result = [Double](repeating: 0, count: width)
        for (c, range) in splitFields(line, delimiter: delimiter).enumerated() where c < expectedFields {
            let slot = targets.isEmpty ? c : targets[c]
            guard slot >= 0, let v = Self.exactValue(UnsafeRawBufferPointer(rebasing: line[range])),
                abs(v) >= Self.shiftFrom
            else { continue }
            result[slot] = v
        }
        return result.allSatisfy { $0 == 0 } ? [] : result
    }

    /// The selected slots (with their columns) whose field in this first data row is a text label: not
    /// a number, beginning with a letter and at most `longestDetectedLabel` bytes (so `1,5`, `4e`, an
    /// empty field or a runaway line stay errors).
    static let longestDetectedLabel = 256
    func labelSlots(firstRow line: UnsafeRawBufferPointer) -> [(slot: Int, column: Int)] {
        var found: [(Int, Int)] = []
        for (c, range) in splitFields(line, delimiter: delimiter).enumerated() where c < expectedFields {
            let slot = targets.isEmpty ? c : targets[c]
            var field = UnsafeRawBufferPointer(rebasing: line[range])
            while let b = field.first, b == 0x20 || b == 0x09 { field = UnsafeRawBufferPointer(rebasing: field.dropFirst()) }
            guard slot >= 0, field.count <= Self.longestDetectedLabel, let first = field.first, (0x61...0x7A).contains(first | 0x20) || first == 0x5F || first >= 0x80,
                NumberParser.parse(field) == .invalid
            else { continue }
            found.append((slot, c))
        }
        return found
    }

    /// A field as Double (nil when it is not a finite number).
    static func exactValue(_ field: UnsafeRawBufferPointer) -> Double? {
        guard case .value = NumberParser.parse(field) else { return nil }
        return Double(String(decoding: field, as: UTF8.self)).flatMap { $0.isFinite ? $0 : nil }
    }

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
                        if slot >= 0 { out[slot] = try value(p + i, j - i, field, lineNumber, slot) }
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
                            out[slot] = try value(p + a, b - a, field, lineNumber, slot)
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
    private func value(_ p: UnsafePointer<UInt8>, _ n: Int, _ field: Int, _ line: Int, _ slot: Int) throws -> Float {
        if let labels, labels.isLabel[slot] { return try labels.code(UnsafeBufferPointer(start: p, count: n), slot: slot, field: field, line: line) }
        return try number(p, n, field, line, slot)
    }

    @inline(__always)
    private func number(_ p: UnsafePointer<UInt8>, _ n: Int, _ field: Int, _ line: Int, _ slot: Int) throws -> Float {
        if n > 0, case let .value(v) = NumberParser.parse(p, n) {
            guard !offsets.isEmpty, offsets[slot] != 0 else { return v }
            if let exact = Self.exactValue(UnsafeRawBufferPointer(start: p, count: n)) {
                let shifted = Float(exact - offsets[slot])
                if shifted.isFinite { return shifted }
            }
        }
        throw fieldError(p, n, field, line)
    }

    /// Cold path: builds the exact message for a bad field.
    private func fieldError(_ p: UnsafePointer<UInt8>, _ n: Int, _ field: Int, _ line: Int) -> RecordError {
        let text = RecordError.excerpt(UnsafeBufferPointer(start: p, count: n))
        let result: ParsedNumber = n > 0 ? NumberParser.parse(p, n) : .invalid
        switch result {
        case .nonFinite: return .line(line, "field \(field + 1): non-finite value '\(text)'")
        case .outOfRange: return .line(line, "field \(field + 1): value out of float32 range: '\(text)'")
        default: return .line(line, "field \(field + 1): not a number: '\(text)'")
        }
    }
}

/// The code books of label columns: each distinct field text of a column gets the next code.
final class LabelCodes {
    /// Per output slot: whether it holds labels (fixed before the first row is coded).
    private(set) var isLabel: [Bool]
    private var books: [[[UInt8]: Int]]
    /// Most labels one column may have (each is kept in memory).
    static let maxLabels = 1 << 20

    init(isLabel: [Bool]) {
        self.isLabel = isLabel
        books = isLabel.map { _ in [:] }
    }

    /// Marks more slots as label slots (before any row is coded).
    func add(_ slots: [Int]) {
        for s in slots { isLabel[s] = true }
    }

    /// The labels of each slot, in code order (empty for other slots).
    var names: [[String]] {
        books.map { book in book.sorted { $0.value < $1.value }.map { String(decoding: $0.key, as: UTF8.self) } }
    }

    func code(_ text: UnsafeBufferPointer<UInt8>, slot: Int, field: Int, line: Int) throws -> Float {
        guard !text.isEmpty else { throw RecordError.line(line, "field \(field + 1): empty label") }
        let key = Array(text)
        if let c = books[slot][key] { return Float(c) }
        guard books[slot].count < Self.maxLabels else {
            throw RecordError.line(line, "field \(field + 1): more than \(Self.maxLabels) distinct labels in one column")
        }
        let c = books[slot].count
        books[slot][key] = c
        return Float(c)
    }
}
