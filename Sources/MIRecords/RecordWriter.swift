// Writes datasets as a metadata stream: begin (metadata line), rows (any
// number of calls, whole rows each), end. The declared row count is
// enforced, because a binary frame with the wrong length would desync
// every reader downstream.
//
// Non-finite values are refused on write: readers reject them, so writing
// one would only move the failure downstream.

public final class RecordWriter {
    public let format: StreamFormat
    private let sink: ByteSink
    private var text: [UInt8] = []  // TSV staging buffer
    private var width = 0
    private var declaredRows = 0
    private var writtenRows = 0
    private var inDataset = false
    private static let textFlushThreshold = 1 << 16
    /// Raw bytes escaped at a time, and their staging buffer (2× for the worst case), made once per
    /// writer, not per call: a stream of many small data sets writes rows many times.
    private static let escapeBlock = 1 << 16
    private let escapeStaging: UnsafeMutablePointer<UInt8>?

    public init(sink: ByteSink, format: StreamFormat) {
        self.sink = sink
        self.format = format
        text.reserveCapacity(RecordWriter.textFlushThreshold + 4096)
        escapeStaging = format == .bin ? .allocate(capacity: 2 * RecordWriter.escapeBlock) : nil
    }

    deinit { escapeStaging?.deallocate() }

    /// Writes the metadata line. dx/dy (and dz, when not 0) keys are set from the arguments; for
    /// .bin, `format=f32le-esc rows=N` go last (replacing any existing ones);
    /// for .tsv, format/rows keys are removed.
    public func beginDataset(_ metadata: Metadata, dx: Int, dy: Int, dz: Int = 0, rows: Int) throws {
        guard !inDataset else { throw RecordError("beginDataset: previous dataset was not ended") }
        guard dx > 0, dy > 0, dz >= 0, rows >= 0 else {
            throw RecordError("beginDataset: bad shape dx=\(dx) dy=\(dy) dz=\(dz) rows=\(rows)")
        }
        var meta = metadata
        meta["dx"] = String(dx)
        meta["dy"] = String(dy)
        meta["dz"] = dz > 0 ? String(dz) : nil
        meta["format"] = nil
        meta["rows"] = nil
        if format == .bin {
            meta["format"] = "f32le-esc"
            meta["rows"] = String(rows)
        }
        text.append(contentsOf: meta.line().utf8)
        text.append(0x0A)
        width = dx + dy + dz
        declaredRows = rows
        writtenRows = 0
        inDataset = true
        if format == .bin { try flushText() }
    }

    /// Appends whole rows (row-major, X then Y columns).
    public func writeRows(_ values: UnsafeBufferPointer<Float>) throws {
        guard inDataset else { throw RecordError("writeRows: no dataset begun") }
        guard values.count % width == 0 else {
            throw RecordError("writeRows: \(values.count) values is not a whole number of rows of width \(width)")
        }
        let rows = values.count / width
        guard writtenRows + rows <= declaredRows else {
            throw RecordError("writeRows: dataset declared \(declaredRows) rows, got at least \(writtenRows + rows)")
        }
        if let bad = firstNonFinite(values) {
            throw RecordError("writeRows: non-finite value in row \(writtenRows + bad / width + 1)")
        }
        switch format {
        case .bin: try writeBinary(values)
        case .tsv: try writeText(values)
        }
        writtenRows += rows
    }

    /// bin: the frame's trailing newline. Checks the declared row count.
    public func endDataset() throws {
        guard inDataset else { throw RecordError("endDataset: no dataset begun") }
        inDataset = false
        guard writtenRows == declaredRows else {
            throw RecordError("endDataset: dataset declared \(declaredRows) rows, got \(writtenRows)")
        }
        if format == .bin { text.append(0x0A) }
    }

    /// Flushes everything to the sink and the sink itself.
    public func finish() throws {
        try flushText()
        try sink.flush()
    }

    private func writeBinary(_ values: UnsafeBufferPointer<Float>) throws {
        try flushText()
        #if _endian(little)
        try writeEscaped(UnsafeRawBufferPointer(values))
        #else
        let swapped = values.map { $0.bitPattern.littleEndian }
        try swapped.withUnsafeBytes { try writeEscaped($0) }
        #endif
    }

    /// The payload of an `f32le-esc` frame: 0x0A and 0x1B become 0x1B, byte ^ 0x40 (see BinaryFrame).
    private func writeEscaped(_ raw: UnsafeRawBufferPointer) throws {
        let block = RecordWriter.escapeBlock
        let staging = escapeStaging!  // made by init for .bin, the only format that escapes
        var from = 0
        while from < raw.count {
            let stop = min(raw.count, from + block)
            var o = 0
            for i in from..<stop {
                let b = raw[i]
                if b == 0x0A || b == BinaryFrame.escape {
                    staging[o] = BinaryFrame.escape
                    staging[o + 1] = b ^ BinaryFrame.escapeMask
                    o += 2
                } else {
                    staging[o] = b
                    o += 1
                }
            }
            try sink.write(UnsafeRawBufferPointer(start: staging, count: o))
            from = stop
        }
    }

    private func writeText(_ values: UnsafeBufferPointer<Float>) throws {
        var column = 0
        for v in values {
            NumberFormat.append(v, to: &text)
            column += 1
            if column == width {
                text.append(0x0A)
                column = 0
                if text.count >= RecordWriter.textFlushThreshold { try flushText() }
            } else {
                text.append(0x09)
            }
        }
    }

    private func flushText() throws {
        guard !text.isEmpty else { return }
        try text.withUnsafeBytes { try sink.write($0) }
        text.removeAll(keepingCapacity: true)
    }

    private func firstNonFinite(_ values: UnsafeBufferPointer<Float>) -> Int? {
        var flag: UInt32 = 0  // branch-free first pass; exponent all ones <=> NaN/Inf
        for v in values { flag |= (v.bitPattern & 0x7F80_0000) == 0x7F80_0000 ? 1 : 0 }
        return flag != 0 ? values.firstIndex(where: { !$0.isFinite }) : nil
    }
}

extension RecordWriter {
    /// Convenience: one whole dataset in one call.
    public func write(_ dataset: Dataset) throws {
        try beginDataset(dataset.metadata, dx: dataset.dx, dy: dataset.dy, dz: dataset.dz, rows: dataset.rows)
        try dataset.values.withUnsafeBufferPointer { try writeRows($0) }
        try endDataset()
    }
}
