// Times the record reader alone on files (no estimation): best of N passes over each file.
//   read-records [--repeat N] FILE...
// Prints a TSV line per file: bytes, data sets, rows, best seconds, MB/s, rows/s.
import Foundation
import MIRecords

var args = Array(CommandLine.arguments.dropFirst())
var repeats = 3
if args.first == "--repeat", args.count > 1, let n = Int(args[1]) { repeats = n; args.removeFirst(2) }
print("file\tbytes\tdatasets\trows\tseconds\tMB_per_s\trows_per_s")
for path in args {
    var best = Double.infinity, rows = 0, sets = 0
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    for _ in 0..<repeats {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { FileHandle.standardError.write(Data("read-records: cannot open \(path)\n".utf8)); exit(1) }
        let start = DispatchTime.now().uptimeNanoseconds
        let reader = RecordReader(source: FileDescriptorSource(fd: fd))
        rows = 0; sets = 0
        do {
            while let d = try reader.next() { rows += d.rows; sets += 1 }
        } catch {
            FileHandle.standardError.write(Data("read-records: \(path): \(error)\n".utf8)); exit(1)
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        close(fd)
    }
    print("\(path)\t\(bytes)\t\(sets)\t\(rows)\t\(String(format: "%.4f", best))\t\(String(format: "%.1f", Double(bytes) / best / 1e6))\t\(String(format: "%.0f", Double(rows) / best))")
}
