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
