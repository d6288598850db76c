import Foundation
import XCTest
import MIArchive

/// Deterministic pseudo-random bytes (SplitMix64), so failures reproduce.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { raw in
            var i = 0
            while i + 8 <= count { raw.storeBytes(of: next(), toByteOffset: i, as: UInt64.self); i += 8 }
            while i < count { raw[i] = UInt8(truncatingIfNeeded: next()); i += 1 }
        }
        return out
    }
}

/// A fresh directory under the system temp dir, removed by the returned cleanup.
func makeTempDir(_ tag: String = "miarchive") throws -> String {
    var template = Array("\(NSTemporaryDirectory())/\(tag)-XXXXXX".utf8CString)
    guard let p = mkdtemp(&template) else { throw ArchiveError("mkdtemp failed") }
    return String(cString: p)
}

func removeTree(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

func listDir(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
}

func readFile(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Every regular entry of a reader, read with readAll.
func readEverything(_ reader: TarBundleReader) throws -> [(name: String, bytes: [UInt8])] {
    var out: [(name: String, bytes: [UInt8])] = []
    while let (name, size) = try reader.nextEntry() {
        let bytes = try reader.readAll()
        XCTAssertEqual(bytes.count, size, "size of \(name)")
        out.append((name, bytes))
    }
    return out
}

func assertSameEntries(
    _ got: [(name: String, bytes: [UInt8])], _ want: [(name: String, bytes: [UInt8])],
    _ context: String = "", file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(got.map(\.name), want.map(\.name), context, file: file, line: line)
    XCTAssertEqual(got.count, want.count, context, file: file, line: line)
    for (g, w) in zip(got, want) {
        XCTAssertTrue(
            g.bytes == w.bytes, "\(context): bytes of \(w.name) differ (\(g.bytes.count) vs \(w.bytes.count))",
            file: file, line: line)
    }
}

/// Runs a program, returning (status, stdout, stderr).
func runTool(_ exe: String, _ args: [String], stdin: [UInt8]? = nil) throws -> (Int32, [UInt8], String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = args
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let inPipe = Pipe()
    p.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe
    try p.run()
    if let stdin {
        inPipe.fileHandleForWriting.write(Data(stdin))
        try inPipe.fileHandleForWriting.close()
    }
    // Read both pipes before waiting so large outputs cannot deadlock.
    let errData = ErrCollector(err.fileHandleForReading)
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, [UInt8](outData), errData.finish())
}

final class ErrCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    init(_ h: FileHandle) {
        Thread.detachNewThread { [self] in
            self.data = h.readDataToEndOfFile()
            self.done.signal()
        }
    }
    func finish() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

let gnuTar = "/usr/bin/tar"

/// The entries most tests use: text, empty, binary, a non-ASCII name and a > 100-byte path.
func sampleEntries() -> [(name: String, bytes: [UInt8])] {
    var rng = SplitMix64(state: 42)
    let longName = "deeply/" + String(repeating: "nested-directory/", count: 8) + "weights-with-a-long-name.f32"
    return [
        ("meta.json", Array("{\"estimator\":\"ksg\",\"k\":3}\n".utf8)),
        ("empty.bin", []),
        ("weights.f32", rng.bytes(100_003)),
        ("données/τ-σ.bin", rng.bytes(777)),
        (longName, rng.bytes(4096))
    ]
}
