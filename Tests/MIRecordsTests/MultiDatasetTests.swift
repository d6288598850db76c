import XCTest
import MIRecords

/// Oracle: hand-built streams with known contents.
final class MultiDatasetTests: XCTestCase {
    func testMixedTextAndBinaryDatasetsInOneStream() throws {
        var bytes = Array(
            """
            # produced by hand
            #%mi v1 name=first dx=1 dy=2 n=2 true_mi=0.25 custom=keep%20me
            1\t2\t3\r
            # a comment inside a dataset

            4\t5\t6

            """.utf8)
        // binary payload deliberately contains 0x0A and '#' bytes
        let binValues: [Float] = [Float(bitPattern: 0x0A0A_0A0A), Float(bitPattern: 0x2325_6D69), -0.0, 1e-30]
        bytes += frame("#%mi v1 name=second dx=1 dy=1 format=f32le rows=2", binValues)
        bytes += Array("#%mi v1 name=third dx=2 dy=1\n7,8,9\n".utf8)
        bytes += frame("#%mi v1 name=fourth dx=2 dy=2 format=f32le rows=1", [1, 2, 3, 4])
        bytes += Array("# trailing comment\n#%mi v1 name=fifth dx=1 dy=1\n10   11\n12 13".utf8)  // no final newline

        let d = try readAll(bytes)
        XCTAssertEqual(d.map { $0.name }, ["first", "second", "third", "fourth", "fifth"])
        XCTAssertEqual(d.map(\.rows), [2, 2, 1, 1, 2])
        XCTAssertEqual(d.map(\.dx), [1, 1, 2, 2, 1])
        XCTAssertEqual(d.map(\.dy), [2, 1, 1, 2, 1])
        XCTAssertEqual(d.map(\.startLine), [2, 7, 9, 11, 14])
        XCTAssertEqual(d[0].values, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(bits(d[1].values), bits(binValues))
        XCTAssertEqual(d[2].values, [7, 8, 9])
        XCTAssertEqual(d[3].values, [1, 2, 3, 4])
        XCTAssertEqual(d[4].values, [10, 11, 12, 13])
        XCTAssertEqual(d[0].metadata.keys, ["name", "dx", "dy", "n", "true_mi", "custom"])
        XCTAssertEqual(d[0].metadata["custom"], "keep me")
        XCTAssertNil(d[0].columnNames)
    }

    /// Writer output for many datasets, both formats, read back through a
    /// source that returns 1–7 bytes per call.
    func testWriterStreamOfManyDatasetsReadsBack() throws {
        var rng = TestRng(seed: 3)
        for format in [StreamFormat.tsv, .bin] {
            let sink = MemorySink()
            let writer = RecordWriter(sink: sink, format: format)
            var expected: [[Float]] = []
            for k in 0..<20 {
                let dx = k % 3 + 1, dy = k % 2 + 1, rows = k * 7 % 13 + 1
                let values = (0..<(rows * (dx + dy))).map { _ in rng.finiteFloat() }
                expected.append(values)
                try writer.write(
                    Dataset(
                        metadata: Metadata([("name", "d\(k)")]), dx: dx, dy: dy,
                        rows: rows, values: values, startLine: 0))
            }
            try writer.finish()
            let d = try readAll(sink.bytes)
            XCTAssertEqual(d.count, 20)
            for (got, want) in zip(d, expected) { XCTAssertEqual(bits(got.values), bits(want)) }
            XCTAssertEqual(d.map { $0.name }, (0..<20).map { "d\($0)" })
        }
    }

    func testFormatOptionRestrictsDatasetKinds() throws {
        let bin = frame("#%mi v1 dx=1 dy=1 format=f32le rows=1", [1, 2])
        XCTAssertEqual(try readAll(bin, options(format: .bin)).count, 1)
        assertReadError(bin, options(format: .tsv), "line 1: dataset #1 is binary but the format is tsv")
        assertReadError(
            "#%mi v1 name=t dx=1 dy=1\n1 2\n", options(format: .bin),
            "line 1: dataset 't' is text but the format is bin")
    }

    func testFileDescriptorSourceReadsAPipe() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let text = Array("#%mi v1 dx=1 dy=1\n1\t2\n3\t4\n".utf8)
        XCTAssertEqual(text.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }, text.count)
        close(fds[1])
        defer { close(fds[0]) }
        let d = try collect(RecordReader(source: FileDescriptorSource(fd: fds[0])))
        XCTAssertEqual(d.first?.values, [1, 2, 3, 4])
    }
}
