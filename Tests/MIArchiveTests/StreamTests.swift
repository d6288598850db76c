import Foundation
import XCTest
import MIArchive

final class StreamTests: XCTestCase {
    /// Reads up to `count` bytes from `fd` (fewer only at end of stream), as a format sniffer would.
    func sniff(_ fd: Int32, _ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, count - got) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        return Array(out[..<got])
    }

    func testPrefixReaderOverPipe() throws {
        var rng = SplitMix64(state: 5)
        let entries = sampleEntries() + [("big.bin", rng.bytes(3_000_000))]
        for c in [ArchiveCompression.none, .gzip, .zstd, .xz] {
            let bundle = try makeTarBundle(entries, compression: c)
            var fds: [Int32] = [0, 0]
            XCTAssertEqual(pipe(&fds), 0)
            let (r, w) = (fds[0], fds[1])
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                var off = 0
                bundle.withUnsafeBytes { raw in
                    while off < raw.count {
                        let n = write(w, raw.baseAddress! + off, min(65_536, raw.count - off))
                        if n < 0 && errno == EINTR { continue }
                        if n <= 0 { break }
                        off += n
                    }
                }
                close(w)
                done.signal()
            }
            let prefix = sniff(r, 512)
            XCTAssertEqual(prefix.count, 512)
            XCTAssertTrue(looksLikeArchive(prefix), "\(c)")
            let reader = try TarBundleReader(fd: r, prefix: prefix)
            assertSameEntries(try readEverything(reader), entries, "pipe \(c)")
            done.wait()
            close(r)
        }
    }

    func testPrefixReaderWithShortStreamAndEmptyPrefix() throws {
        let entries: [(name: String, bytes: [UInt8])] = [("a", [1, 2, 3])]
        let bundle = try makeTarBundle(entries, compression: .zstd)
        XCTAssertLessThan(bundle.count, 512, "whole stream fits in the sniff window")
        for split in [0, 7, bundle.count] {
            var fds: [Int32] = [0, 0]
            XCTAssertEqual(pipe(&fds), 0)
            let rest = Array(bundle[split...])
            rest.withUnsafeBytes { _ = write(fds[1], $0.baseAddress, $0.count) }
            close(fds[1])
            let reader = try TarBundleReader(fd: fds[0], prefix: Array(bundle[..<split]), name: "pipe")
            assertSameEntries(try readEverything(reader), entries, "split \(split)")
            close(fds[0])
        }
    }

    func testTruncatedPipeStreamNamesTheSource() throws {
        let bundle = try makeTarBundle(sampleEntries(), compression: .none)
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let cut = Array(bundle[512..<3000])  // a short stream fits in the pipe buffer
        cut.withUnsafeBytes { _ = write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        XCTAssertThrowsError(try readEverything(try TarBundleReader(fd: fds[0], prefix: Array(bundle[..<512])))) {
            XCTAssertEqual(($0 as? ArchiveError)?.description, "<stdin>: truncated archive")
        }
        close(fds[0])
    }

    func testLooksLikeArchive() throws {
        let entries = sampleEntries()
        for c in [ArchiveCompression.none, .gzip, .zstd, .xz] {
            XCTAssertTrue(looksLikeArchive(Array(try makeTarBundle(entries, compression: c).prefix(512))), "\(c)")
        }
        XCTAssertFalse(looksLikeArchive([]))
        XCTAssertFalse(looksLikeArchive(Array("x\ty\n0.1\t0.2\n".utf8)))
        XCTAssertFalse(looksLikeArchive(Array(String(repeating: "0.5 0.25\n", count: 100).utf8)))
        XCTAssertFalse(looksLikeArchive([UInt8](repeating: 0, count: 512)))
        XCTAssertFalse(looksLikeArchive([0x1F]))  // half a gzip magic
        XCTAssertTrue(looksLikeArchive([0x1F, 0x8B]))
        XCTAssertTrue(looksLikeArchive([0x28, 0xB5, 0x2F, 0xFD, 0x04]))
        XCTAssertTrue(looksLikeArchive([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00]))
        XCTAssertFalse(looksLikeArchive([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 600)))  // zip
        var gnu = [UInt8](repeating: 0, count: 512)
        gnu.replaceSubrange(257..<265, with: Array("ustar  \0".utf8))
        XCTAssertTrue(looksLikeArchive(gnu), "GNU tar magic")
        XCTAssertFalse(looksLikeArchive(Array(gnu[..<260])), "magic cut short")
    }
}
