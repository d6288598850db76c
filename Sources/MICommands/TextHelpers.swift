// Small string helpers the tools share (Foundation's NSString and CharacterSet versions would bring all
// of Foundation into every tool's start-up).

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace = { (c: Character) in c == " " || c == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

/// The last component of a path: "a/b/c.tsv" → "c.tsv" (trailing slashes ignored).
func fileName(_ path: String) -> String {
    var p = Substring(path)
    while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
    if let slash = p.lastIndex(of: "/"), p.count > 1 { return String(p[p.index(after: slash)...]) }
    return String(p)
}
