import XCTest
import MIPlot
#if canImport(FoundationXML)
import FoundationXML
#endif

final class PlotTests: XCTestCase {
    func testNumbersAreFixedAndLocaleFree() {
        XCTAssertEqual(SVGCanvas.number(12.5), "12.5")
        XCTAssertEqual(SVGCanvas.number(-3), "-3")
        XCTAssertEqual(SVGCanvas.number(0.07), "0.07")
        XCTAssertEqual(SVGCanvas.number(0.004), "0")
        XCTAssertEqual(SVGCanvas.number(-0.004), "0")
        XCTAssertEqual(SVGCanvas.number(1.005, places: 3), "1.005")
        XCTAssertEqual(SVGCanvas.number(2.999), "3")
        XCTAssertEqual(SVGCanvas.number(.nan), "0")
        XCTAssertEqual(SVGCanvas.number(41.6, places: 0), "42")
        XCTAssertEqual(Scale(covering: [0, 38], pixels: 0...1).ticks.map { Scale(covering: [0, 38], pixels: 0...1).label($0) }, ["0", "10", "20", "30", "40"])
    }

    func testEscaping() {
        XCTAssertEqual(SVGCanvas.escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;")
    }

    func testNiceTicks() {
        let s = Scale(covering: [0.13, 0.87], pixels: 0...100)
        // Range 0.74: a fifth is 0.148, so steps of 0.2 over [0, 1].
        XCTAssertEqual(s.lower, 0, accuracy: 1e-12)
        XCTAssertEqual(s.upper, 1, accuracy: 1e-12)
        XCTAssertEqual(s.ticks.map { s.label($0) }, ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        let t = Scale(covering: [2.13, 2.37], pixels: 0...100)
        XCTAssertEqual(t.ticks.map { t.label($0) }, ["2.1", "2.2", "2.3", "2.4"])
        let log = Scale(covering: [0.003, 2.5], pixels: 0...100, logarithmic: true)
        XCTAssertEqual(log.ticks.map { log.label($0) }, ["1e-3", "1e-2", "1e-1", "1", "10"])
        // y axes grow upward.
        let y = Scale(lower: 0, upper: 1, pixels: 10...110, flipped: true)
        XCTAssertEqual(y(0), 110)
        XCTAssertEqual(y(1), 10)
    }

    func testViridisEnds() {
        XCTAssertEqual(Palette.sequential(0), "#440154")
        XCTAssertEqual(Palette.sequential(1), "#fde725")
        XCTAssertEqual(Palette.sequential(-3), "#440154")
    }

    /// Same input, same bytes; a different input, different bytes; the document is well formed.
    func testChartsAreDeterministic() throws {
        func chart(_ v: Double) -> String {
            var c = LineChart(
                title: "t", xLabel: "x", yLabel: "y",
                series: [.init(name: "a<1>", points: [(0, 1), (1, v), (2, 0.5)]), .init(name: "b", points: [(0, 2), (2, 1)])])
            c.logY = true
            return c.svg
        }
        XCTAssertEqual(chart(0.3), chart(0.3))
        XCTAssertNotEqual(chart(0.3), chart(0.4))
        let svg = chart(0.3)
        XCTAssertTrue(svg.contains("a&lt;1&gt;"))
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2)
        let doc = try XMLDocument(data: Data(svg.utf8))
        XCTAssertEqual(doc.rootElement()?.name, "svg")
        let map = HeatMap(title: "m", names: ["a", "b", "c"], values: [[nil, 0.5, 0], [0.5, nil, 1], [0, 1, nil]], unit: "nats").svg
        XCTAssertEqual(map, HeatMap(title: "m", names: ["a", "b", "c"], values: [[nil, 0.5, 0], [0.5, nil, 1], [0, 1, nil]], unit: "nats").svg)
        // 9 cells + the scale's 50 steps + frames and background.
        XCTAssertTrue(map.contains("fill=\"#d9d9d9\""))  // the empty diagonal
        XCTAssertTrue(map.contains("fill=\"#fde725\""))  // the largest value
        _ = try XMLDocument(data: Data(map.utf8))
    }
}
