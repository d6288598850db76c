// Temporary files that a signal must not leave behind. Every output written "atomically" (a
// hidden temporary name in the same directory, renamed when complete) is registered here while it
// exists; on SIGINT, SIGTERM or SIGHUP the handler unlinks them all and lets the signal end the
// process as it would have (exit status 128 + n). SIGKILL cannot be caught: the temporary file of a
// killed process stays, and `removeStale` clears such leftovers the next time the same output is
// written.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum TemporaryFiles {
    /// Temporary files that can exist at once (each tool has one or two).
    static let capacity = 64
    // Slots hold C strings the handler can pass to unlink(2) (async-signal-safe). A path's string is
    // never freed once published: a handler may be reading it while the slot is being cleared.
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        p.initialize(repeating: nil, count: capacity)
        return p
    }()
    nonisolated(unsafe) private static var lock = pthread_mutex_t()
    nonisolated(unsafe) private static var lockReady: Bool = {
        pthread_mutex_init(&lock, nil); return true
    }()

    /// Registers `path` (just created); returns the slot to pass to `unregister`, or -1 when full.
    public static func register(_ path: String) -> Int {
        _ = lockReady
        pthread_mutex_lock(&lock); defer { pthread_mutex_unlock(&lock) }
        for i in 0..<capacity where slots[i] == nil {
            slots[i] = strdup(path)
            return i
        }
        return -1
    }

    /// The file was renamed or removed: a signal no longer needs to remove it.
    public static func unregister(_ slot: Int) {
        guard slot >= 0 && slot < capacity else { return }
        pthread_mutex_lock(&lock); defer { pthread_mutex_unlock(&lock) }
        slots[slot] = nil  // the string leaks on purpose (see above)
    }

    /// Unlinks every registered file. Only async-signal-safe calls: used by the handler.
    public static func removeAll() {
        for i in 0..<capacity { if let p = slots[i] { unlink(p) } }
    }

    /// The signals that end a tool and must not leave temporary files.
    public static let terminatingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handler for SIGINT, SIGTERM and SIGHUP: remove the temporary files, then die of
    /// the same signal (so the parent sees the usual status).
    public static func installSignalHandlers() {
        for s in terminatingSignals {
            signal(s) { sig in
                TemporaryFiles.removeAll()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    /// The hidden temporary name for `path`: `.NAME.tmp-PID-SUFFIX` in the same directory.
    public static func temporaryName(for path: String) -> (directory: String, name: String) {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[...$0]) } ?? ""  // keeps the trailing "/"
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        return (dir, "\(dir).\(base).tmp-\(getpid())-\(suffix)")
    }

    /// Removes `.NAME.tmp-PID-*` files of `path` left by processes that no longer exist (killed by
    /// SIGKILL or a power cut). Files of live processes are never touched.
    public static func removeStale(for path: String) {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let prefix = ".\(base).tmp-"
        guard let d = opendir(dir.isEmpty ? "/" : dir) else { return }
        defer { closedir(d) }
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix(prefix) else { continue }
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink((dir.isEmpty ? "" : dir + "/") + name) }
        }
    }
}
