// Fuzz target `plain`: plain TSV/CSV tables (no metadata line) with header detection and --dx/--dy,
// --x/--y column selection. Input layout:
//   byte 0      bits 0–2 which of --dx/--dy/--x/--y are given, bits 3–4 the delimiter option
//   line 1      the column lists, "X-LIST|Y-LIST" (used by the modes that take lists)
//   the rest    the table
// Built by scripts/fuzz with -D FUZZING; the replay test (Tests/MIRecordsTests) compiles this same file.

import MIRecords

enum FuzzPlain {
    static func run(_ data: [UInt8]) throws {
        guard let selector = data.first else { return }
        let rest = data.dropFirst()
        let newline = rest.firstIndex(of: 0x0A) ?? rest.endIndex
        let lists = String(decoding: rest[..<newline], as: UTF8.self)
            .split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let table = Array(rest[newline...].dropFirst())
        var o = ReadOptions()
        switch selector & 7 {
        case 1: o.dx = 1
        case 2: o.dx = 1; o.dy = 1
        case 3: o.dy = 2
        case 4: o.xColumns = lists.first; o.yColumns = lists.count > 1 ? lists[1] : nil
        case 5: o.xColumns = lists.first
        case 6: o.yColumns = lists.last
        case 7: o.xColumns = lists.first; o.dx = 2
        default: break
        }
        switch (selector >> 3) & 3 {
        case 1: o.delimiter = Delimiter.comma
        case 2: o.delimiter = Delimiter.whitespace
        case 3: o.delimiter = 0x3B  // ';'
        default: break
        }
        let reader = RecordReader(source: MemorySource(table), options: o)
        while let dataset = try reader.next() { _ = dataset.columnNames }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlainTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = try? FuzzPlain.run(bytes)
    return 0
}
#endif
