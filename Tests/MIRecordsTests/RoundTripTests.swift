import XCTest
import MIRecords

/// Oracle: writing then reading returns the identical bits and metadata.
final class RoundTripTests: XCTestCase {
    static let specials: [Float] = [
        0, -0.0, 1, -1, 1e-30, -1e-30, 3.4e38, -3.4e38, Float.greatestFiniteMagnitude,
        -Float.greatestFiniteMagnitude, Float.leastNormalMagnitude, Float.leastNonzeroMagnitude,
        -Float.leastNonzeroMagnitude, Float.leastNormalMagnitude.nextDown, Float(bitPattern: 2), 0.1, 1.0 / 3.0,
        16_777_216, 16_777_218, 123456.0, 1e7, 1e16, 0.000123, Float.pi, Float.ulpOfOne
    ]

    func randomValues(count: Int, seed: UInt64) -> [Float] {
        var rng = TestRng(seed: seed)
        var values = RoundTripTests.specials
        while values.count < count { values.append(rng.finiteFloat()) }
        return Array(values.prefix(count))
    }

    func roundTrip(_ format: StreamFormat) throws {
        let dx = 3, dy = 2
        let values = randomValues(count: 5 * 400, seed: 42)
        let meta = Metadata([("name", "round trip"), ("zeta", "a=b%c\td\ne"), ("true_mi", "0.5"), ("alpha", "")])
        let sink = MemorySink()
        let writer = RecordWriter(sink: sink, format: format)
        try writer.beginDataset(meta, dx: dx, dy: dy, rows: 400)
        // streaming: several writeRows calls
        try values.withUnsafeBufferPointer { all in
            try writer.writeRows(UnsafeBufferPointer(rebasing: all[0..<500]))
            try writer.writeRows(UnsafeBufferPointer(rebasing: all[500..<2000]))
        }
        try writer.endDataset()
        try writer.finish()

        let datasets = try readAll(sink.bytes)
        XCTAssertEqual(datasets.count, 1)
        let d = datasets[0]
        XCTAssertEqual(bits(d.values), bits(values))
        XCTAssertEqual([d.dx, d.dy, d.rows, d.startLine], [3, 2, 400, 1])
        var expected = meta
        expected["dx"] = "3"
        expected["dy"] = "2"
        if format == .bin {
            expected["format"] = "f32le-esc"
            expected["rows"] = "400"
        }
        XCTAssertEqual(d.metadata, expected)
        XCTAssertEqual(
            d.metadata.keys,
            format == .bin
                ? ["name", "zeta", "true_mi", "alpha", "dx", "dy", "format", "rows"]
                : ["name", "zeta", "true_mi", "alpha", "dx", "dy"])
    }

    func testTSVRoundTripIsBitExact() throws { try roundTrip(.tsv) }
    func testBinaryRoundTripIsBitExact() throws { try roundTrip(.bin) }

    /// Parses each string as field 1 of a dx=1 dy=1 text dataset.
    func parseThroughReader(_ strings: [String]) throws -> [Float] {
        var text = "#%mi v1 dx=1 dy=1\n"
        for s in strings { text += s + "\t0\n" }
        let d = try collect(RecordReader(source: MemorySource(Array(text.utf8))))[0]
        return stride(from: 0, to: d.values.count, by: 2).map { d.values[$0] }
    }

    /// Every shortest-round-trip string parses back to its own bits: 300k
    /// random bit patterns plus the specials. Oracle: the bit pattern itself.
    func testNumberFormatParsesBackExactly() throws {
        let values = randomValues(count: 300_000, seed: 9)
        let strings = values.map { NumberFormat.string($0) }
        let parsed = try parseThroughReader(strings)
        XCTAssertEqual(parsed.count, values.count)
        for (k, (x, y)) in zip(values, parsed).enumerated() where x.bitPattern != y.bitPattern {
            XCTFail("\(strings[k]) parsed as \(y), want \(x)")
            break
        }
        XCTAssertEqual(NumberFormat.string(Float(-0.0)), "-0")
        XCTAssertEqual(NumberFormat.string(Float(3)), "3")
        XCTAssertEqual(NumberFormat.string(2.5 as Double), "2.5")
    }

    /// Oracle: the standard library's correctly rounded parser, on decimal
    /// strings with many digits and exponents, and on exact midpoints
    /// between adjacent floats (which must round to even).
    func testParserAgreesWithStandardLibrary() throws {
        var rng = TestRng(seed: 5)
        var cases = [
            "16777217", "16777219", "0.1", "1e-45", "7e-46", "1e-50", "340282356779733661637539395458142568447",
            "3.4028235e38", "1.17549435e-38", "1.1754942e-38", "123456789012345678901234567890", "-0",
            "+5", ".5", "5.", "0.000000000000000000000000000001", "1E5", "2.5e+3", "9007199254740993",
            "00012.5000", "-0.0e10", "1e-5000"
        ]
        for _ in 0..<100_000 {
            let digits = String(rng.next() % 1_000_000_000_000)
            let exponent = Int(rng.next() % 90) - 45
            let point = Int(rng.next() % UInt64(digits.count + 1))
            var s = digits
            s.insert(".", at: s.index(s.startIndex, offsetBy: point))
            if Float(s + "e\(exponent)")!.isFinite { cases.append(s + "e\(exponent)") }
            // exact integer midpoints between adjacent floats in [2^24, 2^50)
            let f = Float(
                sign: .plus, exponent: 24 + Int(rng.next() % 26),
                significand: 1 + Float(rng.next() % (1 << 23)) / Float(1 << 23))
            let mid = (Double(f) + Double(f.nextUp)) / 2
            cases.append(String(UInt64(mid)))
        }
        let got = try parseThroughReader(cases)
        for (s, g) in zip(cases, got) {
            XCTAssertEqual(g.bitPattern, Float(s)!.bitPattern, "parsing \(s)")
        }
    }

    func testParserRejectsGarbage() {
        for s in ["-", ".", "1e", "1e+", "1.2.3", "0x1p3", "12a", "--1", "e5", "nan1", "1_000"] {
            assertReadError("#%mi v1 dx=1 dy=1\n" + s + "\t1\n", .init(), "line 2: field 1: not a number: '\(s)'")
        }
        for s in ["nan", "NaN", "-inf", "Infinity", "+INF"] {
            assertReadError("#%mi v1 dx=1 dy=1\n1\t" + s + "\n", .init(), "line 2: field 2: non-finite value '\(s)'")
        }
        for s in ["1e39", "-3.5e38", "1e100000"] {
            assertReadError("#%mi v1 dx=1 dy=1\n1\t" + s + "\n", .init(), "line 2: field 2: value out of float32 range: '\(s)'")
        }
    }
}
