// The one place SVG text is made: shapes, text and number formatting, so that every picture of the
// tools has the same look and the same input gives the same bytes (numbers are written with a fixed
// number of decimals by integer arithmetic, never through a locale).

/// An SVG document being drawn: a fixed-size canvas in user units (pixels).
public struct SVGCanvas {
    public let width: Int, height: Int
    private var body: [String] = []

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The finished document.
    public var text: String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
        out += "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        for line in body { out += line + "\n" }
        return out + "</svg>\n"
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width w: Double = 1, dash: String? = nil) {
        body.append(
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" "
                + "stroke=\"\(stroke)\" stroke-width=\"\(Self.number(w))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
    }

    /// A polyline through the points (nothing for fewer than two).
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width w: Double = 2, markers: Bool = false) {
        guard points.count >= 2 else {
            if let p = points.first { circle(p.0, p.1, radius: 3, fill: stroke) }
            return
        }
        let coordinates = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        body.append(
            "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(w))\" stroke-linejoin=\"round\"/>")
        if markers { for p in points { circle(p.0, p.1, radius: 3, fill: stroke) } }
    }

    public mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String) {
        body.append("<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\"/>")
    }

    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil) {
        body.append(
            "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(w))\" height=\"\(Self.number(h))\" fill=\"\(fill)\""
                + (stroke.map { " stroke=\"\($0)\"" } ?? "") + "/>")
    }

    public enum Anchor: String { case start, middle, end }

    /// Text at (x, y) (the baseline), optionally rotated by `rotate` degrees about that point.
    public mutating func text(
        _ s: String, _ x: Double, _ y: Double, anchor: Anchor = .start, size: Int = 12, rotate: Int = 0, bold: Bool = false,
        fill: String = "#222222"
    ) {
        let transform = rotate == 0 ? "" : " transform=\"rotate(\(rotate) \(Self.number(x)) \(Self.number(y)))\""
        body.append(
            "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(size)\""
                + (bold ? " font-weight=\"bold\"" : "") + " fill=\"\(fill)\"\(transform)>\(Self.escape(s))</text>")
    }

    /// `v` with at most `places` decimals, trailing zeros dropped ("12.5", "-3", "0.07"); the same
    /// bytes everywhere (integer arithmetic, no locale).
    public static func number(_ v: Double, places: Int = 2) -> String {
        guard v.isFinite else { return "0" }
        var unit = 1
        for _ in 0..<places { unit *= 10 }
        let scaled = Int((abs(v) * Double(unit)).rounded())
        let sign = v < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return "\(sign)\(scaled)" }
        var fraction = String(scaled % unit)
        fraction = String(repeating: "0", count: max(0, places - fraction.count)) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(scaled / unit)" + (fraction.isEmpty ? "" : ".\(fraction)")
    }

    /// XML text escaping.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
