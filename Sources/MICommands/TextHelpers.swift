// Path helpers the tools share (Foundation's NSString version would bring all of Foundation into every
// tool's start-up). Trimming is MIRecords' `trimmingBlanks`.

/// The last component of a path: "a/b/c.tsv" → "c.tsv" (trailing slashes ignored).
func fileName(_ path: String) -> String {
    var p = Substring(path)
    while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
    if let slash = p.lastIndex(of: "/"), p.count > 1 { return String(p[p.index(after: slash)...]) }
    return String(p)
}
