/// The colours of every picture: a categorical set for lines (Okabe–Ito, readable with colour
/// blindness) and a sequential scale for heat maps (viridis, by linear interpolation of 9 stops).
public enum Palette {
    static let lines = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    public static func categorical(_ i: Int) -> String { lines[i % lines.count] }

    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37)
    ]

    /// Colour of t in [0, 1] (clamped).
    public static func sequential(_ t: Double) -> String {
        let u = t.isFinite ? min(1, max(0, t)) * Double(viridis.count - 1) : 0
        let k = min(Int(u), viridis.count - 2)
        let f = u - Double(k)
        let (a, b) = (viridis[k], viridis[k + 1])
        func channel(_ x: Double, _ y: Double) -> String {
            let v = Int((x + (y - x) * f).rounded())
            let hex = String(v, radix: 16)
            return v < 16 ? "0" + hex : hex
        }
        return "#" + channel(a.0, b.0) + channel(a.1, b.1) + channel(a.2, b.2)
    }
}
