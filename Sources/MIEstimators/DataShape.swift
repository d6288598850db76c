/// What a sample's columns look like to estimators built for continuous data: constant columns and
/// tied (discrete or quantised) values, which k-NN and kernel estimators (ksg, kde) and the learned
/// model cannot read (a k-th neighbour at distance 0 makes their counts meaningless).
public struct DataShape: Sendable {
    /// 0-based columns (X then Y) whose every value is the same.
    public var constantColumns: [Int] = []
    /// The column with the most ties among the rows checked: (column, distinct values, rows checked).
    public var mostTied: (column: Int, distinct: Int, checked: Int)?
    /// Every column called tied (0-based, X then Y).
    public var tiedColumns: [Int] = []
    /// Distinct values of each column among the rows checked (1 for a constant column; with fewer than
    /// 20 rows, too few to tell, the number of rows).
    public var levels: [Int] = []
    let dx: Int, dy: Int

    /// Rows looked at for ties (the first ones); constancy is checked on every row.
    public static let rowsChecked = 10_000
    /// A column is called tied when more than this share of the rows checked repeat an earlier value.
    public static let tiedShare = 0.05

    public init(_ s: PairedSample) {
        dx = s.dx; dy = s.dy
        let checked = min(s.rows, Self.rowsChecked)
        var worst: (column: Int, distinct: Int, checked: Int)?
        var table = DistinctTable(capacityFor: checked)
        s.values.withUnsafeBufferPointer { v in
            for c in 0..<s.width {
                let first = v[c]
                var constant = true
                for r in 1..<max(s.rows, 1) where v[r * s.width + c] != first { constant = false; break }
                if constant { constantColumns.append(c); levels.append(1); continue }
                guard checked >= 20 else { levels.append(checked); continue }
                let distinct = table.count(v.baseAddress! + c, stride: s.width, rows: checked)
                levels.append(distinct)
                guard Double(checked - distinct) > Self.tiedShare * Double(checked) else { continue }
                tiedColumns.append(c)
                if distinct < (worst?.distinct ?? .max) { worst = (c, distinct, checked) }
            }
        }
        mostTied = worst
    }

    /// "X column 2", "Y column 1" or "Z column 3", 1-based within its variable.
    public func columnName(_ c: Int) -> String {
        c < dx ? "X column \(c + 1)" : c < dx + dy ? "Y column \(c - dx + 1)" : "Z column \(c - dx - dy + 1)"
    }

    /// One line for the user, or nil when the columns look continuous.
    public var note: String? {
        var parts: [String] = []
        if !constantColumns.isEmpty {
            let names = constantColumns.prefix(3).map(columnName).joined(separator: ", ")
            let more = constantColumns.count > 3 ? " and \(constantColumns.count - 3) more" : ""
            parts.append("\(names)\(more) constant (no information)")
        }
        if let t = mostTied {
            parts.append("\(columnName(t.column)) has \(t.distinct) distinct values in \(t.checked) rows (tied or discrete data; ksg, kde and mist assume continuous values)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

/// Counts the distinct values of a strided column by open addressing on their bit patterns (−0 read
/// as +0, which compare equal): linear in the rows, where sorting each column was most of the cost
/// of checking a wide data set. No NaNs (the records refuse them), so a NaN pattern marks a free slot.
struct DistinctTable {
    private var slots: [UInt32]
    private let mask: Int
    private static let free = UInt32.max

    /// A table for up to `rows` values, at most half full.
    init(capacityFor rows: Int) {
        var size = 16
        while size < 2 * rows { size <<= 1 }
        slots = [UInt32](repeating: Self.free, count: size)
        mask = size - 1
    }

    /// Distinct values among v[0], v[stride], …, v[(rows − 1)·stride].
    mutating func count(_ v: UnsafePointer<Float>, stride: Int, rows: Int) -> Int {
        let mask = self.mask
        return slots.withUnsafeMutableBufferPointer { t in
            t.update(repeating: Self.free)
            var distinct = 0
            for r in 0..<rows {
                let x = v[r * stride]
                let bits = x == 0 ? 0 : x.bitPattern
                // Fibonacci hashing: the high bits of the product, spread over the table.
                var i = Int(truncatingIfNeeded: (UInt64(bits) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
                while true {
                    let slot = t[i]
                    if slot == bits { break }
                    if slot == Self.free { t[i] = bits; distinct += 1; break }
                    i = (i + 1) & mask
                }
            }
            return distinct
        }
    }
}
