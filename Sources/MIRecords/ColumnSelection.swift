// cut-style column lists for plain data: "1,3", "1-3", "4-" (to the last
// column), "-2" (from the first), header names, and name ranges "b-d",
// mixed freely. A whole item that is a header name wins over a range
// reading, so names containing '-' still work.
// Result: 0-based column indices in the order listed.

public enum ColumnSelection {
    /// - Parameters:
    ///   - spec: the list as given, e.g. "1-3,age".
    ///   - option: the option's name for messages, e.g. "--x".
    ///   - header: column names when the data has a header line.
    ///   - columnCount: number of columns in the data.
    public static func parse(_ spec: String, option: String, header: [String]?, columnCount: Int) throws -> [Int] {
        var result: [Int] = []
        for item in spec.split(separator: ",", omittingEmptySubsequences: false) {
            let item = item.trimmingBlanks()
            guard !item.isEmpty else { throw RecordError("\(option) '\(spec)': empty column in list") }
            if let range = try numericRange(item, option: option, columnCount: columnCount) {
                result.append(contentsOf: range)
            } else if let names = header, let i = names.firstIndex(of: String(item)) {
                if let j = names[(i + 1)...].firstIndex(of: String(item)) {
                    throw RecordError("\(option): column name '\(item)' is ambiguous (columns \(i + 1) and \(j + 1) have it); use numbers")
                }
                result.append(i)
            } else if let names = header, let range = try nameRange(item, names: names, option: option) {
                result.append(contentsOf: range)
            } else if header == nil {
                throw RecordError("\(option): no header line, so column name '\(item)' cannot be resolved")
            } else {
                throw RecordError("\(option): no column named '\(item)' in the header")
            }
        }
        var seen = Set<Int>()
        for i in result where !seen.insert(i).inserted {
            throw RecordError("\(option): column \(i + 1) is listed twice")
        }
        return result
    }

    /// "first-last" where both ends are header names → 0-based indices.
    private static func nameRange(_ item: Substring, names: [String], option: String) throws -> [Int]? {
        guard let dash = item.firstIndex(of: "-"),
            let lo = names.firstIndex(of: String(item[..<dash])),
            let hi = names.firstIndex(of: String(item[item.index(after: dash)...]))
        else { return nil }
        guard lo <= hi else { throw RecordError("\(option): backwards range '\(item)'") }
        return Array(lo...hi)
    }

    /// "N", "A-B", "A-", "-B" → 0-based indices; nil when `item` is not of
    /// that shape (then it is a header name).
    private static func numericRange(_ item: Substring, option: String, columnCount: Int) throws -> [Int]? {
        let isDigits: (Substring) -> Bool = { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        let lo: Int, hi: Int
        if isDigits(item) {
            guard let v = Int(item) else { return nil }
            lo = v; hi = v
        } else if let dash = item.firstIndex(of: "-") {
            let a = item[..<dash], b = item[item.index(after: dash)...]
            guard (a.isEmpty || isDigits(a)) && (b.isEmpty || isDigits(b)) && !(a.isEmpty && b.isEmpty) else { return nil }
            guard let l = a.isEmpty ? 1 : Int(a), let h = b.isEmpty ? columnCount : Int(b) else { return nil }
            lo = l; hi = h
        } else {
            return nil
        }
        guard lo >= 1 else { throw RecordError("\(option): columns are numbered from 1, got '\(item)'") }
        guard lo <= columnCount else {
            throw RecordError("\(option): column \(lo) does not exist (the data has \(columnCount) columns)")
        }
        guard lo <= hi else { throw RecordError("\(option): backwards range '\(item)'") }
        guard hi <= columnCount else {
            throw RecordError("\(option): column \(hi) does not exist (the data has \(columnCount) columns)")
        }
        return Array((lo - 1)..<hi)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    public func trimmingBlanks() -> SubSequence {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
