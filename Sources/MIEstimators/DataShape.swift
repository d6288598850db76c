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
        s.values.withUnsafeBufferPointer { v in
            for c in 0..<s.width {
                let first = v[c]
                var constant = true
                for r in 1..<max(s.rows, 1) where v[r * s.width + c] != first { constant = false; break }
                if constant { constantColumns.append(c); levels.append(1); continue }
                guard checked >= 20 else { levels.append(checked); continue }
                let column = RadixSort.sorted((0..<checked).map { Double(v[$0 * s.width + c]) })
                var distinct = 1
                for i in 1..<checked where column[i] != column[i - 1] { distinct += 1 }
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
