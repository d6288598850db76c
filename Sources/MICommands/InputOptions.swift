import ArgumentParser
import MIRecords

/// How readers find X and Y in plain data, shared by every tool that reads samples.
struct InputOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Plain data: the first N columns are X, the rest Y (or the next --dy columns).")
    var dx: Int?
    @Option(parsing: .unconditional, help: "Plain data: the number of Y columns after X (default: all the rest).")
    var dy: Int?
    @Option(name: .customLong("x"), help: ArgumentHelp("Plain data: X columns, cut-style (1-3,5) by 1-based number or header name.", valueName: "list"))
    var xColumns: String?
    @Option(name: .customLong("y"), help: ArgumentHelp("Plain data: Y columns, cut-style.", valueName: "list"))
    var yColumns: String?
    @Option(help: ArgumentHelp("Plain data: field delimiter (default: detected: tab, comma or spaces). Use 'tab' or 'space' for those.", valueName: "char"))
    var delimiter: String?
    @Option(help: "Force the input format (tsv or bin) instead of detecting it.")
    var inputFormat: FormatChoice?

    func validate() throws {
        if let dx, dx < 1 { throw ValidationError("--dx must be at least 1, got \(dx)") }
        if let dy, dy < 1 { throw ValidationError("--dy must be at least 1, got \(dy)") }
        if (xColumns == nil) != (yColumns == nil) { throw ValidationError("--x and --y go together") }
        if xColumns != nil && (dx != nil || dy != nil) { throw ValidationError("use either --dx/--dy or --x/--y, not both") }
        _ = try delimiterByte()
    }

    func delimiterByte() throws -> UInt8? {
        guard let delimiter else { return nil }
        switch delimiter {
        case "tab", "\\t", "\t": return UInt8(ascii: "\t")
        case "space", " ": return UInt8(ascii: " ")
        default:
            guard delimiter.utf8.count == 1, let b = delimiter.utf8.first, b != UInt8(ascii: "\n") else {
                throw ValidationError("--delimiter must be one character (or 'tab', 'space'), got '\(delimiter)'")
            }
            return b
        }
    }

    /// What a tool that conditions adds: the Z columns of plain data.
    struct Conditioning: ParsableArguments {
        @Option(name: .customLong("z"), help: ArgumentHelp("Plain data: Z columns, conditioned on (I(X; Y | Z)), cut-style like --x.", valueName: "list"))
        var zColumns: String?
        @Option(parsing: .unconditional, help: "Plain data: the last N columns are Z, conditioned on (X and Y come from the others).")
        var dz: Int?

        func validate() throws {
            if let dz, dz < 0 { throw ValidationError("--dz must be at least 0, got \(dz)") }
        }

        func apply(to o: inout ReadOptions) {
            o.zColumns = zColumns; o.dz = dz
        }
    }

    /// Label columns, for the tools with estimators of discrete data.
    struct Labels: ParsableArguments {
        @Option(
            help: ArgumentHelp(
                "Plain data: these columns (cut-style, like --x) are discrete: each distinct text, 'red' or '3', is a category. Give the table a header line. A column whose first value is text (beginning with a letter) is read so without it, and said on stderr.",
                valueName: "list"))
        var discrete: String?

        func apply(to o: inout ReadOptions) { o.discreteColumns = discrete }
    }

    var readOptions: ReadOptions {
        var o = ReadOptions()
        o.format = inputFormat?.stream
        o.delimiter = try? delimiterByte()
        o.dx = dx; o.dy = dy
        o.xColumns = xColumns; o.yColumns = yColumns
        return o
    }
}
