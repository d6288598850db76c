// Errors are values: library code never prints or exits. Every reader
// failure is one line of text that already carries its position
// ("line 12: ...", "byte 1234: ..."), so a CLI can print it verbatim.

/// A malformed stream, a bad option, or an I/O failure while reading.
public struct RecordError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    /// "line N: message" — text positions are 1-based line numbers.
    static func line(_ line: Int, _ message: String) -> RecordError {
        RecordError("line \(line): \(message)")
    }

    /// Input bytes quoted in a message: at most `limit` of them and a note of how many were left out
    /// (a 10 MB field must not become a 10 MB error line). Control bytes are escaped where messages
    /// are printed (the tools' one stderr writer), not here.
    public static func excerpt(_ bytes: some Collection<UInt8>, limit: Int = 40) -> String {
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self)
        return bytes.count > limit ? text + "… (\(bytes.count) bytes)" : text
    }

    /// "byte N: message" — binary positions are 0-based absolute byte offsets.
    static func byte(_ offset: Int, _ message: String) -> RecordError {
        RecordError("byte \(offset): \(message)")
    }
}

/// Failures of a `ByteSink`. `brokenPipe` is separate so a filter can exit
/// quietly when its reader goes away (e.g. `mi ... | head`).
public enum WriteError: Error, Equatable, Sendable {
    case brokenPipe
    case failed(String)
}
