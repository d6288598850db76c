// Pulls datasets off a byte stream one at a time.
//
// A stream is either a metadata stream (first non-comment line is
// `#%mi ...`; each such line starts a dataset of text rows or one binary
// frame) or plain user data (no metadata line; the whole input is one
// dataset, optionally with a header, X/Y split from options).
//
// Invariant between calls: the input is positioned just after a metadata
// line that has been read but not yet parsed (`pendingMetadata`), or at EOF.
// Parsing is deferred so that a bad metadata line is reported by the call
// that would return its dataset, not by the call returning the previous one.

public final class RecordReader {
    /// Most columns (dx + dy + dz) one data set may declare: sizes come from the input, and a row buffer
    /// of this width is allocated before any row is read.
    public static let maxColumns = 1 << 20
    let input: ChunkedInput
    let options: ReadOptions
    private enum State { case start, metadata, finished }
    private var state = State.start
    private var pendingMetadata: (bytes: [UInt8], line: Int)?
    private var failure: (any Error)?
    private var datasetCount = 0

    public init(source: ByteSource, options: ReadOptions = .init()) {
        self.input = ChunkedInput(source: source)
        self.options = options
    }

    /// The next dataset, nil at the end. After an error the reader is
    /// stuck: every later call rethrows the same error.
    public func next() throws -> Dataset? {
        if let failure { throw failure }
        do {
            return try advance()
        } catch {
            failure = error
            throw error
        }
    }

    private func advance() throws -> Dataset? {
        switch state {
        case .finished:
            return nil
        case .metadata:
            return try readMetadataDataset()
        case .start:
            while let line = try input.nextLine() {
                switch LineKind(line) {
                case .skip:
                    continue
                case .metadata:
                    pendingMetadata = (Array(line), input.lineNumber)
                    state = .metadata
                    return try readMetadataDataset()
                case .data:
                    state = .finished
                    return try readPlain(firstLine: line)
                }
            }
            throw RecordError("empty input: no data rows")
        }
    }

    private func readMetadataDataset() throws -> Dataset? {
        guard let (bytes, lineNo) = pendingMetadata else {
            state = .finished
            return nil
        }
        pendingMetadata = nil
        datasetCount += 1
        let (meta, dx, dy, dz) = try atLine(lineNo) {
            let meta = try Metadata.parse(line: String(decoding: bytes, as: UTF8.self))
            guard let dx = try meta.positiveInt("dx") else { throw RecordError("metadata line is missing dx") }
            guard let dy = try meta.positiveInt("dy") else { throw RecordError("metadata line is missing dy") }
            var dz = 0
            if let v = meta["dz"] {
                guard let d = Int(v), d >= 0 else { throw RecordError("metadata dz='\(v)' is not a column count") }
                dz = d
            }
            let (xy, overflow) = dx.addingReportingOverflow(dy)
            let (width, overflow2) = xy.addingReportingOverflow(dz)
            guard !overflow, !overflow2, width <= Self.maxColumns else {
                throw RecordError("dx=\(dx) dy=\(dy)\(dz > 0 ? " dz=\(dz)" : "") is more than \(Self.maxColumns) columns, the limit of one data set")
            }
            for key in ["true_mi", "true_mi_se"] {
                if let v = meta[key], !(Double(v)?.isFinite ?? false) {
                    throw RecordError("metadata \(key)='\(v)' is not a finite number")
                }
            }
            if let o = options.dx, o != dx { throw RecordError("--dx \(o) disagrees with the stream's dx=\(dx)") }
            if let o = options.dy, o != dy { throw RecordError("--dy \(o) disagrees with the stream's dy=\(dy)") }
            if let o = options.dz, o != dz { throw RecordError("--dz \(o) disagrees with the stream's dz=\(dz)") }
            if options.xColumns != nil || options.yColumns != nil {
                throw RecordError("--x/--y select columns of plain data only; this stream declares dx=\(dx) dy=\(dy)")
            }
            if options.discreteColumns != nil {
                throw RecordError("--discrete declares columns of plain data only; a stream's values are numbers")
            }
            if options.zColumns != nil {
                throw RecordError("--z selects columns of plain data only; this stream declares dx=\(dx) dy=\(dy)\(dz > 0 ? " dz=\(dz)" : "")")
            }
            return (meta, dx, dy, dz)
        }
        let label = meta["name"].map { "'\($0)'" } ?? "#\(datasetCount)"
        let width = dx + dy + dz
        var values: [Float]
        if let format = meta["format"] {
            let rows = try atLine(lineNo) { () throws -> Int in
                guard format == "f32le" || format == "f32le-esc" else {
                    throw RecordError("unsupported frame format '\(format)' (this reader knows f32le-esc and f32le)")
                }
                if options.format == .tsv { throw RecordError("dataset \(label) is binary but the format is tsv") }
                guard let r = meta["rows"] else { throw RecordError("format=\(format) needs rows=N") }
                guard let rows = Int(r), rows >= 0 else { throw RecordError("metadata rows='\(r)' is not a row count") }
                return rows
            }
            values = try BinaryFrame.read(from: input, rows: rows, width: width, escaped: format == "f32le-esc")
            try readTextRows(width: width, into: &values, rowsAllowed: false)
        } else {
            if options.format == .bin { throw RecordError.line(lineNo, "dataset \(label) is text but the format is bin") }
            values = []
            if let hint = meta["n"].flatMap({ Int($0) }), hint > 0 {
                // The declared size at once (no regrowth copies) when the system grants it; a corrupt
                // n= only reserves address space, and is then reported as a row-count mismatch.
                let (count, overflow) = hint.multipliedReportingOverflow(by: width)
                if !overflow, count * 4 <= BinaryFrame.maxOneAllocation, canAllocate(count * 4) { values.reserveCapacity(count) }
            }
            try readTextRows(width: width, into: &values, rowsAllowed: true)
        }
        let rows = values.count / width
        if rows == 0 { throw RecordError.line(lineNo, "dataset \(label) has no rows") }
        if let n = meta["n"], Int(n) != rows {
            throw RecordError.line(lineNo, "dataset \(label) declares n=\(n) but has \(rows) rows")
        }
        return Dataset(metadata: meta, dx: dx, dy: dy, dz: dz, rows: rows, values: values, startLine: lineNo)
    }

    /// Reads text rows up to the next metadata line (left pending) or EOF.
    /// After a binary frame only comments and blank lines may follow.
    private func readTextRows(width: Int, into values: inout [Float], rowsAllowed: Bool) throws {
        var parser: TextRowParser?
        let row = UnsafeMutablePointer<Float>.allocate(capacity: width)
        defer { row.deallocate() }
        while let line = try input.nextLine() {
            switch LineKind(line) {
            case .skip:
                continue
            case .metadata:
                pendingMetadata = (Array(line), input.lineNumber)
                return
            case .data:
                guard rowsAllowed else {
                    throw RecordError.line(
                        input.lineNumber,
                        "text after a binary frame (expected a metadata line or end of input)")
                }
                if parser == nil {
                    let delimiter = options.delimiter ?? Delimiter.detect(line)
                    parser = TextRowParser(delimiter: delimiter, expectedFields: width, targets: [])
                }
                try parser!.parse(line, lineNumber: input.lineNumber, into: row)
                values.append(contentsOf: UnsafeBufferPointer(start: row, count: width))
            }
        }
    }
}

/// Prefixes errors thrown by `body` with "line N: ".
func atLine<T>(_ line: Int, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as RecordError {
        throw RecordError.line(line, e.description)
    }
}

/// What a line is, decided from its first bytes only (cheap on the hot path).
enum LineKind {
    case skip, metadata, data

    init(_ line: UnsafeRawBufferPointer) {
        guard let first = line.first else { self = .skip; return }
        if first == 0x23 {  // '#'
            let isMarker = line.count >= 4 && line[1] == 0x25 && line[2] == 0x6D && line[3] == 0x69  // "%mi"
            // "#%mi" followed by anything is meant as a metadata line ("#%miv1" too): parsing it then
            // says what is wrong, instead of the line passing silently as a comment.
            self = isMarker ? .metadata : .skip
        } else if isBlank(first) && isBlankLine(line) {
            self = .skip
        } else {
            self = .data
        }
    }
}
