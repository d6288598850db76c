import Foundation
import XCTest
import MIArchive

final class RoundTripTests: XCTestCase {
    let allCompressions: [ArchiveCompression] = [.none, .gzip, .zstd, .xz]

    func testMemoryRoundTripEveryCompression() throws {
        let entries = sampleEntries()
        for c in allCompressions {
            let bytes = try makeTarBundle(entries, compression: c)
            XCTAssertTrue(looksLikeArchive(Array(bytes.prefix(512))), "\(c) output sniffs as an archive")
            let got = try readEverything(try TarBundleReader(bytes: bytes))
            assertSameEntries(got, entries, "memory \(c)")
        }
    }

    func testFileRoundTripEveryCompression() throws {
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        let entries = sampleEntries()
        let cases: [(String, ArchiveCompression, [UInt8])] = [
            ("b.tar", .none, []),
            ("b.tar.gz", .gzip, [0x1F, 0x8B]),
            ("b.tgz", .gzip, [0x1F, 0x8B]),
            ("b.tar.zst", .zstd, [0x28, 0xB5, 0x2F, 0xFD]),
            ("b.tzst", .zstd, [0x28, 0xB5, 0x2F, 0xFD]),
            ("b.tar.xz", .xz, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])
        ]
        for (file, compression, magic) in cases {
            XCTAssertEqual(ArchiveCompression.forPath(file), compression)
            let path = "\(dir)/\(file)"
            let w = try TarBundleWriter(path: path)
            for e in entries { try w.add(name: e.name, bytes: e.bytes) }
            try w.commit()
            let raw = try readFile(path)
            XCTAssertTrue(raw.starts(with: magic), "\(file) magic")
            if compression == .none {
                XCTAssertEqual(Array(raw[257..<262]), Array("ustar".utf8))
            }
            // The file writer and the in-memory builder produce the same bytes.
            XCTAssertEqual(raw, try makeTarBundle(entries, compression: compression), file)
            assertSameEntries(try readEverything(try TarBundleReader(path: path)), entries, file)
        }
        // Explicit compression overrides the suffix.
        let odd = "\(dir)/plain-name.bin"
        let w = try TarBundleWriter(path: odd, compression: .zstd)
        try w.add(name: "a", bytes: [1, 2, 3])
        try w.commit()
        XCTAssertTrue(try readFile(odd).starts(with: [0x28, 0xB5, 0x2F, 0xFD]))
        assertSameEntries(try readEverything(try TarBundleReader(path: odd)), [("a", [1, 2, 3])])
        XCTAssertEqual(listDir(dir).filter { $0.hasPrefix(".") }, [], "no temp files left")
    }

    func testForPath() {
        XCTAssertEqual(ArchiveCompression.forPath("x.TAR.ZST"), .zstd)
        XCTAssertEqual(ArchiveCompression.forPath("dir.tar.gz/x.tar"), .none)
        XCTAssertEqual(ArchiveCompression.forPath("-"), .none)
        XCTAssertEqual(ArchiveCompression.forPath("x.gz"), .none)
        XCTAssertEqual(ArchiveCompression.forPath("x.txz"), .xz)
    }

    func testLargeEntryReadInSmallChunks() throws {
        var rng = SplitMix64(state: 7)
        let big = rng.bytes(20_000_000 + 13)
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        for c in [ArchiveCompression.none, .zstd, .gzip] {
            let path = "\(dir)/big.\(c).tar"
            let w = try TarBundleWriter(path: path, compression: c)
            try w.add(name: "head.txt", bytes: Array("hello".utf8))
            try big.withUnsafeBytes { try w.add(name: "big.bin", bytes: $0) }
            try w.add(name: "tail.txt", bytes: Array("bye".utf8))
            try w.commit()

            let r = try TarBundleReader(path: path)
            XCTAssertEqual(try r.nextEntry()?.name, "head.txt")
            let entry = try XCTUnwrap(try r.nextEntry())  // head.txt left unread: must be skipped
            XCTAssertEqual(entry.name, "big.bin")
            XCTAssertEqual(entry.size, big.count)
            var offset = 0
            var mismatch = false
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4093, alignment: 1)
            defer { chunk.deallocate() }
            while true {
                let n = try r.readData(into: chunk)
                if n == 0 { break }
                XCTAssertLessThanOrEqual(offset + n, big.count)
                if offset + n > big.count { mismatch = true; break }
                if !big.withUnsafeBytes({ memcmp($0.baseAddress! + offset, chunk.baseAddress!, n) == 0 }) {
                    mismatch = true
                }
                offset += n
            }
            XCTAssertFalse(mismatch, "\(c): chunked content differs")
            XCTAssertEqual(offset, big.count)
            XCTAssertEqual(try r.readData(into: chunk), 0, "stays at end of entry")
            let tail = try XCTUnwrap(try r.nextEntry())
            XCTAssertEqual(tail.name, "tail.txt")
            XCTAssertEqual(try r.readAll(), Array("bye".utf8))
            XCTAssertNil(try r.nextEntry())
            XCTAssertNil(try r.nextEntry(), "nil stays nil")
        }
    }

    func testPartialReadThenReadAll() throws {
        let entries = sampleEntries()
        let r = try TarBundleReader(bytes: try makeTarBundle(entries, compression: .zstd))
        while let (name, _) = try r.nextEntry() {
            guard name == "weights.f32" else { continue }
            var first = [UInt8](repeating: 0, count: 1000)
            let n = try first.withUnsafeMutableBytes { try r.readData(into: $0) }
            XCTAssertGreaterThan(n, 0)
            let rest = try r.readAll()
            XCTAssertEqual(Array(first[..<n]) + rest, entries[2].bytes)
        }
    }

    func testEmptyBundle() throws {
        for c in [ArchiveCompression.none, .gzip, .zstd, .xz] {
            let bytes = try makeTarBundle([], compression: c)
            let r = try TarBundleReader(bytes: bytes)
            XCTAssertNil(try r.nextEntry(), "\(c)")
        }
    }

    func testReproducibleBytes() throws {
        let entries = sampleEntries()
        for c in [ArchiveCompression.none, .gzip, .zstd, .xz] {
            let a = try makeTarBundle(entries, compression: c)
            Thread.sleep(forTimeInterval: c == .gzip ? 1.1 : 0)  // a timestamp would now differ
            let b = try makeTarBundle(entries, compression: c)
            XCTAssertEqual(a, b, "\(c) not reproducible")
        }
        // gzip header MTIME (bytes 4..<8) must be zero.
        let gz = try makeTarBundle(entries, compression: .gzip)
        XCTAssertEqual(Array(gz[4..<8]), [0, 0, 0, 0])
        // Plain tar: the first header carries mode 0644, uid/gid 0 and mtime 0.
        let tar = try makeTarBundle([("x", [1])])
        func field(_ off: Int, _ len: Int) -> String {
            String(decoding: tar[off..<off + len].prefix { $0 != 0 && $0 != 0x20 }, as: UTF8.self)
        }
        XCTAssertEqual(Int(field(100, 8), radix: 8), 0o644)
        XCTAssertEqual(Int(field(108, 8), radix: 8), 0)
        XCTAssertEqual(Int(field(116, 8), radix: 8), 0)
        XCTAssertEqual(Int(field(136, 12), radix: 8), 0)
        XCTAssertEqual(tar[156], UInt8(ascii: "0"))
    }

    func testWriterRejectsBadNamesAndMisuse() throws {
        XCTAssertThrowsError(try makeTarBundle([("", [1])]))
        XCTAssertThrowsError(try makeTarBundle([("a\u{0}b", [1])]))
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        let w = try TarBundleWriter(path: "\(dir)/m.tar")
        try w.add(name: "a", bytes: [1])
        try w.commit()
        XCTAssertThrowsError(try w.add(name: "b", bytes: [2]))
        XCTAssertThrowsError(try w.commit())
        w.abandon()  // after commit: a no-op, the file stays
        XCTAssertEqual(listDir(dir), ["m.tar"])
    }
}
