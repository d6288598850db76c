import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIArchive
import MIEstimators
import MIRecords

/// The estimate table every estimating tool prints: one row per data set × method, a header row,
/// columns `name method mi n dx dy true_mi seconds meta` (TSV), or the same as JSON lines. `meta`
/// carries the data set's other metadata keys as `key=value` pairs, so they survive the pipeline.
/// Tools that compute more per row (mi-quantiles) add named columns before `meta`.
/// How an estimating tool prints its table (shared by mi-estimate, mi-quantiles and mi-flow estimate).
struct TableOptions: ParsableArguments {
    @Option(help: "Output format: tsv (a table with a header row) or json (JSON lines).")
    var format: ResultTable.Format = .tsv

    @Flag(help: "Report mutual information in bits instead of nats.")
    var bits = false

    @Flag(help: "No header row (tsv): for tables made in pieces and joined, e.g. by GNU parallel --pipe -k.")
    var noHeader = false
}

struct ResultTable {
    enum Format: String, CaseIterable, ExpressibleByArgument { case tsv, json }
    static let columns = ["name", "method", "mi", "n", "dx", "dy", "true_mi", "seconds", "meta"]
    static let consumedKeys: Set<String> = ["name", "dx", "dy", "n", "true_mi", "format", "rows"]

    struct Row {
        var name: String
        var method: String
        var mi: Double?
        var n: Int
        var dx: Int
        var dy: Int
        var trueMI: Double?
        var seconds: Double
        var metadata: Metadata
        /// Values of the table's extra columns, in order (nil: empty).
        var extra: [Double?] = []
    }

    /// An extra column: its name, and whether it is an MI (converted by --bits) or a plain number.
    struct Column { var name: String; var isMI: Bool }

    let sink: ByteSink
    let format: Format
    let bits: Bool
    let extraColumns: [Column]
    private var wroteHeader = false

    init(sink: ByteSink, format: Format, bits: Bool, header: Bool = true, extraColumns: [Column] = []) {
        self.sink = sink; self.format = format; self.bits = bits; self.extraColumns = extraColumns
        wroteHeader = !header
    }

    init(sink: ByteSink, options: TableOptions, extraColumns: [Column] = []) {
        self.init(sink: sink, format: options.format, bits: options.bits, header: !options.noHeader, extraColumns: extraColumns)
    }

    func extraValues(_ row: Row, scale: Double) -> [String?] {
        extraColumns.enumerated().map { i, c in
            (i < row.extra.count ? row.extra[i] : nil).map { NumberFormat.string(c.isMI ? $0 * scale : $0) }
        }
    }

    mutating func write(_ row: Row) throws {
        let scale = bits ? 1 / log(2.0) : 1
        let extra = row.metadata.pairs.filter { !Self.consumedKeys.contains($0.key) }
        var line: String
        switch format {
        case .tsv:
            if !wroteHeader {
                let header = Self.columns.dropLast() + extraColumns.map(\.name) + ["meta"]
                try emit(header.joined(separator: "\t") + "\n"); wroteHeader = true
            }
            var fields = [
                clean(row.name), row.method, row.mi.map { NumberFormat.string($0 * scale) } ?? "", "\(row.n)", "\(row.dx)", "\(row.dy)",
                row.trueMI.map { NumberFormat.string($0 * scale) } ?? "", seconds(row.seconds),
                extra.map { "\(clean($0.key))=\(clean($0.value))" }.joined(separator: " ")
            ]
            fields.insert(contentsOf: extraValues(row, scale: scale).map { $0 ?? "" }, at: fields.count - 1)
            line = fields.joined(separator: "\t") + "\n"
        case .json:
            var parts = [
                "\"name\":\(json(row.name))", "\"method\":\(json(row.method))", "\"mi\":\(row.mi.map { NumberFormat.string($0 * scale) } ?? "null")",
                "\"n\":\(row.n)", "\"dx\":\(row.dx)", "\"dy\":\(row.dy)",
                "\"true_mi\":\(row.trueMI.map { NumberFormat.string($0 * scale) } ?? "null")",
                "\"seconds\":\(seconds(row.seconds))", "\"unit\":\(json(bits ? "bits" : "nats"))"
            ]
            for (c, v) in zip(extraColumns, extraValues(row, scale: scale)) { parts.append("\(json(c.name)):\(v ?? "null")") }
            let meta = extra.map { "\(json($0.key)):\(json($0.value))" }.joined(separator: ",")
            parts.append("\"meta\":{\(meta)}")
            line = "{" + parts.joined(separator: ",") + "}\n"
        }
        try emit(line)
        try sink.flush()  // rows are few and each was expensive: the reader gets it now, not a MiB later
    }

    func seconds(_ s: Double) -> String { String(cFormat: "%.6f", s) }

    /// TSV fields may not hold tabs or newlines.
    func clean(_ s: String) -> String {
        s.replacing("\t", with: " ").replacing("\n", with: " ")
    }

    func json(_ s: String) -> String { JSONText.quote(s) }

    func emit(_ s: String) throws {
        var bytes = Array(s.utf8)
        try bytes.withUnsafeMutableBytes { try sink.write(UnsafeRawBufferPointer($0)) }
    }
}

/// The columns a table gets for what its methods give beside the estimate: mi_lo and mi_hi (a 95%
/// interval) when a method gives one, h_x, h_y and h_xy (entropies) when asked.
struct DetailColumns {
    let interval: Bool, entropies: Bool

    init(_ methods: [any MIEstimator], entropies: Bool) {
        interval = methods.contains { $0.extras.contains(.interval) }
        self.entropies = entropies
    }

    var columns: [ResultTable.Column] {
        (interval ? ["mi_lo", "mi_hi"] : []).map { .init(name: $0, isMI: true) }
            + (entropies ? ["h_x", "h_y", "h_xy"] : []).map { .init(name: $0, isMI: true) }
    }

    /// A row's values for these columns (empty where the method gave none).
    func values(_ d: EstimateDetail?) -> [Double?] {
        (interval ? [d?.lower, d?.upper] : []) + (entropies ? [d?.entropyX, d?.entropyY, d?.entropyXY] : [])
    }
}
