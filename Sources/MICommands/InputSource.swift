#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIArchive
import MIRecords

/// Opens one input of a reading tool as a byte stream (`-` is stdin).
/// A tar bundle (plain or compressed, e.g. from `mi-sample meta -o`) is recognised by its first
/// bytes and read as the concatenation of its entries.
enum InputSource {
    static func open(_ path: String) throws -> ByteSource {
        let fd: Int32
        if path == "-" {
            fd = 0
        } else {
            fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                let hint = path == "help" && errno == ENOENT ? " (for help: --help)" : ""
                throw CommandFailure("cannot open \(path): \(String(cString: strerror(errno)))\(hint)")
            }
        }
        // Sniff the first bytes for a tar or compressed bundle; they are replayed to whichever reader follows.
        let name = path == "-" ? "stdin" : path
        let peeked: PeekedSource
        do { peeked = try PeekedSource(FileDescriptorSource(fd: fd), peek: 512) } catch let e as RecordError {
            throw CommandFailure("cannot read \(name): \(e.description.replacing("read error: ", with: ""))")
        }
        var st = stat()
        if peeked.head.count == 512 && peeked.head.allSatisfy({ $0 == 0 }), fstat(fd, &st) == 0,
            (st.st_mode & S_IFMT) == S_IFREG, st.st_size <= 1 << 20
        {
            throw CommandFailure("\(name): an empty tar archive (no data sets)")  // tar's end marker alone
        }
        if looksLikeArchive(peeked.head) {
            return ArchiveEntriesSource(try TarBundleReader(fd: fd, prefix: peeked.head, name: name), name: name)
        }
        return peeked
    }
}

/// Every regular-file entry of a tar bundle, one after another.
final class ArchiveEntriesSource: ByteSource {
    private let reader: TarBundleReader
    private var inEntry = false
    private let name: String
    init(_ reader: TarBundleReader, name: String) { self.reader = reader; self.name = name }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if !inEntry {
                guard try reader.nextEntry() != nil else { return 0 }
                inEntry = true
            }
            let n = try reader.readData(into: buffer)
            if n > 0 { return n }
            inEntry = false
        }
    }
}

/// A source whose first bytes have been looked at (to tell a record stream from a plain table)
/// and are replayed before the rest.
final class PeekedSource: ByteSource {
    private let inner: ByteSource
    private(set) var head: [UInt8] = []
    private var offset = 0

    /// Reads up to `count` bytes ahead (fewer at end of input).
    init(_ inner: ByteSource, peek count: Int) throws {
        self.inner = inner
        var buffer = [UInt8](repeating: 0, count: count)
        while head.count < count {
            let want = count - head.count
            let n = try buffer.withUnsafeMutableBytes { try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }
            if n == 0 { break }
            head += buffer[0..<n]
        }
    }

    /// Whether the input starts with a record-stream metadata line.
    var isRecordStream: Bool { head.starts(with: Array("#%mi".utf8)) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < head.count {
            let n = min(buffer.count, head.count - offset)
            head.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            offset += n
            return n
        }
        return try inner.read(into: buffer)
    }
}
