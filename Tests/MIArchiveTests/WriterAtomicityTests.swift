import Foundation
import XCTest
import MIArchive

final class WriterAtomicityTests: XCTestCase {
    func testAbandonLeavesNothing() throws {
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        let path = "\(dir)/out.tar.zst"
        let w = try TarBundleWriter(path: path)
        try w.add(name: "a", bytes: [UInt8](repeating: 7, count: 100_000))
        let during = listDir(dir)
        XCTAssertEqual(during.count, 1)
        XCTAssertTrue(during[0].hasPrefix(".out.tar.zst.tmp-\(getpid())-"), during[0])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing at the destination before commit")
        w.abandon()
        XCTAssertEqual(listDir(dir), [])
        w.abandon()  // idempotent
        XCTAssertThrowsError(try w.add(name: "b", bytes: [1]))
        XCTAssertThrowsError(try w.commit())
        XCTAssertEqual(listDir(dir), [])
    }

    func testDeinitWithoutCommitLeavesNothing() throws {
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        do {
            let w = try TarBundleWriter(path: "\(dir)/out.tar.gz")
            try w.add(name: "a", bytes: [1, 2, 3])
            XCTAssertEqual(listDir(dir).count, 1)
        }
        XCTAssertEqual(listDir(dir), [])
    }

    func testCommitReplacesExistingFile() throws {
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        let path = "\(dir)/out.tar"
        try writeFile(path, Array("old contents, not an archive".utf8))
        let w = try TarBundleWriter(path: path)
        try w.add(name: "new", bytes: [9, 9])
        // Until commit the old file is intact.
        XCTAssertEqual(try readFile(path), Array("old contents, not an archive".utf8))
        try w.commit()
        XCTAssertEqual(listDir(dir), ["out.tar"])
        assertSameEntries(try readEverything(try TarBundleReader(path: path)), [("new", [9, 9])])

        // An abandoned writer over an existing file leaves that file untouched.
        let before = try readFile(path)
        let w2 = try TarBundleWriter(path: path)
        try w2.add(name: "other", bytes: [1])
        w2.abandon()
        XCTAssertEqual(try readFile(path), before)
        XCTAssertEqual(listDir(dir), ["out.tar"])
    }

    func testRelativePathInCurrentDirectory() throws {
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        let old = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(dir))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(old) }
        let w = try TarBundleWriter(path: "rel.tar")
        try w.add(name: "x", bytes: [1])
        try w.commit()
        XCTAssertEqual(listDir(dir), ["rel.tar"])
    }

    func testNonexistentDirectoryThrows() throws {
        let dir = try makeTempDir()
        defer { removeTree(dir) }
        XCTAssertThrowsError(try TarBundleWriter(path: "\(dir)/no/such/dir/out.tar")) { error in
            let e = error as? ArchiveError
            XCTAssertNotNil(e)
            XCTAssertTrue(e?.description.hasPrefix("\(dir)/no/such/dir/out.tar: ") ?? false, "\(error)")
            XCTAssertTrue(e?.description.contains("No such file or directory") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try TarBundleWriter(path: dir)) { error in  // a directory is not a file name
            XCTAssertTrue(error is ArchiveError)
        }
        XCTAssertEqual(listDir(dir), [])
    }
}
