// Fuzz target `tar`: the tar bundle reader (libarchive underneath: any compression filter, tar formats
// only) over an in-memory archive. Entries are read whole, in chunks or skipped, in turn, so all three
// paths through the reader see every kind of entry.
// Built by scripts/fuzz with -D FUZZING; the replay test (Tests/MIArchiveTests) compiles this same file.

import MIArchive

enum FuzzTar {
    static func run(_ data: [UInt8]) throws {
        let reader = try TarBundleReader(bytes: data, name: "<fuzz>")
        var chunk = [UInt8](repeating: 0, count: 4096)
        var index = 0
        while try reader.nextEntry() != nil {
            switch index % 3 {
            case 0:
                _ = try reader.readAll()
            case 1:
                try chunk.withUnsafeMutableBytes { buffer in
                    while try reader.readData(into: buffer) > 0 {}
                }
            default:
                break  // skipped by the next nextEntry()
            }
            index += 1
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTarTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = try? FuzzTar.run(bytes)
    return 0
}
#endif
