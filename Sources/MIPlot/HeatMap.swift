/// A square matrix as coloured cells, row and column names, and a colour scale bar. Empty cells
/// (nil: not estimated) are drawn grey.
public struct HeatMap {
    public var title: String
    public var names: [String]
    /// values[i][j]; nil where there is no value.
    public var values: [[Double?]]
    public var unit: String

    public init(title: String, names: [String], values: [[Double?]], unit: String) {
        self.title = title; self.names = names; self.values = values; self.unit = unit
    }

    public var svg: String {
        let m = names.count
        let longest = names.map(\.count).max() ?? 1
        let labelRoom = Double(min(longest, 24)) * 7 + 12
        let cell = max(6.0, min(36.0, 640 / Double(max(m, 1))))
        let left = labelRoom + 10, top = labelRoom + 40
        let size = cell * Double(m)
        let width = Int(left + size + 110), height = Int(top + size + 30)
        var c = SVGCanvas(width: width, height: height)
        c.text(title, left + size / 2, 22, anchor: .middle, size: 15, bold: true)
        let finite = values.flatMap { $0.compactMap { $0 } }.filter(\.isFinite)
        let hi = max(finite.max() ?? 1, 1e-12), lo = min(finite.min() ?? 0, 0)
        let showLabels = cell >= 10
        for i in 0..<m {
            let label = names[i].count > 24 ? String(names[i].prefix(23)) + "…" : names[i]
            if showLabels {
                c.text(label, left - 6, top + (Double(i) + 0.5) * cell + 4, anchor: .end, size: min(12, Int(cell * 0.7)))
                c.text(label, left + (Double(i) + 0.5) * cell + 4, top - 6, size: min(12, Int(cell * 0.7)), rotate: -90)
            }
            for j in 0..<m {
                let v = j < values[i].count ? values[i][j] : nil
                let fill = v.map { Palette.sequential(($0 - lo) / (hi - lo)) } ?? "#d9d9d9"
                c.rect(left + Double(j) * cell, top + Double(i) * cell, cell, cell, fill: fill)
            }
        }
        c.rect(left, top, size, size, fill: "none", stroke: "#444444")
        // Colour scale: 50 steps, top = high.
        let barX = left + size + 24, barH = min(size, 300.0)
        for k in 0..<50 {
            let t = 1 - Double(k) / 49
            c.rect(barX, top + Double(k) * barH / 50, 16, barH / 50 + 0.5, fill: Palette.sequential(t))
        }
        c.rect(barX, top, 16, barH, fill: "none", stroke: "#444444")
        let scale = Scale(lower: lo, upper: hi, pixels: top...(top + barH), flipped: true)
        for t in scale.ticks where t >= lo && t <= hi {
            c.line(barX + 16, scale(t), barX + 20, scale(t), stroke: "#444444")
            c.text(scale.label(t), barX + 23, scale(t) + 4, size: 11)
        }
        c.text(unit, barX, top + barH + 18, size: 11)
        return c.text
    }
}
