#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIEstimators
import MIRecords

/// The one read loop of every tool that reads data sets (mi-estimate, mi-quantiles, mi-flow estimate,
/// apply and fit): each input opened in turn (none or "-" is standard input), its data sets read in
/// windows, each with the name it is reported under, read errors labelled with the input they came
/// from, and what the tool must say of a data set's shape (ties, constant columns) said once.
struct DataSetLoop {
    let tool: String
    let files: [String]
    let options: ReadOptions
    /// Whether the loop says what it sees of a data set's shape (off where the tool says it itself).
    var shapeWarnings = true
    /// Why the tool refuses data sets with Z columns (dz > 0, conditional MI); nil: it takes them.
    var withoutZ: String?
    /// Why the tool refuses columns of text labels; nil: it reads them as categories (and says so).
    var withoutLabels: String?

    /// One data set and the name its rows and warnings carry (its `name` key, else the input's file name).
    struct Item {
        let data: Dataset
        let name: String
        var sample: PairedSample {
            var s = PairedSample(values: data.values, rows: data.rows, dx: data.dx, dy: data.dy, dz: data.dz)
            s.declaredDiscrete = Set(data.labels.keys)
            return s
        }
    }

    init(tool: String, files: [String], options: ReadOptions) {
        self.tool = tool
        self.files = files.isEmpty ? ["-"] : files
        self.options = options
        withoutZ = "\(tool) does not condition on Z (mi-estimate does)"
        withoutLabels = "\(tool) models continuous data (mi-estimate and mi-quantiles read labels)"
    }

    /// Calls `body` with windows of up to `window` data sets, in input order. A read error ends the
    /// loop after the data sets read before it have been handed over; it names the input when there
    /// is more than one, or a file. `adjust` may change the read options once the input's first bytes
    /// are known (nil: not a record stream).
    func forEachWindow(
        _ window: Int, adjust: ((inout ReadOptions, _ isRecordStream: Bool) -> Void)? = nil,
        _ body: ([Item]) throws -> Void
    ) throws {
        for path in files {
            var readOptions = options
            let source = try InputSource.open(path)
            if let adjust { adjust(&readOptions, (source as? PeekedSource)?.isRecordStream ?? true) }
            let reader = RecordReader(source: source, options: readOptions)
            let label = path == "-" ? "stdin" : fileName(path)
            var failure: RecordError?
            repeat {
                var batch: [Item] = []
                do {
                    while batch.count < window, let data = try reader.next() {
                        let name = data.metadata["name"] ?? label
                        if data.dz > 0, let withoutZ {
                            throw CommandFailure("\(name): the data set has Z columns (dz=\(data.dz)); \(withoutZ)")
                        }
                        if let column = data.detectedLabelColumns.first, let withoutLabels {
                            throw CommandFailure("\(name): column \(column + 1) holds text labels; \(withoutLabels)")
                        }
                        batch.append(Item(data: data, name: name))
                    }
                } catch let e as RecordError { failure = e }
                for item in batch {
                    warnAboutLabels(item)
                    if shapeWarnings { warnAboutShape(item) }
                }
                if !batch.isEmpty { try body(batch) }
                if batch.count < window || failure != nil { break }
            } while true
            if let failure {
                throw files.count > 1 || path != "-" ? CommandFailure("\(path == "-" ? "stdin" : path): \(failure.description)") : failure
            }
        }
    }

    /// Data sets in memory at once for a learned estimator, which runs them batched: a few hundred, so
    /// its batches are full. Fixed: the window is where batches are made, so an estimate does not
    /// depend on --threads.
    static let learnedWindow = 512

    /// One data set at a time.
    func forEach(_ body: (Item) throws -> Void) throws {
        try forEachWindow(1) { try body($0[0]) }
    }

    /// The first data set of the first input (mi-flow fit).
    func first() throws -> Item {
        var found: Item?
        do {
            try forEachWindow(1) { items in
                found = items[0]
                throw FirstFound()
            }
        } catch is FirstFound {}
        guard let found else { throw CommandFailure("\(files[0] == "-" ? "stdin" : files[0]): no data set") }
        return found
    }
    private struct FirstFound: Error {}

    /// Columns read as labels without --discrete are said once per data set.
    func warnAboutLabels(_ item: Item) {
        let detected = item.data.detectedLabelColumns.map { String($0 + 1) }
        if !detected.isEmpty {
            let list = detected.joined(separator: ",")
            ToolMain.warn(
                tool,
                "\(item.name): column\(detected.count == 1 ? "" : "s") \(list) \(detected.count == 1 ? "holds" : "hold") text labels: read as discrete categories (--discrete \(list) says so and silences this)"
            )
        }
    }

    /// Ties and constant columns are said once per data set: estimators for continuous data
    /// (ksg, kde, mist) do not know what to make of them.
    func warnAboutShape(_ item: Item) {
        if let note = DataShape(item.sample).note { ToolMain.warn(tool, "\(item.name): \(note)") }
    }
}

/// Estimates a method could not make (each already said on stderr): the run goes on, and ends with
/// exit status 1 when there was any, as the man pages say.
struct FailureCount {
    var count = 0
    func check() throws {
        if count > 0 { throw CommandFailure("\(count) estimate\(count == 1 ? "" : "s") could not be made (reasons above)") }
    }
}
