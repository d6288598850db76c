// A metadata line: `#%mi v1 k=v k=v ...`. Pairs keep their order and
// unknown keys pass through untouched, so filters can annotate a stream
// without losing what upstream tools wrote.

/// The prefix that marks a metadata line (any version).
let metadataMarker: [UInt8] = Array("#%mi".utf8)

public struct Metadata: Sendable, Equatable, CustomStringConvertible {
    /// Ordered pairs. Invariant (kept by `subscript` and `parse`): keys are unique.
    public var pairs: [(key: String, value: String)]

    public init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs.map { (key: $0.0, value: $0.1) }
    }

    /// Get a value; set replaces in place (keeping position) or appends if
    /// new; setting nil removes the key.
    public subscript(key: String) -> String? {
        get { pairs.first(where: { $0.key == key })?.value }
        set {
            let index = pairs.firstIndex(where: { $0.key == key })
            switch (index, newValue) {
            case let (i?, v?): pairs[i].value = v
            case let (i?, nil): pairs.remove(at: i)
            case let (nil, v?): pairs.append((key: key, value: v))
            case (nil, nil): break
            }
        }
    }

    public var keys: [String] { pairs.map(\.key) }

    public static func == (a: Metadata, b: Metadata) -> Bool {
        a.pairs.count == b.pairs.count
            && zip(a.pairs, b.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Parses a full line including the `#%mi v1 ` prefix (a trailing `\r`
    /// or `\n` is tolerated). Errors carry no position; the reader adds one.
    public static func parse(line: some StringProtocol) throws -> Metadata {
        var text = Substring(line)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true)
        guard tokens.first == "#%mi" else {
            throw RecordError("not a metadata line (expected it to start with '#%mi v1')")
        }
        guard tokens.count >= 2 else { throw RecordError("metadata line has no version (expected '#%mi v1')") }
        let version = tokens[1]
        guard version == "v1" else {
            throw RecordError("unsupported stream version \(version) (this reader knows v1)")
        }
        var meta = Metadata()
        for token in tokens.dropFirst(2) {
            guard let eq = token.firstIndex(of: "="), eq != token.startIndex else {
                throw RecordError("malformed metadata pair '\(token)' (expected key=value)")
            }
            guard let key = PercentEncoding.decode(token[..<eq]),
                let value = PercentEncoding.decode(token[token.index(after: eq)...])
            else {
                throw RecordError("bad percent-escape in metadata pair '\(token)'")
            }
            if meta[key] != nil { throw RecordError("duplicate metadata key '\(key)'") }
            meta.pairs.append((key: key, value: value))
        }
        return meta
    }

    /// `#%mi v1 k=v k=v` without a trailing newline. Keys and values are
    /// percent-encoded so the line always parses back to an equal value
    /// (an empty key cannot be represented and will not parse back).
    public func line() -> String {
        var s = "#%mi v1"
        for p in pairs {
            s += " " + PercentEncoding.encode(p.key) + "=" + PercentEncoding.encode(p.value)
        }
        return s
    }

    public var description: String { line() }

    /// A positive integer value for `key`, or nil if absent; a present but
    /// malformed value is an error.
    func positiveInt(_ key: String) throws -> Int? {
        guard let v = self[key] else { return nil }
        guard let n = Int(v), n > 0 else {
            throw RecordError("metadata \(key)='\(v)' is not a positive integer")
        }
        return n
    }
}
