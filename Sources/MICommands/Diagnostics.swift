#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// Standard error as coreutils treats it: a diagnostic that cannot be written (stderr closed, a full
/// disk, a reader that went away) is dropped, never a trap. FileHandle.write raises on EPIPE/EBADF,
/// which Swift turns into a crash, so every diagnostic goes through write(2) here.
public enum Stderr {
    /// Longest diagnostic line, in bytes; the rest is cut with a note of how much was left out.
    static let maxLineBytes = 1000

    /// Writes `text` as it is (progress lines carry their own `\r`).
    public static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        bytes.withUnsafeMutableBytes { raw in
            while offset < raw.count {
                let n = systemWrite(2, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }

    /// One line: control characters shown as \xNN, cut to `maxLineBytes`, a newline added.
    public static func line(_ text: String) {
        write(printable(text) + "\n")
    }

    /// `text` with control bytes escaped and at most `maxLineBytes` bytes kept.
    static func printable(_ text: String) -> String {
        var out = ""
        var kept = 0
        var dropped = 0
        for u in text.unicodeScalars {
            let piece: String
            if u.value < 0x20 || u.value == 0x7F {
                piece = "\\x" + String(u.value, radix: 16, uppercase: true).leftPadded(to: 2)
            } else if u.value == 0xFFFD {
                piece = "\\uFFFD"  // a byte that was not UTF-8
            } else {
                piece = String(u)
            }
            let size = piece.utf8.count
            if dropped > 0 || kept + size > maxLineBytes { dropped += size; continue }
            out += piece
            kept += size
        }
        if dropped > 0 { out += "… (\(dropped) more bytes)" }
        return out
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
