// Limits on what a stream's metadata may declare. Sizes come from the input, and a row buffer of
// dx+dy Floats is allocated before any row is read, so an absurd metadata line must fail with a
// message instead of trapping on overflow or asking malloc for terabytes.

enum DatasetLimits {
    /// Most columns (dx + dy) one dataset may declare.
    static let maxColumns = 1_000_000

    /// dx + dy (both ≥ 1), or an error past `maxColumns`; the check also rules out overflow.
    static func width(dx: Int, dy: Int) throws -> Int {
        let (width, overflow) = dx.addingReportingOverflow(dy)
        guard !overflow, width <= maxColumns else {
            // Both are positive Ints, so their sum is exact as a UInt.
            throw RecordError("dx+dy=\(UInt(dx) + UInt(dy)) exceeds the limit of \(maxColumns) columns")
        }
        return width
    }

    /// Floats to reserve for a text dataset whose metadata says n=`rows`: the hint, but at most 64 MiB,
    /// since a corrupt n= must not reserve more than the data can fill (the array grows past it as needed).
    static func reservation(rows: Int, width: Int) -> Int {
        min(rows, (1 << 24) / width) * width
    }
}
