// ArchiveError, ArchiveCompression and format sniffing for MIArchive.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure reading or writing a tar bundle. `description` is a single line that names the file,
/// e.g. "bundle.tar: truncated archive".
public struct ArchiveError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        // Keep messages on one line whatever libarchive or strerror hand back.
        var line = ""
        line.reserveCapacity(description.utf8.count)
        for ch in description { line.append(ch == "\n" || ch == "\r" ? " " : ch) }
        self.description = line
    }
}

/// The compression filter of a bundle. The tar format itself is always pax_restricted.
public enum ArchiveCompression: String, Sendable {
    case none, gzip, zstd, xz

    /// Chooses a filter from the file name: `.tar.zst`/`.tzst` → zstd, `.tar.gz`/`.tgz` → gzip,
    /// `.tar.xz`/`.txz` → xz; anything else (including "-") → none. Case-insensitive.
    public static func forPath(_ path: String) -> ArchiveCompression {
        let p = path.lowercased()
        if p.hasSuffix(".tar.zst") || p.hasSuffix(".tzst") { return .zstd }
        if p.hasSuffix(".tar.gz") || p.hasSuffix(".tgz") { return .gzip }
        if p.hasSuffix(".tar.xz") || p.hasSuffix(".txz") { return .xz }
        return .none
    }
}

/// True when `prefix` (the first ≥ 512 bytes of a stream, or fewer if the stream is shorter) looks like
/// a tar archive (ustar magic at offset 257) or a gzip / zstd / xz compressed stream.
public func looksLikeArchive(_ prefix: [UInt8]) -> Bool {
    func starts(with magic: [UInt8]) -> Bool {
        prefix.count >= magic.count && zip(prefix, magic).allSatisfy { $0 == $1 }
    }
    if starts(with: [0x1F, 0x8B]) { return true }  // gzip
    if starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return true }  // zstd frame
    if starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return true }  // xz
    // POSIX "ustar\0" and GNU "ustar  " both start with these five bytes.
    let ustar: [UInt8] = Array("ustar".utf8)
    if prefix.count >= 257 + ustar.count {
        return prefix[257..<257 + ustar.count].elementsEqual(ustar)
    }
    return false
}

/// strerror as a Swift string.
func errnoText(_ code: Int32) -> String {
    if let s = strerror(code) { return String(cString: s) }
    return "error \(code)"
}

/// A UTF-8 LC_CTYPE locale, made once. libarchive converts entry names between UTF-8 (pax headers) and
/// "the current locale" and caches that charset per archive; in the C locale a non-ASCII name makes the
/// 3.6 pax writer crash (UTF-8-only name) or fall back to a non-portable hdrcharset=BINARY header.
nonisolated(unsafe) private let utf8CTypeLocale: locale_t? = {
    for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
        if let loc = newlocale(LC_CTYPE_MASK, name, nil) { return loc }
    }
    return nil
}()

/// Runs `body` with this thread's LC_CTYPE set to UTF-8 (uselocale is per thread; the previous
/// thread locale is restored). Every libarchive call that creates a handle or converts names goes through it.
func withUTF8CType<T>(_ body: () throws -> T) rethrows -> T {
    guard let loc = utf8CTypeLocale else { return try body() }
    let previous = uselocale(loc)
    defer { uselocale(previous) }
    return try body()
}
