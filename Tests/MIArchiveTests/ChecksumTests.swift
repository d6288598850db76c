import Foundation
import XCTest
import MIArchive

/// Member checksums: every flipped data byte is caught; bundles without SHA256SUMS still read.
final class ChecksumTests: XCTestCase {
    func readEverything(_ bytes: [UInt8]) throws -> [(String, [UInt8])] {
        let r = try TarBundleReader(bytes: bytes, name: "b.tar")
        var got: [(String, [UInt8])] = []
        while let (n, _) = try r.nextEntry() { got.append((n, try r.readAll())) }
        return got
    }

    func testListingMatchesSha256sumFormatAndIsHidden() throws {
        let entries = sampleEntries()
        let tar = try makeTarBundle(entries)
        let got = try readEverything(tar)
        XCTAssertEqual(got.map(\.0), entries.map(\.name))  // SHA256SUMS is not handed to callers
        XCTAssertEqual(got.map(\.1), entries.map(\.bytes))
        // The SHA-256 of "abc" (FIPS 180-2 test vector) in the listing of a one-member bundle.
        let one = try makeTarBundle([("abc.txt", Array("abc".utf8))])
        let text = String(decoding: one, as: UTF8.self)
        XCTAssertTrue(text.contains("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc.txt\n"))
    }

    func testEveryFlippedDataByteIsAnError() throws {
        let entries: [(name: String, bytes: [UInt8])] = [("weights.bin", (0..<3000).map { UInt8($0 % 251) }), ("meta.json", Array("{}".utf8))]
        let tar = try makeTarBundle(entries)
        // Data of the first member starts after its 512-byte header.
        var caught = 0, tried = 0
        for offset in stride(from: 512, to: 512 + 3000, by: 97) {
            var bad = tar
            bad[offset] ^= 0x01
            tried += 1
            XCTAssertThrowsError(try readEverything(bad)) { e in
                if "\(e)".contains("weights.bin is corrupt") { caught += 1 } else { XCTFail("\(e)") }
            }
        }
        XCTAssertEqual(caught, tried)
    }

    func testBundleWithoutChecksumsStillReads() throws {
        // A bundle as older builds wrote it: the same members, no SHA256SUMS (here: cut off by
        // rebuilding the tar without it through GNU tar is not needed: drop our member by hand).
        let entries = sampleEntries()
        let withSums = try makeTarBundle(entries)
        let sumsHeader = try XCTUnwrap(findHeader(named: "SHA256SUMS", in: withSums))
        let old = Array(withSums[..<sumsHeader]) + [UInt8](repeating: 0, count: 1024)
        XCTAssertEqual(try readEverything(old).map(\.0), entries.map(\.name))
    }

    func testListedMemberMissingIsAnError() throws {
        let tar = try makeTarBundle([("a", [1, 2, 3]), ("b", [4])])
        // Rename member "b" to "c" in its header (name field at the header start; fix the checksum).
        var bad = tar
        let b = try XCTUnwrap(findHeader(named: "b", in: tar))
        bad[b] = UInt8(ascii: "c")
        rewriteHeaderChecksum(&bad, at: b)
        XCTAssertThrowsError(try readEverything(bad)) { e in XCTAssertTrue("\(e)".contains("member b listed in SHA256SUMS is missing"), "\(e)") }
    }

    func findHeader(named name: String, in tar: [UInt8]) -> Int? {
        stride(from: 0, to: tar.count - 512, by: 512).first { o in
            let field = tar[o..<(o + 100)].prefix { $0 != 0 }
            return String(decoding: field, as: UTF8.self) == name && tar[(o + 257)..<(o + 262)].elementsEqual("ustar".utf8)
        }
    }

    func rewriteHeaderChecksum(_ tar: inout [UInt8], at o: Int) {
        for i in 148..<156 { tar[o + i] = 0x20 }
        let sum = tar[o..<(o + 512)].reduce(0) { $0 + Int($1) }
        let text = Array(String(format: "%06o\0 ", sum).utf8)
        for (i, c) in text.enumerated() { tar[o + 148 + i] = c }
    }
}

/// Temporary files a signal must remove, and leftovers of killed processes.
final class TemporaryFilesTests: XCTestCase {
    func testStaleFilesOfDeadProcessesAreRemovedLiveOnesKept() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mi-tmp-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A PID far above pid_max is never alive; ours is.
        let dead = "\(dir)/.out.tsv.tmp-2147483646-abc", live = "\(dir)/.out.tsv.tmp-\(getpid())-def"
        let other = "\(dir)/.other.tsv.tmp-2147483646-abc"
        for p in [dead, live, other] { FileManager.default.createFile(atPath: p, contents: Data()) }
        TemporaryFiles.removeStale(for: "\(dir)/out.tsv")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live))
        XCTAssertTrue(FileManager.default.fileExists(atPath: other))
    }

    func testRegisteredFilesAreRemovedAndUnregisteredKept() throws {
        let a = FileManager.default.temporaryDirectory.appendingPathComponent("mi-reg-a-\(getpid())").path
        let b = FileManager.default.temporaryDirectory.appendingPathComponent("mi-reg-b-\(getpid())").path
        for p in [a, b] { FileManager.default.createFile(atPath: p, contents: Data()) }
        defer { unlink(a); unlink(b) }
        let sa = TemporaryFiles.register(a), sb = TemporaryFiles.register(b)
        XCTAssertGreaterThanOrEqual(sa, 0)
        TemporaryFiles.unregister(sb)
        TemporaryFiles.removeAll()  // what the signal handler does
        TemporaryFiles.unregister(sa)
        XCTAssertFalse(FileManager.default.fileExists(atPath: a))
        XCTAssertTrue(FileManager.default.fileExists(atPath: b))
    }
}
