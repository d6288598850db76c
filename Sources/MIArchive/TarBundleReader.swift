// Reading tar bundles (plain or gzip/zstd/xz/... compressed) through libarchive with a callback source.

import CArchive
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes for libarchive: first an owned copy of `prefix`, then whatever `fd` still yields.
final class ByteSource {
    private let prefix: UnsafeMutableRawBufferPointer
    private var prefixSent = false
    private let fd: Int32  // -1 → prefix only
    private let ownsFD: Bool
    private let chunk: UnsafeMutableRawBufferPointer
    private(set) var delivered = 0  // total bytes handed to libarchive
    private(set) var savedErrno: Int32 = 0
    private(set) var hitEOF = false  // libarchive asked for more after the input was exhausted

    init(prefix: UnsafeRawBufferPointer, fd: Int32, ownsFD: Bool) {
        self.prefix = UnsafeMutableRawBufferPointer.allocate(byteCount: prefix.count, alignment: 16)
        if prefix.count > 0 { self.prefix.copyMemory(from: prefix) }
        self.fd = fd
        self.ownsFD = ownsFD
        self.chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: fd >= 0 ? 1 << 17 : 0, alignment: 16)
    }

    deinit {
        prefix.deallocate()
        chunk.deallocate()
        if ownsFD { close(fd) }
    }

    /// The read callback's body: 0 at end of input, -1 on a read error.
    func next(_ out: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        if !prefixSent {
            prefixSent = true
            if prefix.count > 0 {
                out.pointee = UnsafeRawPointer(prefix.baseAddress!)
                delivered += prefix.count
                return prefix.count
            }
        }
        guard fd >= 0 else { hitEOF = true; return 0 }
        while true {
            let n = read(fd, chunk.baseAddress!, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                savedErrno = errno
                return -1
            }
            if n == 0 { hitEOF = true }
            out.pointee = UnsafeRawPointer(chunk.baseAddress!)
            delivered += n
            return n
        }
    }
}

/// Sequential reader of the regular-file entries of a tar bundle. Only tar formats (ustar, pax, GNU, v7)
/// are accepted; gzip, xz and zstd compression (what the writers make) is undone transparently. Every failure — corrupt,
/// truncated (including a missing end-of-archive marker) or foreign input — is an `ArchiveError`.
public final class TarBundleReader {
    private let handle: OpaquePointer
    private let source: ByteSource
    private let label: String
    private var primed: (name: String, size: Int)?  // first entry, read ahead by init
    private var hasPrimed = false
    private var entrySize = 0
    private var entryRead = 0
    private var inEntry = false
    private var atEnd = false
    private var failure: ArchiveError?
    // Checksums (see MemberChecksums): the current member's hash, and those of members read whole.
    private var entryName = ""
    private var hasher = MemberHasher()
    private var digests: [String: String] = [:]
    private var seen: Set<String> = []

    /// Reads the file at `path`; "-" means standard input (fd 0, not closed by the reader).
    public convenience init(path: String) throws {
        if path == "-" {
            try self.init(fd: 0, prefix: [], name: "<stdin>")
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ArchiveError("\(path): cannot open: \(errnoText(errno))") }
        let source = [UInt8]().withUnsafeBytes { ByteSource(prefix: $0, fd: fd, ownsFD: true) }
        try self.init(source: source, label: path)
    }

    /// Reads an archive held in memory. `name` only labels error messages.
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws {
        let source = bytes.withUnsafeBytes { ByteSource(prefix: $0, fd: -1, ownsFD: false) }
        try self.init(source: source, label: name)
    }

    /// Reads `prefix` followed by the rest of `fd` — for a stream whose first bytes were consumed
    /// by format sniffing. The fd is not closed by the reader. `name` only labels error messages.
    public convenience init(fd: Int32, prefix: [UInt8], name: String = "<stdin>") throws {
        let source = prefix.withUnsafeBytes { ByteSource(prefix: $0, fd: fd, ownsFD: false) }
        try self.init(source: source, label: name)
    }

    private init(source: ByteSource, label: String) throws {
        guard let a = lib.archive_read_new() else { throw ArchiveError("\(label): cannot allocate an archive reader") }
        self.handle = a
        self.source = source
        self.label = label
        // Fully initialised: from here deinit releases the handle if we throw.
        // Only the compressions our writers use: the "all" set would also run external programs
        // (lrzip, lzop, grzip, ...) on untrusted input.
        lib.archive_read_support_filter_gzip(a)
        lib.archive_read_support_filter_xz(a)
        lib.archive_read_support_filter_zstd(a)
        lib.archive_read_support_format_tar(a)  // ustar, pax, GNU tar, v7; deliberately no raw/empty
        // Keep reading past the end-of-archive marker to the end of the input: the decompressor then sees
        // its whole stream (xz verifies its checks, a cut-off trailer is noticed), a pipe is drained,
        // and garbage after the archive is an error rather than silently ignored.
        if lib.archive_read_set_format_option(a, "tar", "read_concatenated_archives", "1") != ARCHIVE_OK {
            throw fail()
        }
        let context = Unmanaged.passUnretained(source).toOpaque()
        let rc = lib.archive_read_open(
            a, context, nil,
            { _, context, buffer in
                let src = Unmanaged<ByteSource>.fromOpaque(context!).takeUnretainedValue()
                return la_ssize_t(src.next(buffer!))
            }, nil)
        if rc != ARCHIVE_OK { throw fail() }
        // Read the first header now, so that foreign input is rejected by the initialiser.
        primed = try advance()
        hasPrimed = true
    }

    deinit { lib.archive_read_free(handle) }

    /// Builds (and remembers) the error for the libarchive state right now.
    private func fail(_ override: String? = nil) -> ArchiveError {
        if let failure { return failure }
        let e: ArchiveError
        if let override {
            e = ArchiveError("\(label): \(override)")
        } else if source.savedErrno != 0 {
            e = ArchiveError("\(label): read error: \(errnoText(source.savedErrno))")
        } else if source.delivered == 0 {
            e = ArchiveError("\(label): empty input, not a tar archive")
        } else {
            let message = lib.archive_error_string(handle).map { String(cString: $0) }
            let detail = message ?? "unknown libarchive error"
            let lower = detail.lowercased()
            let unrecognized = lower.contains("unrecognized archive format")
            // Errors that, once libarchive has asked past the end of the input, mean "ran out of input":
            // a cut-off header after a pax header ("Damaged tar archive"), a cut-off gzip trailer (no
            // message at all), an xz stream that stops early ("No progress is possible").
            let starved =
                source.hitEOF
                && (message == nil || lower.contains("damaged tar archive")
                    || lower.contains("no progress"))
            if lower.contains("truncat") || lower.contains("premature end") || lower.contains("unexpected end")
                || starved
            {
                e = ArchiveError("\(label): truncated archive")
            } else if unrecognized {
                let filters = lib.archive_filter_count(handle)
                if filters > 1, let name = lib.archive_filter_name(handle, 0) {
                    e = ArchiveError("\(label): not a tar archive (\(String(cString: name))-compressed data)")
                } else {
                    e = ArchiveError("\(label): not a tar archive")
                }
            } else {
                e = ArchiveError("\(label): corrupt archive (\(detail))")
            }
        }
        failure = e
        return e
    }

    /// Moves to the next regular-file entry (skipping the rest of the current one), or nil at the end.
    private func advance() throws -> (name: String, size: Int)? {
        if let failure { throw failure }
        if atEnd { return nil }
        while true {
            if inEntry {
                inEntry = false
                // Consumes the entry's remaining data and padding, so the position below is the
                // offset where the next header must start.
                if lib.archive_read_data_skip(handle) != ARCHIVE_OK { throw fail() }
            }
            let before = lib.archive_filter_bytes(handle, 0)
            var entry: OpaquePointer?
            let rc = withUTF8CType { lib.archive_read_next_header(handle, &entry) }
            if rc == ARCHIVE_EOF {
                // libarchive also reports EOF when the stream simply stops at a header boundary.
                // A complete archive ends with at least one zero block, which moves the position.
                if lib.archive_filter_bytes(handle, 0) == before { throw fail("truncated archive") }
                atEnd = true
                return nil
            }
            // ARCHIVE_WARN (e.g. a name not representable in the C locale) still yields a usable entry.
            guard rc == ARCHIVE_OK || rc == ARCHIVE_WARN, let entry else { throw fail() }
            inEntry = true
            guard lib.archive_entry_filetype(entry) == MI_AE_IFREG, lib.archive_entry_hardlink(entry) == nil else {
                continue  // directories, links, devices, …: skipped
            }
            guard let cName = withUTF8CType({ lib.archive_entry_pathname_utf8(entry) ?? lib.archive_entry_pathname(entry) }) else {
                throw fail("entry with an unreadable name")
            }
            let size = lib.archive_entry_size(entry)
            guard size >= 0, size <= la_int64_t(Int.max) else { throw fail("entry with an invalid size") }
            entrySize = Int(size)
            entryRead = 0
            entryName = String(cString: cName)
            hasher = MemberHasher()
            seen.insert(entryName)
            if entrySize == 0 { digests[entryName] = hasher.finish() }
            if entryName == MemberChecksums.memberName {
                try verifyChecksums()
                continue
            }
            return (entryName, Int(size))
        }
    }

    /// The next regular-file entry's name and size, skipping directories etc.; nil at the end.
    public func nextEntry() throws -> (name: String, size: Int)? {
        if hasPrimed {
            hasPrimed = false
            return primed
        }
        return try advance()
    }

    /// Reads up to `buffer.count` bytes of the current entry; 0 at the end of the entry (or when no entry
    /// is current). A stream that ends inside the entry throws instead of returning a short read.
    public func readData(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let failure { throw failure }
        guard inEntry, !hasPrimed, buffer.count > 0, entryRead < entrySize else { return 0 }
        let want = min(buffer.count, entrySize - entryRead)
        let n = lib.archive_read_data(handle, buffer.baseAddress!, want)
        if n < 0 { throw fail() }
        if n == 0 { throw fail("truncated archive") }
        hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        entryRead += n
        if entryRead == entrySize { digests[entryName] = hasher.finish() }
        return n
    }

    /// At the SHA256SUMS member: every member it lists must have been seen, and each one read whole
    /// must have that SHA-256. (A member the caller skipped cannot be checked.)
    private func verifyChecksums() throws {
        guard entrySize <= 1 << 24 else { throw fail("\(MemberChecksums.memberName) is implausibly large") }
        let listing = try readAll()
        guard let expected = MemberChecksums.parse(listing) else {
            throw fail("corrupt \(MemberChecksums.memberName) (not in sha256sum format)")
        }
        for (name, digest) in expected {
            guard seen.contains(name) else { throw fail("member \(name) listed in \(MemberChecksums.memberName) is missing") }
            if let got = digests[name], got != digest { throw fail("member \(name) is corrupt (its SHA-256 does not match)") }
        }
        digests = [:]
        seen = []  // a concatenated archive that follows has its own list
    }

    /// The rest of the current entry.
    public func readAll() throws -> [UInt8] {
        if let failure { throw failure }
        guard inEntry, !hasPrimed else { return [] }
        let remaining = entrySize - entryRead
        // The size is the header's word, not the data's: memory grows with what is actually read (at most
        // doubling), so a pax size= of a terabyte in a 3 KB input ends as "truncated", not in malloc.
        var bytes: [UInt8] = []
        while bytes.count < remaining {
            let filled = bytes.count
            let target = min(remaining, max(2 * filled, 1 << 20))
            bytes.append(contentsOf: repeatElement(0, count: target - filled))
            try bytes.withUnsafeMutableBytes { raw in
                var at = filled
                while at < target {
                    let n = try readData(into: UnsafeMutableRawBufferPointer(rebasing: raw[at..<target]))
                    if n == 0 { throw fail("truncated archive") }
                    at += n
                }
            }
        }
        return bytes
    }
}
