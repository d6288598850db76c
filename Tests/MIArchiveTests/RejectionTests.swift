import Foundation
import XCTest
import MIArchive

final class RejectionTests: XCTestCase {
    /// Reads the whole bundle; returns the error (if any) and the entries read before it.
    func attempt(_ bytes: [UInt8], name: String = "bundle.tar") -> (ArchiveError?, [(name: String, bytes: [UInt8])]) {
        var got: [(name: String, bytes: [UInt8])] = []
        do {
            let r = try TarBundleReader(bytes: bytes, name: name)
            while let (n, _) = try r.nextEntry() { got.append((n, try r.readAll())) }
            return (nil, got)
        } catch let e as ArchiveError {
            return (e, got)
        } catch {
            XCTFail("not an ArchiveError: \(error)")
            return (nil, got)
        }
    }

    func assertOneLine(_ e: ArchiveError, prefix: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(e.description.hasPrefix(prefix + ": "), e.description, file: file, line: line)
        XCTAssertFalse(e.description.contains("\n"), e.description, file: file, line: line)
    }

    func testTruncatedPlainTarAtManyOffsets() throws {
        let entries = sampleEntries()
        let tar = try makeTarBundle(entries)
        let L = tar.count
        XCTAssertEqual(L % 512, 0)
        var cuts = Set(stride(from: 0, to: L, by: 61))
        for b in stride(from: 0, to: L, by: 512) { cuts.insert(b); cuts.insert(b + 1); cuts.insert(max(0, b - 1)) }
        cuts.formUnion([L - 1024, L - 1023, L - 513, L - 512, L - 1])
        var accepted = 0
        for cut in cuts.sorted() {
            let (error, got) = attempt(Array(tar[..<cut]))
            if cut == L - 512 {
                // All data and one whole end-of-archive block: accepted (GNU tar accepts a lone zero block).
                XCTAssertNil(error, "cut \(cut) of \(L)")
                assertSameEntries(got, entries, "cut \(cut)")
                accepted += 1
                continue
            }
            guard let error else {
                XCTFail("cut at \(cut) of \(L) read silently: \(got.map(\.name))")
                continue
            }
            assertOneLine(error, prefix: "bundle.tar")
            if cut == 0 {
                XCTAssertEqual(error.description, "bundle.tar: empty input, not a tar archive")
            } else if cut < 512 {
                XCTAssertTrue(
                    error.description == "bundle.tar: truncated archive"
                        || error.description == "bundle.tar: not a tar archive", "cut \(cut): \(error)")
            } else {
                XCTAssertEqual(error.description, "bundle.tar: truncated archive", "cut \(cut)")
            }
        }
        XCTAssertEqual(accepted, 1)
    }

    func testTrailingBytesAfterTheArchive() throws {
        let entries = sampleEntries()
        let tar = try makeTarBundle(entries)
        // GNU tar pads to 10240-byte records with zeros: fine.
        let (e1, got1) = attempt(tar + [UInt8](repeating: 0, count: 9216))
        XCTAssertNil(e1)
        assertSameEntries(got1, entries)
        // Anything else after the end-of-archive marker is not silently ignored.
        XCTAssertNotNil(attempt(tar + Array("trailing junk".utf8)).0)
        var junkBlock = [UInt8](repeating: 0, count: 512)
        junkBlock.replaceSubrange(0..<5, with: Array("junk!".utf8))
        XCTAssertNotNil(attempt(tar + junkBlock).0)
        // A stray bit in the end-of-archive marker.
        var flipped = tar
        flipped[tar.count - 700] ^= 1
        XCTAssertNotNil(attempt(flipped).0)
    }

    func testCorruptXZIsRejected() throws {
        let xz = try makeTarBundle(sampleEntries(), compression: .xz)
        for offset in [xz.count / 3, xz.count - 20, xz.count - 3] {  // data, block check, stream footer
            var bad = xz
            bad[offset] ^= 0x01
            let (error, _) = attempt(bad, name: "b.tar.xz")
            XCTAssertNotNil(error, "flip at \(offset) of \(xz.count)")
            if let error { assertOneLine(error, prefix: "b.tar.xz") }
        }
    }

    func testTruncatedCompressedAtManyOffsets() throws {
        let entries = sampleEntries()
        for c in [ArchiveCompression.gzip, .zstd, .xz] {
            let bytes = try makeTarBundle(entries, compression: c)
            let L = bytes.count
            var cuts = Set(stride(from: 0, to: L, by: 97))
            cuts.formUnion((max(0, L - 40)..<L))
            cuts.formUnion([1, 2, 10, L / 2])
            for cut in cuts.sorted() {
                let (error, got) = attempt(Array(bytes[..<cut]), name: "b.tar.\(c)")
                if let error {
                    assertOneLine(error, prefix: "b.tar.\(c)")
                    if cut > 64 {
                        XCTAssertEqual(error.description, "b.tar.\(c): truncated archive", "cut \(cut) of \(L)")
                    }
                } else {
                    // Never a silent partial read; at most a cut inside the compressor's trailer slips
                    // through, when every byte of the tar stream has already been recovered.
                    assertSameEntries(got, entries, "\(c) cut \(cut) of \(L)")
                    XCTAssertGreaterThanOrEqual(cut, L - 16, "\(c): cut \(cut) of \(L) accepted")
                }
            }
        }
    }

    func testForeignInputs() throws {
        var rng = SplitMix64(state: 99)
        let emptyZip: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)
        let text = Array(String(repeating: "x y\n1.0 2.0\n", count: 200).utf8)
        let cases: [(String, [UInt8], String)] = [
            ("empty.tar", [], "empty.tar: empty input, not a tar archive"),
            ("random.tar", rng.bytes(100_000), "random.tar: not a tar archive"),
            ("short.tar", rng.bytes(100), "short.tar: not a tar archive"),
            ("data.txt", text, "data.txt: not a tar archive"),
            ("x.zip", emptyZip, "x.zip: not a tar archive"),
            ("zeros.tar", [UInt8](repeating: 0, count: 100), "zeros.tar: not a tar archive")
        ]
        for (name, bytes, message) in cases {
            let (error, got) = attempt(bytes, name: name)
            XCTAssertEqual(error?.description, message, name)
            XCTAssertTrue(got.isEmpty)
        }
    }

    func testRealZipIsRejected() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/zip"), "no zip")
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        try writeFile("\(dir)/f.txt", Array(String(repeating: "hello\n", count: 300).utf8))
        let (st, _, err) = try runTool("/usr/bin/zip", ["-q", "-j", "\(dir)/a.zip", "\(dir)/f.txt"])
        XCTAssertEqual(st, 0, err)
        XCTAssertThrowsError(try readEverything(try TarBundleReader(path: "\(dir)/a.zip"))) { error in
            XCTAssertEqual((error as? ArchiveError)?.description, "\(dir)/a.zip: not a tar archive")
        }
    }

    func testGzipOfNonTarData() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip"), "no gzip")
        let text = Array(String(repeating: "not a tar file\n", count: 500).utf8)
        let (st, gz, err) = try runTool("/usr/bin/gzip", ["-c", "-n"], stdin: text)
        XCTAssertEqual(st, 0, err)
        XCTAssertTrue(looksLikeArchive(gz), "sniffing only sees the gzip magic")
        let (error, got) = attempt(gz, name: "x.tar.gz")
        XCTAssertEqual(error?.description, "x.tar.gz: not a tar archive (gzip-compressed data)")
        XCTAssertTrue(got.isEmpty)
    }

    func testCorruptHeaderChecksum() throws {
        var tar = try makeTarBundle(sampleEntries())
        tar[5] ^= 0x55  // inside the first entry's name: checksum no longer matches
        let (error, _) = attempt(tar)
        XCTAssertNotNil(error)
        if let error { assertOneLine(error, prefix: "bundle.tar") }

        // Corrupt the second header (after meta.json's one data block).
        var tar2 = try makeTarBundle(sampleEntries())
        tar2[1024 + 3] ^= 0x55
        let (error2, got2) = attempt(tar2)
        XCTAssertNotNil(error2, "read \(got2.map(\.name))")
        if let error2 { assertOneLine(error2, prefix: "bundle.tar") }
    }

    func testMissingFile() {
        XCTAssertThrowsError(try TarBundleReader(path: "/nonexistent/b.tar")) { error in
            XCTAssertEqual((error as? ArchiveError)?.description, "/nonexistent/b.tar: cannot open: No such file or directory")
        }
    }

    func testErrorIsSticky() throws {
        let tar = try makeTarBundle(sampleEntries())
        let r = try TarBundleReader(bytes: Array(tar[..<5000]), name: "t.tar")
        var firstError: ArchiveError?
        do { while try r.nextEntry() != nil { _ = try r.readAll() } } catch let e as ArchiveError { firstError = e }
        XCTAssertEqual(firstError?.description, "t.tar: truncated archive")
        XCTAssertThrowsError(try r.nextEntry()) { XCTAssertEqual($0 as? ArchiveError, firstError) }
    }
}
