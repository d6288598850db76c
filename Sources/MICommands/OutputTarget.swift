import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
import Glibc
#else
import Foundation
#endif
import MIArchive
import MIRecords

/// Where a tool writes: stdout, or a file that appears only when complete (written to a temporary
/// name in the same directory and renamed on `commit`; removed if the tool fails).
final class OutputTarget {
    let sink: FileDescriptorSink
    private let path: String?
    private let temporaryPath: String?
    private let fd: Int32
    private var done = false
    private var slot = -1  // in TemporaryFiles while the temporary file exists

    init(path: String?) throws {
        guard let path, path != "-" else {
            self.path = nil; temporaryPath = nil; fd = 1
            sink = FileDescriptorSink(fd: 1)
            return
        }
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { throw CommandFailure("cannot create \(path): Is a directory") }
        TemporaryFiles.removeStale(for: path)
        let tmp = TemporaryFiles.temporaryName(for: path).name
        let f = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard f >= 0 else { throw CommandFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
        self.path = path; temporaryPath = tmp; fd = f
        slot = TemporaryFiles.register(tmp)
        sink = FileDescriptorSink(fd: f)
    }

    /// Flushes, and for a file renames it onto its final name.
    func commit() throws {
        try sink.flush()
        done = true
        guard let path, let temporaryPath else { return }
        defer { TemporaryFiles.unregister(slot) }
        if fsync(fd) != 0 || close(fd) != 0 {
            unlink(temporaryPath)
            throw CommandFailure("write error: \(path): \(String(cString: strerror(errno)))")
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw CommandFailure("cannot write \(path): \(reason)")
        }
    }

    deinit {
        if !done, let temporaryPath { close(fd); unlink(temporaryPath); TemporaryFiles.unregister(slot) }
    }
}

/// Fails now, before any long work, if `path` could not be written later (no such directory, no
/// permission, a directory in its place): a probe file is created in its directory and removed.
func checkWritable(_ path: String) throws {
    var st = stat()
    if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { throw CommandFailure("cannot write \(path): Is a directory") }
    let probe = TemporaryFiles.temporaryName(for: path).name
    let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
    close(fd)
    unlink(probe)
}

/// A failure of a command itself (not of a library), said to the user as is.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// A -q list: comma-separated levels in [0, 1].
func quantileLevels(_ q: String) throws -> [Double] {
    let parts = q.split(separator: ",", omittingEmptySubsequences: false)
    let ls = parts.compactMap { Double($0.trimmingBlanks()) }
    guard !ls.isEmpty, ls.count == parts.count, ls.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
        throw ValidationError("-q must be a comma-separated list of levels in [0, 1], got '\(q)'")
    }
    return ls
}
