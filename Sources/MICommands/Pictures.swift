// The tools' pictures (SVG, drawn by MIPlot): the training curve of mi-train, the reliability
// diagram of mi-quantiles --calibrate and the MI heat map of mi-estimate --pairs. Each is written
// like any output file: to a temporary name, renamed when complete.

#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIPlot
import MIRecords

enum Pictures {
    /// Writes `svg` to `path` atomically.
    static func write(_ svg: String, to path: String) throws {
        let target = try OutputTarget(path: path)
        var bytes = Array(svg.utf8)
        try bytes.withUnsafeMutableBytes { try target.sink.write(UnsafeRawBufferPointer($0)) }
        try target.commit()
    }

    /// mi-train's curve (its TSV rows: step, ..., train_loss, ..., *_mse): loss and evaluation MSE
    /// by step, on a log scale.
    static func trainingCurve(header: [String], rows: [[String]], title: String) throws -> String {
        guard let stepColumn = header.firstIndex(of: "step") else {
            throw CommandFailure("not a mi-train curve: no 'step' column in the header")
        }
        let plotted = header.indices.filter { header[$0] == "train_loss" || header[$0].hasSuffix("_mse") }
        guard !plotted.isEmpty else { throw CommandFailure("not a mi-train curve: no train_loss or *_mse column") }
        let series = plotted.map { k in
            LineChart.Series(
                name: header[k],
                points: rows.compactMap { r in
                    guard r.count > max(k, stepColumn), let s = Double(r[stepColumn]), let v = Double(r[k]) else { return nil }
                    return (s, v)
                })
        }
        var chart = LineChart(title: title, xLabel: "step", yLabel: "loss, MSE (nats²)", series: series)
        chart.logY = true
        return chart.svg
    }

    /// Reads a curve file (header row, then rows; blank lines and lines starting with '#' skipped).
    static func readCurve(_ path: String) throws -> (header: [String], rows: [[String]]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !lines.isEmpty else { throw CommandFailure("\(path): empty curve") }
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        // A resumed run appended to the same file has no second header; a repeated one is skipped.
        let rows = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }.filter { $0 != header }
        return (header, rows)
    }

    /// mi-quantiles --calibrate: observed against nominal level, one line per method.
    static func reliability(_ points: [(method: String, nominal: Double, observed: Double)], datasets: Int) -> String {
        var methods: [String] = []
        for p in points where !methods.contains(p.method) { methods.append(p.method) }
        let series = methods.map { m in
            LineChart.Series(name: m, points: points.filter { $0.method == m }.map { ($0.nominal, $0.observed) }.sorted { $0.0 < $1.0 })
        }
        var chart = LineChart(
            title: "Calibration of the quantiles (\(datasets) data sets)", xLabel: "nominal level τ",
            yLabel: "fraction with true MI ≤ quantile τ", series: series)
        chart.xRange = 0...1
        chart.yRange = 0...1
        chart.diagonal = "ideal"
        chart.markers = true
        return chart.svg
    }

    /// mi-estimate --pairs: the MI matrix.
    static func heatMap(names: [String], values: [[Double?]], method: String, bits: Bool) -> String {
        HeatMap(title: "Pairwise mutual information (\(method))", names: names, values: values, unit: bits ? "bits" : "nats").svg
    }
}
