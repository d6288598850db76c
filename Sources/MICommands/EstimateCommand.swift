import ArgumentParser
import Foundation
import MIEstimators
import MIRecords

/// `mi-estimate`: reads data sets (plain tables or record streams) and prints MI estimates.
public struct EstimateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mi-estimate",
        abstract: "Estimate mutual information of the data sets in files or on standard input",
        discussion: """
            Reads plain numeric TSV/CSV (use --dx or --x/--y to say which columns are X and Y) or a \
            record stream of many data sets (see mi-records(5)), and prints one row per data set and \
            method: name, method, mi, n, dx, dy, true_mi (when the stream knows it), seconds, and the \
            data set's other metadata. Estimates are in nats unless --bits.
            """,
        version: toolVersion
    )

    @Argument(help: "Input files (default or '-': standard input).")
    var files: [String] = []

    @Option(help: ArgumentHelp("Estimators to run, comma-separated: \(EstimatorRegistry.names.joined(separator: ", ")).", valueName: "list"))
    var method: String = "cca"

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: tsv (a table with a header row) or json (JSON lines).")
    var format: ResultTable.Format = .tsv

    @Flag(help: "Report mutual information in bits instead of nats.")
    var bits = false

    public init() {}

    public func validate() throws {
        _ = try estimators()
    }

    func estimators() throws -> [any MIEstimator] {
        let names = method.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty else { throw ValidationError("--method is empty") }
        do { return try names.map(EstimatorRegistry.make) } catch let e as EstimatorError { throw ValidationError(e.description) }
    }

    public func run() throws {
        let methods = try estimators()
        let out = FileDescriptorSink(fd: 1)
        var table = ResultTable(sink: out, format: format, bits: bits)
        for path in files.isEmpty ? ["-"] : files {
            let reader = RecordReader(source: try InputSource.open(path), options: input.readOptions)
            let label = path == "-" ? "stdin" : (path as NSString).lastPathComponent
            do {
                while let data = try reader.next() {
                    let sample = PairedSample(values: data.values, rows: data.rows, dx: data.dx, dy: data.dy)
                    let name = data.metadata["name"] ?? label
                    for m in methods {
                        let start = DispatchTime.now().uptimeNanoseconds
                        // A method that cannot handle this data set (e.g. too few rows) leaves its
                        // `mi` empty and says why on stderr; the other data sets go on.
                        let mi: Double?
                        do { mi = try m.estimate(sample) } catch let e as EstimatorError {
                            ToolMain.warn("mi-estimate", "\(name): \(e.description)")
                            mi = nil
                        }
                        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                        try table.write(.init(name: name, method: m.name, mi: mi, n: data.rows, dx: data.dx, dy: data.dy,
                                              trueMI: data.metadata["true_mi"].flatMap(Double.init), seconds: seconds,
                                              metadata: data.metadata))
                    }
                }
            } catch let e as RecordError where files.count > 1 || path != "-" {
                throw CommandFailure("\(path): \(e.description)")
            }
        }
        try out.flush()
    }
}
