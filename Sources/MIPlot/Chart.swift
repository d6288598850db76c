/// A line chart: axes with ticks and labels, one polyline per series, a legend, optional reference
/// line y = x. Used for training curves and reliability diagrams.
public struct LineChart {
    public struct Series {
        public var name: String
        public var points: [(Double, Double)]
        public init(name: String, points: [(Double, Double)]) { self.name = name; self.points = points }
    }

    public var title: String
    public var xLabel: String, yLabel: String
    public var series: [Series]
    public var logY = false
    /// Fixed axis ranges (nil: from the data).
    public var xRange: ClosedRange<Double>?, yRange: ClosedRange<Double>?
    /// Draw the diagonal y = x (a reliability diagram's ideal), labelled.
    public var diagonal: String?
    public var markers = false
    public var width = 720, height = 440

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.series = series
    }

    public var svg: String {
        var c = SVGCanvas(width: width, height: height)
        let left = 70.0, right = Double(width) - 170, top = 40.0, bottom = Double(height) - 55
        let xs = series.flatMap { $0.points.map(\.0) }, ys = series.flatMap { $0.points.map(\.1) }
        let x =
            xRange.map { Scale(lower: $0.lowerBound, upper: $0.upperBound, pixels: left...right) }
            ?? Scale(covering: xs, pixels: left...right)
        let y =
            yRange.map { Scale(lower: $0.lowerBound, upper: $0.upperBound, pixels: top...bottom, logarithmic: logY, flipped: true) }
            ?? Scale(covering: ys, pixels: top...bottom, logarithmic: logY, flipped: true)
        c.text(title, (left + right) / 2, 24, anchor: .middle, size: 15, bold: true)
        // Grid and ticks.
        for t in x.ticks {
            c.line(x(t), top, x(t), bottom, stroke: "#e6e6e6")
            c.line(x(t), bottom, x(t), bottom + 5, stroke: "#444444")
            c.text(x.label(t), x(t), bottom + 18, anchor: .middle, size: 11)
        }
        for t in y.ticks {
            c.line(left, y(t), right, y(t), stroke: "#e6e6e6")
            c.line(left - 5, y(t), left, y(t), stroke: "#444444")
            c.text(y.label(t), left - 8, y(t) + 4, anchor: .end, size: 11)
        }
        c.rect(left, top, right - left, bottom - top, fill: "none", stroke: "#444444")
        c.text(xLabel, (left + right) / 2, Double(height) - 14, anchor: .middle, size: 13)
        c.text(yLabel, 18, (top + bottom) / 2, anchor: .middle, size: 13, rotate: -90)
        if let diagonal {
            let lo = max(x.lower, y.lower), hi = min(x.upper, y.upper)
            c.line(x(lo), y(lo), x(hi), y(hi), stroke: "#888888", width: 1.5, dash: "6 4")
            c.text(diagonal, x(hi) - 4, y(hi) + 14, anchor: .end, size: 11, fill: "#666666")
        }
        for (i, s) in series.enumerated() {
            let colour = Palette.categorical(i)
            let points = s.points.filter { $0.0.isFinite && $0.1.isFinite && (!logY || $0.1 > 0) }.map { (x($0.0), y($0.1)) }
            c.polyline(points, stroke: colour, markers: markers)
            // Legend entry.
            let ly = top + 10 + Double(i) * 20
            c.line(right + 16, ly - 4, right + 40, ly - 4, stroke: colour, width: 3)
            c.text(s.name, right + 46, ly, size: 12)
        }
        return c.text
    }
}
