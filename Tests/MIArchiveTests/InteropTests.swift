import Foundation
import XCTest
import MIArchive

/// GNU tar as the oracle: it must list and extract what we write, and we must read what it writes.
final class InteropTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: gnuTar), "\(gnuTar) not installed")
    }

    func testGNUTarListsAndExtractsOurBundles() throws {
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        let entries = sampleEntries()
        var files = ["b.tar", "b.tar.gz", "b.tar.xz"]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd") { files.append("b.tar.zst") }
        for file in files {
            let path = "\(dir)/\(file)"
            let w = try TarBundleWriter(path: path)
            for e in entries { try w.add(name: e.name, bytes: e.bytes) }
            try w.commit()

            let (status, out, err) = try runTool(gnuTar, ["--numeric-owner", "-tvf", path])
            XCTAssertEqual(status, 0, "\(file): \(err)")
            XCTAssertEqual(err, "", "\(file): tar warnings")
            let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
            // Our entries, then the SHA256SUMS member that lists their checksums.
            XCTAssertEqual(lines.count, entries.count + 1, file)
            XCTAssertTrue(lines.last?.hasSuffix(" SHA256SUMS") == true, "\(file): \(lines.last ?? "")")
            for (line, e) in zip(lines, entries) {
                // "-rw-r--r-- 0/0  100003 1970-01-01 00:00 weights.f32"
                let cols = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                XCTAssertGreaterThanOrEqual(cols.count, 6, line)
                guard cols.count >= 6 else { continue }
                XCTAssertEqual(cols[0], "-rw-r--r--", line)
                XCTAssertEqual(cols[1], "0/0", line)
                XCTAssertEqual(Int(cols[2]), e.bytes.count, line)
                XCTAssertEqual(cols[3], "1970-01-01", line)
                XCTAssertEqual(cols[5...].joined(separator: " "), e.name, line)
            }
            for e in entries {
                let (st, content, err2) = try runTool(gnuTar, ["-xOf", path, e.name])
                XCTAssertEqual(st, 0, "\(file) \(e.name): \(err2)")
                XCTAssertTrue(content == e.bytes, "\(file): tar -xO \(e.name) differs")
            }
        }
    }

    func testReadsGNUTarArchivesAndSkipsNonRegularEntries() throws {
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        let src = "\(dir)/src"
        try FileManager.default.createDirectory(atPath: "\(src)/sub/inner", withIntermediateDirectories: true)
        var rng = SplitMix64(state: 3)
        let blob = rng.bytes(30_000)
        try writeFile("\(src)/sub/a.bin", blob)
        try writeFile("\(src)/top.txt", Array("top\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: "\(src)/link", withDestinationPath: "top.txt")
        XCTAssertEqual(link("\(src)/top.txt", "\(src)/hard"), 0)
        for (flags, name) in [
            (["--format=gnu"], "g.tar"), (["--format=posix"], "p.tar"),
            (["--format=ustar", "-z"], "u.tar.gz")
        ] {
            let out = "\(dir)/\(name)"
            let (st, _, err) = try runTool(gnuTar, flags + ["--sort=name", "-cf", out, "-C", src, "."])
            XCTAssertEqual(st, 0, err)
            let got = try readEverything(try TarBundleReader(path: out))
            // Directories, the symlink and the hard link (to top.txt, which sorts first as "./hard"?) are skipped;
            // GNU tar stores the first occurrence of the inode as the file and later ones as links.
            let names = got.map(\.name)
            XCTAssertTrue(names.contains("./sub/a.bin"), "\(name): \(names)")
            XCTAssertFalse(names.contains("./link"), "\(name): \(names)")
            XCTAssertFalse(names.contains("./sub"), "\(name): \(names)")
            XCTAssertEqual(names.filter { $0 == "./top.txt" || $0 == "./hard" }.count, 1, "\(name): \(names)")
            for g in got {
                if g.name == "./sub/a.bin" { XCTAssertTrue(g.bytes == blob) }
                if g.name == "./top.txt" || g.name == "./hard" { XCTAssertEqual(g.bytes, Array("top\n".utf8)) }
            }
        }
    }
}
