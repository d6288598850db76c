// Plain user data: no metadata line, the whole input is one dataset.
// The first data line fixes the delimiter and the column count, and is a
// header iff one of its fields is not a number (nan/inf count as numbers,
// so a first row with a NaN is reported as such, not taken as a header).
// A column whose first data value is a text label (not a number, beginning with a letter) holds
// labels, as if declared with --discrete: the data set lists it in detectedLabelColumns.

extension RecordReader {
    func readPlain(firstLine: UnsafeRawBufferPointer) throws -> Dataset {
        let firstLineNo = input.lineNumber
        if options.format == .bin {
            throw RecordError.line(firstLineNo, "the format is bin but the input has no metadata line")
        }
        let delimiter = options.delimiter ?? Delimiter.detect(firstLine)
        let fields = splitFields(firstLine, delimiter: delimiter)
        let columnCount = fields.count
        let isHeader = fields.contains { range in
            NumberParser.parse(UnsafeRawBufferPointer(rebasing: firstLine[range])) == .invalid
        }
        let header: [String]? =
            isHeader
            ? fields.map { headerName(UnsafeRawBufferPointer(rebasing: firstLine[$0])) }
            : nil
        let (x, y, z) = try selectColumns(columnCount: columnCount, header: header)
        let selected = x + y + z
        var targets = [Int](repeating: -1, count: columnCount)
        for (slot, column) in selected.enumerated() { targets[column] = slot }
        let identity = selected == Array(0..<columnCount)
        var parser = TextRowParser(
            delimiter: delimiter, expectedFields: columnCount,
            targets: identity ? [] : targets)

        let width = selected.count
        if let spec = options.discreteColumns {
            let declared = try ColumnSelection.parse(spec, option: "--discrete", header: header, columnCount: columnCount)
            if let unused = declared.first(where: { targets[$0] < 0 }) {
                throw RecordError("--discrete: column \(unused + 1) is not one of X, Y or Z")
            }
            var isLabel = [Bool](repeating: false, count: width)
            for c in declared { isLabel[targets[c]] = true }
            parser.labels = LabelCodes(isLabel: isLabel)
        }
        // Undeclared columns whose first value is a text label are read as labels too (and said).
        var detected: [Int] = []
        func detectLabels(_ line: UnsafeRawBufferPointer) {
            let found = parser.labelSlots(firstRow: line).filter { parser.labels?.isLabel[$0.slot] != true }
            guard !found.isEmpty else { return }
            if parser.labels == nil { parser.labels = LabelCodes(isLabel: [Bool](repeating: false, count: width)) }
            parser.labels!.add(found.map(\.slot))
            detected = found.map(\.column)
        }
        let row = UnsafeMutablePointer<Float>.allocate(capacity: width)
        defer { row.deallocate() }
        var values: [Float] = []
        var startLine = 0
        var shiftsKnown = false
        if !isHeader {
            parser.offsets = parser.offsets(firstRow: firstLine, width: width)
            shiftsKnown = true
            detectLabels(firstLine)
            try parser.parse(firstLine, lineNumber: firstLineNo, into: row)
            values.append(contentsOf: UnsafeBufferPointer(start: row, count: width))
            startLine = firstLineNo
        }
        while let line = try input.nextLine() {
            switch LineKind(line) {
            case .skip:
                continue
            case .metadata:
                throw RecordError.line(
                    input.lineNumber,
                    "metadata line after plain data (a stream must begin with its metadata line)")
            case .data:
                if startLine == 0 { startLine = input.lineNumber }
                if !shiftsKnown {
                    parser.offsets = parser.offsets(firstRow: line, width: width)
                    shiftsKnown = true
                    detectLabels(line)
                }
                try parser.parse(line, lineNumber: input.lineNumber, into: row)
                values.append(contentsOf: UnsafeBufferPointer(start: row, count: width))
            }
        }
        let rows = values.count / width
        if rows == 0 { throw RecordError("empty input: no data rows") }
        var meta = Metadata([("dx", String(x.count)), ("dy", String(y.count)), ("n", String(rows))])
        if !z.isEmpty { meta["dz"] = String(z.count) }
        var data = Dataset(
            metadata: meta, dx: x.count, dy: y.count, dz: z.count, rows: rows, values: values,
            columnNames: header.map { h in selected.map { h[$0] } }, startLine: startLine)
        data.detectedLabelColumns = detected
        if let names = parser.labels?.names {
            for (slot, list) in names.enumerated() where parser.labels!.isLabel[slot] { data.labels[slot] = list }
        }
        return data
    }

    /// X, Y and Z column indices (0-based) from the options, in output order.
    func selectColumns(columnCount all: Int, header: [String]?) throws -> (x: [Int], y: [Int], z: [Int]) {
        // Z first: --z names its columns; --dz takes the last dz. X and Y come from the others.
        var z: [Int] = []
        if let spec = options.zColumns {
            z = try ColumnSelection.parse(spec, option: "--z", header: header, columnCount: all)
            if let dz = options.dz, dz != z.count { throw RecordError("--dz \(dz) disagrees with --z (\(z.count) columns)") }
        } else if let dz = options.dz, dz > 0 {
            guard dz < all - 1 else { throw RecordError("--dz \(dz) leaves fewer than 2 columns for X and Y (the data has \(all) columns)") }
            z = Array((all - dz)..<all)
        }
        let free = (0..<all).filter { !z.contains($0) }
        if options.xColumns != nil || options.yColumns != nil {
            var x = try options.xColumns.map { try ColumnSelection.parse($0, option: "--x", header: header, columnCount: all) }
            var y = try options.yColumns.map { try ColumnSelection.parse($0, option: "--y", header: header, columnCount: all) }
            if x == nil { x = free.filter { !y!.contains($0) } }
            if y == nil { y = free.filter { !x!.contains($0) } }
            let xs = x!, ys = y!
            if let both = xs.first(where: ys.contains) { throw RecordError("column \(both + 1) is in both --x and --y") }
            if let both = xs.first(where: z.contains) { throw RecordError("column \(both + 1) is in both --x and --z") }
            if let both = ys.first(where: z.contains) { throw RecordError("column \(both + 1) is in both --y and --z") }
            if xs.isEmpty { throw RecordError("no columns left for X") }
            if ys.isEmpty { throw RecordError("no columns left for Y") }
            if let dx = options.dx, dx != xs.count { throw RecordError("--dx \(dx) disagrees with --x (\(xs.count) columns)") }
            if let dy = options.dy, dy != ys.count { throw RecordError("--dy \(dy) disagrees with --y (\(ys.count) columns)") }
            return (xs, ys, z)
        }
        let n = free.count
        if options.dx != nil || options.dy != nil {
            let dy = options.dy ?? (n - (options.dx ?? 0))
            let dx = options.dx ?? (n - dy)
            let cols = z.isEmpty ? "\(n) columns" : "\(n) columns besides Z"
            if dx < 1 { throw RecordError("--dx must be at least 1 (got \(dx); the data has \(cols))") }
            if dy < 1 { throw RecordError("--dx \(dx) leaves no columns for Y (the data has \(cols))") }
            if dx + dy > n { throw RecordError("--dx \(dx) --dy \(dy) needs \(dx + dy) columns, the data has \(z.isEmpty ? "\(n)" : cols)") }
            return (Array(free[0..<dx]), Array(free[dx..<(dx + dy)]), z)
        }
        if n == 2 { return ([free[0]], [free[1]], z) }
        throw RecordError("cannot tell X from Y: give --dx N, or --x and --y")
    }

    /// A header field as a name; surrounding double quotes (CSV) are dropped.
    private func headerName(_ bytes: UnsafeRawBufferPointer) -> String {
        var b = Array(bytes)
        if b.count >= 2 && b.first == 0x22 && b.last == 0x22 { b = Array(b[1..<(b.count - 1)]) }
        return String(decoding: b, as: UTF8.self)
    }
}
