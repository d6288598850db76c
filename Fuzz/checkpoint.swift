// Fuzz target `checkpoint`: the safetensors decoder and the checkpoint loader. Byte 0 picks
//   0  the rest is one safetensors file
//   1  the rest is a checkpoint tar
//   2  the rest is [UInt16 LE manifest length][UInt16 LE weights length] manifest weights optimizer,
//      packed into a well-formed tar here (libFuzzer could hardly mutate a tar and keep its checksums),
//      so the fuzzer reaches the manifest and tensor checks
// Built by scripts/fuzz with -D FUZZING; the replay test (Tests/MINeuralTests) compiles this same file.

import MIArchive
import MINeural

enum FuzzCheckpoint {
    static func run(_ data: [UInt8]) throws {
        guard let selector = data.first else { return }
        let rest = Array(data.dropFirst())
        switch selector % 3 {
        case 0:
            _ = try SafeTensors.decode(rest, label: "<fuzz>")
        case 1:
            _ = try Checkpoint.read(bytes: rest, label: "<fuzz>")
        default:
            guard rest.count >= 4 else { return }
            let manifestEnd = min(rest.count, 4 + (Int(rest[0]) | Int(rest[1]) << 8))
            let weightsEnd = min(rest.count, manifestEnd + (Int(rest[2]) | Int(rest[3]) << 8))
            let tar = try makeTarBundle([
                ("manifest.json", Array(rest[4..<manifestEnd])),
                ("weights.safetensors", Array(rest[manifestEnd..<weightsEnd])),
                ("optimizer.safetensors", Array(rest[weightsEnd...]))
            ])
            _ = try Checkpoint.read(bytes: tar, label: "<fuzz>")
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpointTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = try? FuzzCheckpoint.run(bytes)
    return 0
}
#endif
