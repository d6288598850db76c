// Writing tar bundles: an atomic file writer and an in-memory builder over one libarchive core.

import CArchive
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the compressed bytes go: a file descriptor, or a growing byte array.
/// libarchive reaches it through the write callback with an unretained pointer.
final class ByteDestination {
    let fd: Int32  // -1 → memory
    var bytes: [UInt8] = []
    var savedErrno: Int32 = 0  // first write(2) failure
    var discard = false  // set when abandoning: swallow whatever libarchive still flushes

    init(fd: Int32) { self.fd = fd }

    func accept(_ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        if discard || count == 0 { return count }
        guard let buffer else { return count }
        if fd < 0 {
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: count))
            return count
        }
        var done = 0
        while done < count {
            let n = write(fd, buffer + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                if savedErrno == 0 { savedErrno = errno }
                return -1
            }
            done += n
        }
        return count
    }
}

/// One libarchive write handle configured for reproducible pax_restricted tar output.
final class BundleEncoder {
    private let handle: OpaquePointer
    let destination: ByteDestination
    let label: String
    private var failure: ArchiveError?
    private var closed = false
    private var digests: [(name: String, digest: String)] = []  // SHA-256 of each member added

    init(destination: ByteDestination, compression: ArchiveCompression, label: String) throws {
        guard let a = lib.archive_write_new() else { throw ArchiveError("\(label): cannot allocate an archive writer") }
        self.handle = a
        self.destination = destination
        self.label = label
        // From here on deinit frees the handle if anything below throws.
        try check(lib.archive_write_set_format_pax_restricted(a), "tar format")
        switch compression {
        case .none:
            try check(lib.archive_write_add_filter_none(a), "no compression")
        case .gzip:
            try check(lib.archive_write_add_filter_gzip(a), "gzip")
            try check(lib.archive_write_set_filter_option(a, "gzip", "timestamp", nil), "gzip options")
        case .zstd:
            try check(lib.archive_write_add_filter_zstd(a), "zstd")
            try check(lib.archive_write_set_filter_option(a, "zstd", "compression-level", "3"), "zstd level")
        case .xz:
            try check(lib.archive_write_add_filter_xz(a), "xz")
        }
        // Without this, output to a callback is zero-padded to a 10240-byte block after the compressed
        // stream, which zstd readers reject.
        try check(lib.archive_write_set_bytes_in_last_block(a, 1), "block size")
        let context = Unmanaged.passUnretained(destination).toOpaque()
        try check(
            lib.archive_write_open2(
                a, context, nil,
                { _, context, buffer, length in
                    let dest = Unmanaged<ByteDestination>.fromOpaque(context!).takeUnretainedValue()
                    return la_ssize_t(dest.accept(buffer, length))
                }, nil, nil), "open")
    }

    deinit {
        // If never closed (abandon, or an error), libarchive may still flush: the caller has set
        // `destination.discard` before dropping us when that output must go nowhere.
        lib.archive_write_free(handle)
    }

    private func error(_ what: String) -> ArchiveError {
        if destination.savedErrno != 0 {
            return ArchiveError("\(label): write error: \(errnoText(destination.savedErrno))")
        }
        let detail = lib.archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error"
        return ArchiveError("\(label): \(what): \(detail)")
    }

    private func check(_ rc: Int32, _ what: String) throws {
        if rc != ARCHIVE_OK { throw error(what) }
    }

    func add(name: String, bytes: UnsafeRawBufferPointer) throws {
        guard name != MemberChecksums.memberName else { throw ArchiveError("\(label): \(name) is the bundle's own checksum member") }
        var hasher = MemberHasher()
        hasher.update(bytes)
        try addMember(name: name, bytes: bytes)
        digests.append((name, hasher.finish()))
    }

    private func addMember(name: String, bytes: UnsafeRawBufferPointer) throws {
        if let failure { throw failure }
        if closed { throw ArchiveError("\(label): archive already finished") }
        guard !name.isEmpty else { throw ArchiveError("\(label): empty entry name") }
        guard !name.utf8.contains(0) else { throw ArchiveError("\(label): entry name contains a NUL byte") }
        guard let entry = lib.archive_entry_new() else { throw ArchiveError("\(label): cannot allocate an entry") }
        defer { lib.archive_entry_free(entry) }
        lib.archive_entry_set_pathname_utf8(entry, name)
        lib.archive_entry_set_filetype(entry, MI_AE_IFREG)
        lib.archive_entry_set_perm(entry, 0o644)
        lib.archive_entry_set_size(entry, la_int64_t(bytes.count))  // must precede the header
        lib.archive_entry_set_mtime(entry, 0, 0)
        lib.archive_entry_set_uid(entry, 0)
        lib.archive_entry_set_gid(entry, 0)
        do {
            // ARCHIVE_WARN here would mean a lossy header (e.g. a name that could not be encoded): refuse it.
            try check(withUTF8CType { lib.archive_write_header(handle, entry) }, "entry \(name)")
            var offset = 0
            while offset < bytes.count {
                let n = lib.archive_write_data(handle, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { throw error("entry \(name)") }
                offset += n
            }
        } catch let e as ArchiveError {
            failure = e
            throw e
        }
    }

    /// Writes the checksum member and the end-of-archive marker, and flushes the compressor.
    func finish() throws {
        if let failure { throw failure }
        if closed { return }
        try MemberChecksums.listing(digests).withUnsafeBytes { try addMember(name: MemberChecksums.memberName, bytes: $0) }
        closed = true
        if lib.archive_write_close(handle) != ARCHIVE_OK {
            let e = error("close")
            failure = e
            throw e
        }
    }
}

/// Writes a bundle to `path` through a temporary file in the same directory, renamed onto `path`
/// by `commit()`. Until then `path` is untouched; `abandon()` or deinit removes the temporary file.
/// The path "-" writes straight to standard output (no temporary file; commit just finishes the stream).
public final class TarBundleWriter {
    public let path: String
    private let tempPath: String?
    private var tempSlot = -1  // in TemporaryFiles while the temporary file exists
    private let fd: Int32
    private var encoder: BundleEncoder?
    private var finished = false

    public init(path: String, compression: ArchiveCompression? = nil) throws {
        let filter = compression ?? ArchiveCompression.forPath(path)
        self.path = path
        if path == "-" {
            tempPath = nil
            fd = 1
        } else {
            let base = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
            guard !base.isEmpty, base != ".", base != ".." else {
                throw ArchiveError("\(path): not a file name")
            }
            var st = stat()
            if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                throw ArchiveError("\(path): is a directory")
            }
            TemporaryFiles.removeStale(for: path)
            let temp = TemporaryFiles.temporaryName(for: path).name
            let opened = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard opened >= 0 else {
                throw ArchiveError("\(path): cannot create: \(errnoText(errno))")
            }
            tempPath = temp
            tempSlot = TemporaryFiles.register(temp)
            fd = opened
        }
        do {
            encoder = try BundleEncoder(destination: ByteDestination(fd: fd), compression: filter, label: path)
        } catch {
            discardOutput()
            throw error
        }
    }

    deinit { discardOutput() }

    public func add(name: String, bytes: UnsafeRawBufferPointer) throws {
        guard let encoder, !finished else { throw ArchiveError("\(path): writer already committed or abandoned") }
        try encoder.add(name: name, bytes: bytes)
    }

    public func add(name: String, bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try add(name: name, bytes: $0) }
    }

    /// Finishes the archive, flushes it to disk and atomically renames it onto `path`.
    /// On any failure the temporary file is removed and `path` is left as it was.
    public func commit() throws {
        guard let encoder, !finished else { throw ArchiveError("\(path): writer already committed or abandoned") }
        do {
            try encoder.finish()
        } catch {
            discardOutput()
            throw error
        }
        self.encoder = nil
        finished = true
        guard let tempPath else { return }  // stdout: nothing more to do
        defer { TemporaryFiles.unregister(tempSlot) }
        if fsync(fd) != 0 && errno != EINVAL {
            let code = errno
            close(fd); unlink(tempPath)
            throw ArchiveError("\(path): write error: \(errnoText(code))")
        }
        if close(fd) != 0 {
            let code = errno
            unlink(tempPath)
            throw ArchiveError("\(path): write error: \(errnoText(code))")
        }
        if rename(tempPath, path) != 0 {
            let code = errno
            unlink(tempPath)
            throw ArchiveError("\(path): cannot replace: \(errnoText(code))")
        }
    }

    /// Drops everything written so far; `path` is never touched. Safe to call more than once.
    public func abandon() { discardOutput() }

    private func discardOutput() {
        guard !finished else { return }
        finished = true
        if let encoder {
            encoder.destination.discard = true
            self.encoder = nil  // archive_write_free; any flush goes nowhere
        }
        if let tempPath {
            close(fd)
            unlink(tempPath)
            TemporaryFiles.unregister(tempSlot)
        }
    }
}

/// Builds a bundle in memory: the same entries and bytes as `TarBundleWriter` would write.
public func makeTarBundle(
    _ entries: [(name: String, bytes: [UInt8])],
    compression: ArchiveCompression = .none
) throws -> [UInt8] {
    let destination = ByteDestination(fd: -1)
    let encoder = try BundleEncoder(destination: destination, compression: compression, label: "<memory>")
    for entry in entries {
        try entry.bytes.withUnsafeBytes { try encoder.add(name: entry.name, bytes: $0) }
    }
    try encoder.finish()
    return destination.bytes
}
