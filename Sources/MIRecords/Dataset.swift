// The unit the reader yields: one dataset, fully in memory. Memory use of
// the whole pipeline is bounded by the largest dataset, never the stream.

/// On-the-wire encoding of a dataset's rows.
public enum StreamFormat: String, Sendable {
    /// Text rows (tab-separated on write; tab/comma/space on read).
    case tsv
    /// `format=f32le-esc rows=N` binary frames (`f32le` is read too).
    case bin
}

public struct Dataset: Sendable {
    /// For metadata datasets: the pairs exactly as read. For plain data: the
    /// reader's own knowledge (dx, dy, n).
    public var metadata: Metadata
    public var dx: Int
    public var dy: Int
    /// Columns of Z, the variables conditioned on (0: none): `dz=` in a stream, `--z`/`--dz` for plain data.
    public var dz: Int
    public var rows: Int
    /// rows × (dx+dy+dz), row-major; each row is its X columns, then its Y columns, then its Z columns.
    public var values: [Float]
    /// Header names of the selected columns (X, Y, then Z), when plain data had a header.
    public var columnNames: [String]?
    /// Selected columns (0-based, X, Y, then Z) declared discrete, with their labels in code order.
    public var labels: [Int: [String]] = [:]
    /// Input columns (0-based) read as labels without --discrete, because their first value was text.
    public var detectedLabelColumns: [Int] = []
    /// Line of the metadata line (or, for plain data, the first data line).
    public var startLine: Int

    public init(
        metadata: Metadata, dx: Int, dy: Int, dz: Int = 0, rows: Int, values: [Float],
        columnNames: [String]? = nil, startLine: Int
    ) {
        self.metadata = metadata
        self.dx = dx
        self.dy = dy
        self.dz = dz
        self.rows = rows
        self.values = values
        self.columnNames = columnNames
        self.startLine = startLine
    }

    /// Values per row.
    public var width: Int { dx + dy + dz }

    /// The `name` key, for messages.
    public var name: String? { metadata["name"] }

    /// FNV-1a (64 bits) of the metadata line, the shape and every value's bits: a key that is the same
    /// wherever the data set sits in a stream (a stream cut into pieces keeps each data set's key).
    public var contentKey: UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        for b in metadata.line().utf8 { mix(b) }
        for v in dz == 0 ? [dx, dy, rows] : [dx, dy, dz, rows] { for k in 0..<8 { mix(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        for v in values {
            let b = v.bitPattern
            mix(UInt8(truncatingIfNeeded: b)); mix(UInt8(truncatingIfNeeded: b >> 8))
            mix(UInt8(truncatingIfNeeded: b >> 16)); mix(UInt8(truncatingIfNeeded: b >> 24))
        }
        return h
    }
}

public struct ReadOptions: Sendable {
    /// nil accepts both text rows and binary frames; `.tsv` / `.bin`
    /// require every dataset to be of that kind.
    public var format: StreamFormat?
    /// Field delimiter for text rows; nil = detect per dataset from its first
    /// data line. 0x20 (space) means "runs of spaces/tabs"; any other byte
    /// (tab, comma, ';', ...) separates fields one-to-one.
    public var delimiter: UInt8?
    /// X width. Plain data: first dx columns are X. Metadata streams: must
    /// agree with the stream's dx.
    public var dx: Int?
    /// Y width. Plain data: the dy columns after X (default: all the rest).
    public var dy: Int?
    /// cut-style list of X columns (plain data only), e.g. "1-3,7" or "age".
    public var xColumns: String?
    /// cut-style list of Y columns (plain data only); default: the columns not in X (nor Z).
    public var yColumns: String?
    /// Z width (conditioning columns). Plain data: the last dz columns. Metadata streams: must agree
    /// with the stream's dz (absent: 0).
    public var dz: Int?
    /// cut-style list of Z columns (plain data only).
    public var zColumns: String?
    /// cut-style list of columns whose fields are labels (plain data only): each distinct text is a
    /// category, coded 0, 1, 2, ... in order of first appearance ("red", "green" or 1, 2 alike).
    public var discreteColumns: String?

    public init() {}
}
