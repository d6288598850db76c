import ArgumentParser
import Foundation
import MIRecords

/// The estimate table every estimating tool prints: one row per data set × method, a header row,
/// columns `name method mi n dx dy true_mi seconds meta` (TSV), or the same as JSON lines. `meta`
/// carries the data set's other metadata keys as `key=value` pairs, so they survive the pipeline.
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
    }

    let sink: ByteSink
    let format: Format
    let bits: Bool
    private var wroteHeader = false

    init(sink: ByteSink, format: Format, bits: Bool) { self.sink = sink; self.format = format; self.bits = bits }

    mutating func write(_ row: Row) throws {
        let scale = bits ? 1 / log(2.0) : 1
        let extra = row.metadata.pairs.filter { !Self.consumedKeys.contains($0.key) }
        var line: String
        switch format {
        case .tsv:
            if !wroteHeader { try emit(Self.columns.joined(separator: "\t") + "\n"); wroteHeader = true }
            let fields = [clean(row.name), row.method, row.mi.map { NumberFormat.string($0 * scale) } ?? "", "\(row.n)", "\(row.dx)", "\(row.dy)",
                          row.trueMI.map { NumberFormat.string($0 * scale) } ?? "", seconds(row.seconds),
                          extra.map { "\(clean($0.key))=\(clean($0.value))" }.joined(separator: " ")]
            line = fields.joined(separator: "\t") + "\n"
        case .json:
            var parts = ["\"name\":\(json(row.name))", "\"method\":\(json(row.method))", "\"mi\":\(row.mi.map { NumberFormat.string($0 * scale) } ?? "null")",
                         "\"n\":\(row.n)", "\"dx\":\(row.dx)", "\"dy\":\(row.dy)",
                         "\"true_mi\":\(row.trueMI.map { NumberFormat.string($0 * scale) } ?? "null")",
                         "\"seconds\":\(seconds(row.seconds))", "\"unit\":\(json(bits ? "bits" : "nats"))"]
            let meta = extra.map { "\(json($0.key)):\(json($0.value))" }.joined(separator: ",")
            parts.append("\"meta\":{\(meta)}")
            line = "{" + parts.joined(separator: ",") + "}\n"
        }
        try emit(line)
    }

    func seconds(_ s: Double) -> String { String(format: "%.6f", s) }

    /// TSV fields may not hold tabs or newlines.
    func clean(_ s: String) -> String {
        s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    func json(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    func emit(_ s: String) throws {
        var bytes = Array(s.utf8)
        try bytes.withUnsafeMutableBytes { try sink.write(UnsafeRawBufferPointer($0)) }
    }
}
